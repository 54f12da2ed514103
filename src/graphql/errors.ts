/**
 * The one error hierarchy of the API. Every error a client sees carries `extensions.code`; unexpected
 * errors are masked as INTERNAL_SERVER_ERROR (logged with their stack, never shown).
 */
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { ApiErrorCode } from '../errors';

/** The client codes (src/errors.ts: the hub's other errors map to them). */
export type ErrorCode = ApiErrorCode;

export class HubError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
}

/** The HTTP status an error that stops a whole request answers with (Apollo reads `extensions.http`, never shows it). */
export function withHttpStatus<E extends GraphQLError>(error: E, status: number, headers: Record<string, string> = {}): E {
  const head = new HeaderMap(Object.entries(headers));
  Object.assign(error.extensions, { http: { status, headers: head } });
  return error;
}

export const ECHO_LIMIT = 80;
/** A caller's input as an error message quotes it: at most ECHO_LIMIT characters, so errors never echo megabytes. */
export function echo(input: unknown, limit = ECHO_LIMIT): string {
  const text = typeof input === 'string' ? input : JSON.stringify(input) ?? String(input);
  return text.length <= limit ? text : `${text.slice(0, limit)}… (${text.length} characters)`;
}

export const unauthenticated = (message = 'An API key is required: send it as `Authorization: Bearer <key>`') =>
  new HubError('UNAUTHENTICATED', message);
export const forbidden = (message: string) => new HubError('FORBIDDEN', message);
export const badInput = (message: string, field?: string) =>
  new HubError('BAD_USER_INPUT', message, field ? { field } : {});
export const notFound = (what: string, id: string) => new HubError('NOT_FOUND', `${what} ${id} does not exist`, { id });
export const conflict = (message: string) => new HubError('CONFLICT', message);
