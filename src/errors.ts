/**
 * The one error base of the hub: every error the hub throws on purpose is a `CodedError` with a `code`
 * that says what happened, whichever layer threw it (config, store, ingest, reconcile, connectors). The API
 * answers each code with one client code (`API_CODE`, applied by src/graphql/server.ts `formatError`), so a
 * resolver that lets a domain error through still gives the client its code, not INTERNAL_SERVER_ERROR.
 */

/** The codes a GraphQL client sees in `extensions.code`. */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'COST_LIMIT_EXCEEDED'
  | 'DEADLINE_EXCEEDED'
  | 'PAYLOAD_TOO_LARGE'
  | 'OPERATION_NOT_TRUSTED'
  | 'INTERNAL_SERVER_ERROR';

/** Codes of the layers below the API; each maps to an ApiErrorCode. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'SYNC_LOCKED'
  | 'LOCK_LOST'
  | 'LOCK_TIMEOUT'
  | 'CONFIG_INVALID'
  | 'MISSING_BINARY'
  | 'MAPPING_FAILED'
  | 'FILE_ENCODING'
  | 'SOURCE_TRANSIENT'
  | 'SOURCE_UNAVAILABLE'
  | 'SOURCE_AUTH'
  | 'SOURCE_RESPONSE'
  | 'SOURCE_STATE'
  | 'SOURCE_CONFIG'
  | 'WEBHOOK_PRIVATE_TARGET';

export const API_CODE: Readonly<Record<ErrorCode, ApiErrorCode>> = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  // another process holds the sync or the lease: the caller may try again
  SYNC_LOCKED: 'CONFLICT',
  LOCK_LOST: 'CONFLICT',
  LOCK_TIMEOUT: 'CONFLICT',
  // faults of the hub's set-up, data or sources (resolvers never call a source): masked and logged like
  // any unexpected error
  SOURCE_TRANSIENT: 'INTERNAL_SERVER_ERROR',
  SOURCE_UNAVAILABLE: 'INTERNAL_SERVER_ERROR',
  CONFIG_INVALID: 'INTERNAL_SERVER_ERROR',
  MISSING_BINARY: 'INTERNAL_SERVER_ERROR',
  MAPPING_FAILED: 'INTERNAL_SERVER_ERROR',
  FILE_ENCODING: 'INTERNAL_SERVER_ERROR',
  SOURCE_AUTH: 'INTERNAL_SERVER_ERROR',
  SOURCE_RESPONSE: 'INTERNAL_SERVER_ERROR',
  SOURCE_STATE: 'INTERNAL_SERVER_ERROR',
  SOURCE_CONFIG: 'INTERNAL_SERVER_ERROR',
  // a delivery refused at connect time: the partner's receiver resolves to a private address
  WEBHOOK_PRIVATE_TARGET: 'INTERNAL_SERVER_ERROR',
};

export abstract class CodedError extends Error {
  abstract readonly code: ErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
