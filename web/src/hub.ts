/**
 * The console's one connection to the API: Apollo Client and the `me` query. Loaded with the signed-in
 * console (Console.tsx) or when a key is submitted, never by the sign-in page's first paint: Apollo and
 * the typed documents stay out of the entry chunk.
 */
import { createHubClient, isUnauthenticated, PREFETCH } from './apolloClient';
import { FlagQueueDocument, MeDocument } from './graphql/generated';
import { FIRST_QUEUE_PAGE, firstQueuePageAnswered } from './queue';
import type { HubConnection } from './session';

// The client outlives renders; its UNAUTHENTICATED handler reaches the current session through this.
export const endSession: { current: () => void } = { current: () => undefined };

const client = createHubClient(() => endSession.current());

export const hub: HubConnection = {
  client,
  isUnauthenticated,
  async fetchCaller() {
    // a steward lands on the queue: its first page is asked for beside `me`, and the queue's own query
    // joins it (in flight) or reads it (cached). A key that may not read flags gets an error, dropped
    // here; a rejected key is told by `me`, not by this (PREFETCH keeps it from ending the session).
    void client.query({ query: FlagQueueDocument, variables: FIRST_QUEUE_PAGE, context: { [PREFETCH]: true } }).then(firstQueuePageAnswered, () => undefined);
    const { data } = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    if (!data) throw new Error('no caller');
    return data.me;
  },
};
