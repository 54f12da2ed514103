/**
 * The console's one connection to the API: Apollo Client and the `me` query. Loaded with the signed-in
 * console (Console.tsx) or when a key is submitted, never by the sign-in page's first paint: Apollo and
 * the typed documents stay out of the entry chunk.
 */
import { createHubClient, isUnauthenticated } from './apolloClient';
import { MeDocument } from './graphql/generated';
import type { HubConnection } from './session';

// The client outlives renders; its UNAUTHENTICATED handler reaches the current session through this.
export const endSession: { current: () => void } = { current: () => undefined };

const client = createHubClient(() => endSession.current());

export const hub: HubConnection = {
  client,
  isUnauthenticated,
  async fetchCaller() {
    const { data } = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
    if (!data) throw new Error('no caller');
    return data.me;
  },
};
