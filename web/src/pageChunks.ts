/**
 * The console's pages, one chunk each (App.tsx loads a page's chunk when it is first opened). Loading the
 * chunks a reader is likely to open next while the browser is idle makes opening a page wait for its data,
 * not for its code.
 */
export const PAGE_CHUNKS = {
  queue: () => import('./pages/FlagQueuePage'),
  flag: () => import('./pages/FlagDetailPage'),
  dashboard: () => import('./pages/DashboardPage'),
  quarantine: () => import('./pages/QuarantinePage'),
  cases: () => import('./pages/ResolutionCasesPage'),
  case: () => import('./pages/ResolutionCasePage'),
  tolerances: () => import('./pages/TolerancesPage'),
  completeness: () => import('./pages/CompletenessPage'),
};

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
