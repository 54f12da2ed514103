/**
 * The console's one connection to the API: Apollo Client and the `me` query. Loaded with the signed-in
 * console (Console.tsx) or when a key is submitted, never by the sign-in page's first paint: Apollo and
 * the typed documents stay out of the entry chunk.
 */
import { createHubClient, isUnauthenticated, PREFETCH } from './apolloClient';
import { DashboardPageDocument, FlagQueueDocument, MeDocument } from './graphql/generated';
import { dashboardPageVariables, FIRST_QUEUE_PAGE, firstPageAsked } from './firstPages';
import { permissionsOf, type HubConnection } from './session';

// The client outlives renders; its UNAUTHENTICATED handler reaches the current session through this.
export const endSession: { current: () => void } = { current: () => undefined };

const client = createHubClient(() => endSession.current());

export const hub: HubConnection = {
  client,
  isUnauthenticated,
  async fetchCaller() {
    // the caller's first page is asked for as soon as `me` tells the role (Console.tsx: a steward lands
    // on the queue, another role on the dashboard), not once the page's code has loaded; the page's own
    // query joins it (in flight) or reads it (cached). Its error is the page's to report (PREFETCH keeps
    // it from ending the session); a rejected key is told by `me`.
    const { data } = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    if (!data) throw new Error('no caller');
    const may = permissionsOf(data.me.role, data.me.agency.streams);
    const context = { [PREFETCH]: true };
    if (may.act) {
      firstPageAsked('queue');
      void client.query({ query: FlagQueueDocument, variables: FIRST_QUEUE_PAGE, context }).catch(() => undefined);
    } else {
      firstPageAsked('dashboard');
      void client.query({ query: DashboardPageDocument, variables: dashboardPageVariables(null, may), context }).catch(() => undefined);
    }
    return data.me;
  },
};
