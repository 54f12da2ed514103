/**
 * What a role's first page asks for when it opens with nothing in its address: shared by the pages and
 * the sign-in, which asks for the same data as soon as `me` tells the role (hub.ts), so the first page
 * does not wait for the console's code before its query leaves. A steward lands on the flag queue,
 * another role on the dashboard.
 */
import type { DashboardPageQueryVariables, FlagFilter, FlagQueueQueryVariables } from './graphql/generated';
import type { Permissions } from './session';

export const DEFAULT_FLAG_FILTER: FlagFilter = { status: ['OPEN', 'ACKNOWLEDGED'] };

/** Flags per page of the queue. */
export const QUEUE_PAGE_SIZE = 50;

export const FIRST_QUEUE_PAGE: FlagQueueQueryVariables = { filter: DEFAULT_FLAG_FILTER, first: QUEUE_PAGE_SIZE, after: null };

/** The dashboard's Sankey streams, with the party measure each one's top parties rank by. */
export const FLOW_STREAMS = ['industrial-hw', 'industrial-general', 'household', 'construction', 'medical'] as const;
export const TOP_PARTIES: Record<(typeof FLOW_STREAMS)[number], { stream: string; measure: string }> = {
  'industrial-hw': { stream: 'industrial', measure: 'HW_GENERATED' },
  'industrial-general': { stream: 'industrial', measure: 'GENERAL_GENERATED' },
  household: { stream: 'household', measure: 'COLLECTED' },
  construction: { stream: 'construction', measure: 'HAULED' },
  medical: { stream: 'medical', measure: 'HANDED_OVER' },
};
export const DEFAULT_STREAM = FLOW_STREAMS[0];

/** The dashboard's one request for `month` (null: the API's default month and its year). */
export function dashboardPageVariables(month: string | null, may: Pick<Permissions, 'readParties'>): DashboardPageQueryVariables {
  return {
    year: month?.slice(0, 4) ?? null,
    month,
    stream: DEFAULT_STREAM,
    partyStream: TOP_PARTIES[DEFAULT_STREAM].stream,
    measure: TOP_PARTIES[DEFAULT_STREAM].measure,
    withParties: may.readParties,
  };
}

export type FirstPage = 'queue' | 'dashboard';

/** When the sign-in last asked for each first page (ms since the epoch; absent: not since it was used). */
const asked = new Map<FirstPage, number>();

/** Recorded by the sign-in as it sends its ask for `page`. */
export function firstPageAsked(page: FirstPage): void {
  asked.set(page, Date.now());
}

/**
 * Whether `page`'s first data may come from the cache alone: the sign-in just asked for it, so a second
 * ask, cache-and-network's, would only repeat it. The ask may still be in flight when the page mounts: a
 * cache-first query joins it (Apollo deduplicates identical queries in flight), and one that failed is
 * sent again. Marked when sent, not when answered: a page that mounted while the ask was in flight and
 * subscribed after it answered sent a second request. True once per sign-in.
 */
export function takeFirstPage(page: FirstPage): boolean {
  const fresh = Date.now() - (asked.get(page) ?? 0) < 10_000;
  asked.delete(page);
  return fresh;
}
