import { createElement, lazy, useState, type ComponentType } from 'react';

/** A chunk's loader that keeps the module once loaded (a load that failed is tried again on the next call). */
export interface Chunk<M> {
  (): Promise<M>;
  loaded: M | null;
}

function chunk<M>(load: () => Promise<M>): Chunk<M> {
  let pending: Promise<M> | null = null;
  const get = (() =>
    (pending ??= load().then(
      (module) => (get.loaded = module),
      (error: unknown) => {
        pending = null;
        throw error;
      },
    ))) as Chunk<M>;
  get.loaded = null;
  return get;
}

/**
 * The signed-in console, its pages and the charts, one chunk each (App.tsx loads the console's, Console.tsx a page's
 * when it is first opened). Loading the chunks a reader is likely to open next while the browser is idle
 * makes opening a page wait for its data, not for its code.
 */
export const PAGE_CHUNKS = {
  console: chunk(() => import('./Console')),
  queue: chunk(() => import('./pages/FlagQueuePage')),
  flag: chunk(() => import('./pages/FlagDetailPage')),
  dashboard: chunk(() => import('./pages/DashboardPage')),
  quarantine: chunk(() => import('./pages/QuarantinePage')),
  cases: chunk(() => import('./pages/ResolutionCasesPage')),
  case: chunk(() => import('./pages/ResolutionCasePage')),
  tolerances: chunk(() => import('./pages/TolerancesPage')),
  completeness: chunk(() => import('./pages/CompletenessPage')),
  // ECharts, for the dashboard and the calendar: loaded last, so a page that draws a chart finds it loaded
  chart: chunk(() => import('./components/EChart')),
};

/**
 * A component from a chunk: React.lazy while the chunk loads, the component itself once it has loaded
 * (prefetched). A lazy component suspends on its first render even when its chunk is there, and React
 * then holds the revealed page back by its fallback throttle (300 ms).
 */
export function lazyChunk<M, P extends object>(load: Chunk<M>, pick: (module: M) => ComponentType<P>): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: pick(await load()) }));
  return function ChunkComponent(props: P) {
    // fixed for the mount: turning from the lazy component to the loaded one would mount the page again
    const [Component] = useState<ComponentType<P>>(() => (load.loaded ? pick(load.loaded) : Lazy));
    return createElement(Component, props);
  };
}

export type PageName = keyof typeof PAGE_CHUNKS;

/**
 * Loads these pages' chunks one at a time, each when the browser is idle (a chunk that fails to load is
 * loaded again when its page opens); the returned function stops what has not started.
 */
export function prefetchPages(pages: readonly PageName[]): () => void {
  const pending = pages.map((page) => PAGE_CHUNKS[page]);
  const hasIdle = typeof window.requestIdleCallback === 'function';
  let handle: number | null = null;
  const idle = (next: () => void) => {
    // no deadline: a chunk loads only when the reader leaves the browser idle, never in the middle of a page's work
    handle = hasIdle ? window.requestIdleCallback(next) : window.setTimeout(next, 200);
  };
  const loadNext = () => {
    const load = pending.shift();
    if (load) void load().then(() => idle(loadNext), () => idle(loadNext));
  };
  idle(loadNext);
  return () => {
    pending.length = 0;
    if (handle === null) return;
    if (hasIdle) window.cancelIdleCallback(handle);
    else window.clearTimeout(handle);
  };
}
