/**
 * What every connector provides (DESIGN §3; modelled on Airbyte's spec/check/discover/read and Singer's
 * "bookmark only after commit" rule, shared/anchors/peers.md C1–C2).
 *
 * - `streams` is the catalogue (Airbyte discover): each stream's primary key, cursor kind and the zod
 *   schema of its record layout.
 * - `check()` tests connectivity and credentials without reading data.
 * - `read(stream, state, options)` yields batches. Each batch carries the records it read, the records it
 *   could not parse (rejects, never dropped) and the state to save *after* the batch has been stored.
 *   A batch's state only covers what that batch contains, so a crash between batches resumes without
 *   losing or repeating a record.
 *
 * Connectors only read and validate; mapping source records to the unified model is done downstream.
 */
import type { z } from 'zod';
import type { RecordLimits } from './limits';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** How a stream knows where it left off. */
export type CursorKind =
  /** (updatedAt, id) watermark, re-read inclusively and de-duplicated (industrial, construction). */
  | 'updated-at'
  /** The source's own opaque resume cursor (household). */
  | 'opaque-cursor'
  /** Files identified by path and sha256; a new checksum re-reads (and replaces) the file (medical, taxstat). */
  | 'file-checksum';

export interface StreamDeclaration<Schema extends z.ZodType = z.ZodType> {
  name: string;
  /** Fields of the record layout that identify a record at the source (what `sourceId` is built from). */
  primaryKey: readonly string[];
  cursorKind: CursorKind;
  /**
   * Parses one payload of this stream into a typed record: numbers as exact decimal strings, times as
   * ISO 8601 with offset, codes as the spec lists them. The engine and the mappers run this same schema
   * on `SourceRecordEnvelope.payload`.
   */
  recordSchema: Schema;
  /** One line for operators (Chinese name from the spec included). */
  description: string;
}

export interface CheckResult {
  ok: boolean;
  /** Human-readable outcome, e.g. "authenticated; 1234 enterprises" or why not. */
  message: string;
}

/** Where a record sits in a file, for stewards reading the quarantine and for stable ids. */
export interface RecordOrigin {
  /** Path relative to the source base (e.g. `ledgers/9111…/2026-10.csv`, `enterprises.jsonl`). */
  path: string;
  /** 1-based line (CSV/JSONL) or row (XLSX) number in the file. */
  line: number;
}

export interface SourceRecordEnvelope {
  stream: string;
  /** Stable, deterministic id of the record within (source, stream). */
  sourceId: string;
  /** The record as received, JSON-able: API objects unchanged; file rows keyed by the spec's header names with raw cell text. */
  payload: JsonObject;
  /** The source's own change time, when it has one (ISO 8601 with offset). */
  updatedAt?: string;
  /** What tells two versions of the same record apart: `updatedAt`, a status, or `sha256:<file checksum>`. */
  versionSignal: string;
  origin?: RecordOrigin;
}

export interface RejectedRecord {
  stream: string;
  /** The best identification available: the record id if it could be read, else path:line. */
  sourceKey: string;
  /** Precise reason, naming the field and the value that failed. */
  reason: string;
  /** What was received (parsed JSON, the raw line, or the row's cells). */
  raw: JsonValue;
  origin?: RecordOrigin;
}

/**
 * For file sources: the file version a batch's records come from. A corrected re-upload has the same
 * path and a new sha256; once the batch with `complete: true` is stored, the engine retires the records
 * it holds from `previousSha256` of that path that the new version did not deliver again.
 */
export interface FileVersion {
  path: string;
  sha256: string;
  /** The checksum processed before for this path, or null for a new file. */
  previousSha256: string | null;
  /** True on the last batch of this file version. */
  complete: boolean;
  /**
   * True when the file as a whole could not be read (renamed column, wrong encoding): its reason is in
   * the batch's rejects, and the engine keeps the previous version's records rather than retiring them.
   */
  fileRejected: boolean;
}

export interface Batch {
  stream: string;
  records: SourceRecordEnvelope[];
  rejects: RejectedRecord[];
  /** Save this once the batch's records and rejects are stored; hand it back to the next read(). */
  state: JsonObject;
  fileVersion?: FileVersion;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Target number of records + rejects per batch (REST sources: also the page size, capped by the source). */
  batchSize?: number;
  /** With no saved state: start from this time instead of the beginning (ISO 8601 with offset). */
  since?: string;
  /**
   * Read a date range from a source's bulk export instead of its change feed (construction waybills:
   * the nightly CSV export). Dates are `YYYY-MM-DD`, inclusive. Does not move the change-feed watermark.
   */
  backfill?: { from: string; to: string };
  /** Per-record size limits enforced while reading (default: DEFAULT_RECORD_LIMITS in limits.ts). */
  limits?: RecordLimits;
}

export interface Connector {
  /** Source id as in shared/sources/README.md (`industrial`, `household`, …). */
  readonly id: string;
  readonly streams: readonly StreamDeclaration[];
  check(options?: { signal?: AbortSignal }): Promise<CheckResult>;
  /** `state` is what the previous batch of this stream handed out, or null to start from scratch. */
  read(stream: string, state: JsonObject | null, options?: ReadOptions): AsyncIterable<Batch>;
}

/** Result of running a stream's record schema on one payload. */
export type RecordValidation<Record> = { ok: true; record: Record } | { ok: false; reason: string };

/**
 * Runs a record schema and turns a failure into one precise sentence naming each field, what was
 * expected and the value received (e.g. `重量(kg): expected a decimal number, got "12,5kg"`).
 */
export function validateRecord<Schema extends z.ZodType>(
  schema: Schema,
  payload: JsonObject,
): RecordValidation<z.output<Schema>> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, record: parsed.data };
  const reason = parsed.error.issues
    .map((issue) => {
      const field = issue.path.map(String).join('.') || '(record)';
      const received = issue.path.length === 1 ? payload[String(issue.path[0])] : undefined;
      const shown = received === undefined ? 'missing' : JSON.stringify(received);
      return `${field}: ${issue.message}, got ${shown}`;
    })
    .join('; ');
  return { ok: false, reason };
}

/** Looks a stream up by name; an unknown name is a caller error worth a clear message. */
export function findStream<Declaration extends StreamDeclaration>(
  streams: readonly Declaration[],
  name: string,
): Declaration | undefined {
  return streams.find((stream) => stream.name === name);
}
