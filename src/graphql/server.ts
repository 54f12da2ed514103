/**
 * The Apollo Server: schema, error masking with codes, operation metrics, the operation's shape and cost
 * limits, each key's cost budget, the execution deadline's error, introspection policy.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { visit, type DocumentNode, type GraphQLFormattedError, type OperationDefinitionNode } from 'graphql';
import type { Redis } from 'ioredis';
import { isTrustedOperation, operationHash } from '../auth/trustedOperations';
import type { Config } from '../config';
import { API_CODE, CodedError } from '../errors';
import { childLogger } from '../infra/log';
import { graphqlOperations } from '../infra/metrics';
import type { GraphQLContext } from './context';
import { operationCost } from './cost';
import { DEADLINE_MESSAGE, isMaxTimeExpired } from './deadline';
import { badInput, HubError, unauthenticated, withHttpStatus } from './errors';
import { MinuteLimiter, operationShapeRules, rateLimitHeaders } from './limits';
import { buildSchema } from './schema';

const log = childLogger('graphql');

/**
 * The metrics label of an operation: its first root field (a name the schema defines, so the series are
 * bounded), `+` when it selects several; never the client's operation name, which anyone may invent.
 */
export function operationLabel(operation: OperationDefinitionNode | undefined): string {
  if (!operation) return 'other';
  const roots = operation.selectionSet.selections.filter((s) => s.kind === 'Field');
  const first = roots[0];
  if (!first || first.kind !== 'Field') return 'other';
  return `${operation.operation}.${first.name.value}${roots.length > 1 ? '+' : ''}`;
}

const operationMetrics: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ operation, errors }) {
        graphqlOperations.inc({ operation: operationLabel(operation), outcome: errors?.length ? 'error' : 'ok' });
      },
    };
  },
};

export type CostLimits = Pick<Config, 'API_MAX_COST' | 'API_COST_BUDGET_PER_MINUTE' | 'API_MAX_PAGE_SIZE' | 'API_MAX_STRING_LENGTH'>;

/** The longest string in the operation's literals and variables. */
function longestString(document: DocumentNode, variables: unknown): number {
  let longest = 0;
  visit(document, { StringValue: (node) => void (longest = Math.max(longest, node.value.length)) });
  const walk = (value: unknown): void => {
    if (typeof value === 'string') longest = Math.max(longest, value.length);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(variables);
  return longest;
}

/** Refuses an operation costing more than API_MAX_COST, and charges its cost to the key's budget per minute. */
const costControl = (limits: CostLimits, budget: MinuteLimiter | null): ApolloServerPlugin<GraphQLContext> => ({
  async requestDidStart() {
    return {
      async didResolveOperation({ schema, document, operation, request, contextValue }) {
        if (!operation) return;
        const longest = longestString(document, request.variables);
        if (longest > limits.API_MAX_STRING_LENGTH) {
          throw withHttpStatus(badInput(`a string argument has ${longest} characters; at most ${limits.API_MAX_STRING_LENGTH} are accepted (API_MAX_STRING_LENGTH)`), 400);
        }
        const cost = operationCost(schema, document, operation, request.variables ?? {}, limits.API_MAX_PAGE_SIZE);
        if (cost > limits.API_MAX_COST) {
          throw withHttpStatus(
            new HubError('COST_LIMIT_EXCEEDED', `The operation costs ${cost}, more than the ${limits.API_MAX_COST} one request may cost (API_MAX_COST): ask for smaller pages, fewer aliases or fewer counts`, { cost, maxCost: limits.API_MAX_COST }),
            400,
          );
        }
        if (!budget) return;
        const payer = contextValue.caller ? `key:${contextValue.caller.keyId}` : `address:${contextValue.clientAddress}`;
        const decision = await budget.take(payer, cost);
        if (!decision.allowed) {
          throw withHttpStatus(
            new HubError('RATE_LIMITED', `Cost budget of ${budget.perMinute} per minute spent (API_COST_BUDGET_PER_MINUTE); this operation costs ${cost}; retry in ${decision.resetSeconds} s`, { cost, retryAfterSeconds: decision.resetSeconds }),
            429,
            rateLimitHeaders(decision),
          );
        }
      },
    };
  },
});

/** A `trustedOnly` key runs registered operations only (auth/trustedOperations.ts), matched by exact text. */
const trustedDocuments: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, contextValue }) {
        if (!contextValue.caller?.trustedOnly) return;
        if (request.query && (await isTrustedOperation(request.query))) return;
        throw withHttpStatus(
          new HubError('OPERATION_NOT_TRUSTED', `this key runs registered operations only; operation ${operationHash(request.query ?? '')} is not registered (ask an ADMIN: registerTrustedOperation)`),
          403,
        );
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
  // the server stopped a query at the request's maxTimeMS: the deadline, not a fault
  if (isMaxTimeExpired(unwrapResolverError(error))) {
    return { message: DEADLINE_MESSAGE, path: formatted.path, extensions: { code: 'DEADLINE_EXCEEDED' } };
  }
  const code = formatted.extensions?.code;
  if (code && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  // one of the hub's own errors a resolver let through: its code says what the client sees
  const original = unwrapResolverError(error);
  if (original instanceof CodedError && API_CODE[original.code] !== 'INTERNAL_SERVER_ERROR') {
    return { message: original.message, path: formatted.path, extensions: { code: API_CODE[original.code] } };
  }
  log.error({ err: unwrapResolverError(error) }, 'unexpected error in a resolver');
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export type ApiLimits = Pick<Config, 'NODE_ENV' | 'API_MAX_DEPTH' | 'API_MAX_ALIASES' | 'API_MAX_DIRECTIVES' | 'API_MAX_TOKENS'> & CostLimits;

/** `redis` carries the per-key cost budgets; without it (unit tests) only the per-request limits apply. */
export function createApolloServer(config: ApiLimits, redis?: Redis): ApolloServer<GraphQLContext> {
  const shape = operationShapeRules(config);
  const budget = redis ? new MinuteLimiter(redis, 'cost', config.API_COST_BUDGET_PER_MINUTE) : null;
  return new ApolloServer<GraphQLContext>({
    schema: buildSchema(),
    formatError,
    includeStacktraceInErrorResponses: false,
    // one operation per request: a batch would multiply every per-request limit
    allowBatchedHttpRequests: false,
    // keys travel in the Authorization header, never in cookies, so a cross-site page cannot send a
    // request with the caller's credentials: no CSRF to prevent, and plain GETs stay spec-conformant
    csrfPrevention: false,
    parseOptions: { maxTokens: config.API_MAX_TOKENS },
    validationRules: shape.validationRules,
    plugins: [...shape.plugins, operationMetrics, trustedDocuments, costControl(config, budget), introspectionPolicy(config.NODE_ENV === 'production')],
  });
}
