/**
 * What the flag queue asks for when it opens without a filter in its address: shared by the queue page
 * and the sign-in, which asks for the same page beside `me` (hub.ts) so a steward's first page does not
 * wait for `me` and then for the console's code before its query leaves.
 */
import type { FlagFilter, FlagQueueQueryVariables } from './graphql/generated';

export const DEFAULT_FLAG_FILTER: FlagFilter = { status: ['OPEN', 'ACKNOWLEDGED'] };

/** Flags per page of the queue. */
export const QUEUE_PAGE_SIZE = 50;

export const FIRST_QUEUE_PAGE: FlagQueueQueryVariables = { filter: DEFAULT_FLAG_FILTER, first: QUEUE_PAGE_SIZE, after: null };

/** When the sign-in's ask for the first page last answered (ms since the epoch; 0: not since it was used). */
const firstPageAnswered = { at: 0 };

/** Recorded by the sign-in when its first page answered. */
export function firstQueuePageAnswered(): void {
  firstPageAnswered.at = Date.now();
}

/**
 * Whether the queue's first page may come from the cache alone: the sign-in just asked for it (so a
 * second ask, cache-and-network's, would only repeat it). True once per sign-in.
 */
export function takeFirstQueuePage(): boolean {
  const fresh = Date.now() - firstPageAnswered.at < 10_000;
  firstPageAnswered.at = 0;
  return fresh;
}
