/**
 * Errors a connector throws. Record-level problems are never thrown: they travel as rejects in a batch
 * (contract.ts). What is thrown here stops the read of a stream, and its `code` tells the sync engine
 * whether trying again later can help (`retryable`) or a person must act (credentials, config, state).
 */
import { CodedError } from '../src/errors';

export type ConnectorErrorCode =
  | 'SOURCE_UNAVAILABLE'
  | 'SOURCE_AUTH'
  | 'SOURCE_RESPONSE'
  | 'SOURCE_STATE'
  | 'SOURCE_CONFIG';

export abstract class ConnectorError extends CodedError {
  abstract override readonly code: ConnectorErrorCode;
  abstract readonly retryable: boolean;
  constructor(
    readonly sourceId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`[${sourceId}] ${message}`, options);
  }
}

/** The source cannot be reached now: circuit open, or every retry of a request failed. Try later. */
export class SourceUnavailableError extends ConnectorError {
  readonly code = 'SOURCE_UNAVAILABLE';
  readonly retryable = true;
  constructor(
    sourceId: string,
    readonly reason: 'circuit-open' | 'retries-exhausted',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(sourceId, message, options);
  }
}

/** Credentials refused (after the one refresh/re-sign the protocol allows). Needs a person. */
export class SourceAuthError extends ConnectorError {
  readonly code = 'SOURCE_AUTH';
  readonly retryable = false;
}

/** The source answered, but not as its spec says (bad envelope, error code, unexpected status). */
export class SourceResponseError extends ConnectorError {
  readonly code = 'SOURCE_RESPONSE';
  readonly retryable = false;
  constructor(
    sourceId: string,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(sourceId, message, options);
  }
}

/** The saved state handed to read() does not have this connector's state shape. */
export class SourceStateError extends ConnectorError {
  readonly code = 'SOURCE_STATE';
  readonly retryable = false;
}

/** The connector is misconfigured (missing URL or credential, unknown stream). */
export class SourceConfigError extends ConnectorError {
  readonly code = 'SOURCE_CONFIG';
  readonly retryable = false;
}
