/** The Apollo Server: schema, error masking with codes, operation metrics, depth limit, introspection policy. */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import type { Config } from '../config';
import { childLogger } from '../infra/log';
import { graphqlOperations } from '../infra/metrics';
import type { GraphQLContext } from './context';
import { unauthenticated } from './errors';
import { depthLimit } from './limits';
import { buildSchema } from './schema';

const log = childLogger('graphql');

const operationMetrics: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ operationName, errors }) {
        graphqlOperations.inc({ operation: operationName ?? 'anonymous', outcome: errors?.length ? 'error' : 'ok' });
      },
    };
  },
};

/** In production, anonymous callers may not introspect the schema (DESIGN §7, protection). */
const introspectionPolicy = (production: boolean): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, document }) {
        if (!production || contextValue.caller) return;
        const text = JSON.stringify(document);
        if (text.includes('"__schema"') || text.includes('"__type"')) throw unauthenticated('Introspection requires an API key');
      },
    };
  },
});

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  log.error({ err: unwrapResolverError(error) }, 'unexpected error in a resolver');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export function createApolloServer(config: Pick<Config, 'NODE_ENV' | 'API_MAX_DEPTH'>): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema: buildSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit(config.API_MAX_DEPTH)],
    plugins: [operationMetrics, introspectionPolicy(config.NODE_ENV === 'production')],
  });
}
