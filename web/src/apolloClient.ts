/**
 * The console's Apollo Client: same-origin /graphql, the session's key on every request, and one place
 * that turns an UNAUTHENTICATED answer (expired or revoked key) into the end of the session.
 */
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError, type FieldMergeFunction, type Reference, type StoreObject, type TypePolicies } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { keyStore } from './keyStore';

export function isUnauthenticated(error: unknown): boolean {
  if (CombinedGraphQLErrors.is(error)) return error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
  // The hub answers an unknown or revoked key with HTTP 401 before GraphQL runs.
  if (ServerError.is(error)) return error.statusCode === 401;
  return false;
}

/**
 * A flag's evidence, its sides and its subject have no id of their own: the flag page reads them in three
 * queries with different fields (FlagDetail, FlagProvenance, FlagSideRecords) and the queue in a fourth.
 * Replaced whole, each answer dropped the others' fields, which Apollo then asked the API for again (the
 * flag page sent each query two or three times). Merged, side by side, each answer adds its fields.
 */
const mergeSidesByIndex: FieldMergeFunction<Reference[] | StoreObject[]> = (existing, incoming, { mergeObjects }) =>
  incoming.map((side, i) => (existing?.[i] ? mergeObjects(existing[i]!, side) : side)) as Reference[] | StoreObject[];

export const TYPE_POLICIES: TypePolicies = {
  Flag: { fields: { evidence: { merge: true }, subject: { merge: true } } },
  FlagEvidence: { fields: { sides: { merge: mergeSidesByIndex } } },
};

/** Context flag of a query asked for ahead of its page: its failure is the page's to report, not the session's. */
export const PREFETCH = 'prefetch';

export function createHubClient(onUnauthenticated: () => void, uri = '/graphql'): ApolloClient {
  const auth = new SetContextLink((previous) => {
    const key = keyStore.get();
    return { headers: { ...previous.headers, ...(key ? { authorization: `Bearer ${key}` } : {}) } };
  });
  const sessionEnd = new ErrorLink(({ error, operation }) => {
    if (isUnauthenticated(error) && !operation.getContext()[PREFETCH]) onUnauthenticated();
  });
  return new ApolloClient({
    link: ApolloLink.from([sessionEnd, auth, new HttpLink({ uri })]),
    cache: new InMemoryCache({ typePolicies: TYPE_POLICIES }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
