/**
 * The one error hierarchy of the API. Every error a client sees carries `extensions.code`; unexpected
 * errors are masked as INTERNAL_SERVER_ERROR (logged with their stack, never shown).
 */
import { GraphQLError } from 'graphql';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

export class HubError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

export const unauthenticated = (message = 'An API key is required: send it as `Authorization: Bearer <key>`') =>
  new HubError('UNAUTHENTICATED', message);
export const forbidden = (message: string) => new HubError('FORBIDDEN', message);
export const badInput = (message: string, field?: string) =>
  new HubError('BAD_USER_INPUT', message, field ? { field } : {});
export const notFound = (what: string, id: string) => new HubError('NOT_FOUND', `${what} ${id} does not exist`, { id });
export const conflict = (message: string) => new HubError('CONFLICT', message);
