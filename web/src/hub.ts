/**
 * The console's one connection to the API: Apollo Client and the `me` query. Loaded with the signed-in
 * console (Console.tsx) or when a key is submitted, never by the sign-in page's first paint: Apollo and
 * the typed documents stay out of the entry chunk.
 */
import { createHubClient, isUnauthenticated, PREFETCH } from './apolloClient';
import { DashboardPageDocument, FlagQueueDocument, MeDocument } from './graphql/generated';
import { dashboardPageVariables, FIRST_QUEUE_PAGE, firstPageAnswered } from './firstPages';
import { permissionsOf, type HubConnection } from './session';

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
    void client.query({ query: FlagQueueDocument, variables: FIRST_QUEUE_PAGE, context: { [PREFETCH]: true } }).then(() => firstPageAnswered('queue'), () => undefined);
    const { data } = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    if (!data) throw new Error('no caller');
    // another role lands on the dashboard (Console.tsx): its first request leaves now, not once the
    // page's code has loaded, and the page joins or reads it likewise
    const may = permissionsOf(data.me.role, data.me.agency.streams);
    if (!may.act) {
      void client.query({ query: DashboardPageDocument, variables: dashboardPageVariables(null, may), context: { [PREFETCH]: true } }).then(() => firstPageAnswered('dashboard'), () => undefined);
    }
    return data.me;
  },
};
