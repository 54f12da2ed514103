/**
 * Per-record limits where records enter (CSV/XLSX rows, JSON lines, API records): a record or a field
 * larger than these is quarantined with a truncated excerpt instead of stored. The defaults sit far
 * under the store's 16 MB document limit (a record is stored with its history and projections) and far
 * above any genuine agency record (a ledger row is well under 1 KB).
 */
import type { JsonValue } from './contract';

export interface RecordLimits {
  /** the largest record, in UTF-8 bytes of its text (a CSV record, a JSON line, a serialised API record) */
  maxRecordBytes: number;
  /** the largest single field or cell, in UTF-8 bytes */
  maxFieldBytes: number;
}

export const DEFAULT_RECORD_LIMITS: RecordLimits = { maxRecordBytes: 1024 * 1024, maxFieldBytes: 256 * 1024 };

/** What a quarantine entry keeps of an oversized record: enough to recognise it, never megabytes. */
export const RAW_EXCERPT_BYTES = 4096;

/** UTF-8 byte length of a string without encoding it. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Cuts text to at most `maxBytes` UTF-8 bytes (on a character boundary) and marks the cut. */
export function excerpt(text: string, maxBytes = RAW_EXCERPT_BYTES): string {
  if (text.length <= maxBytes / 3 || utf8Bytes(text) <= maxBytes) return text;
  // a character is at most 3 bytes here (a surrogate pair is 2 units for 4 bytes), so this fits
  let cut = text.slice(0, Math.floor(maxBytes / 3));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A human-readable size: 10485760 → "10.0 MB". */
export function byteSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

/**
 * Pure core: why a JSON value breaks the limits (the first field over the field limit, else the whole
 * record over the record limit), or null. Counts the UTF-8 bytes of keys and strings plus a little for
 * numbers and punctuation, and stops as soon as a limit is passed.
 */
export function oversizeReason(value: JsonValue, limits: RecordLimits): string | null {
  let total = 0;
  let reason: string | null = null;
  const visit = (node: JsonValue, path: string): boolean => {
    if (typeof node === 'string') {
      const bytes = utf8Bytes(node);
      if (bytes > limits.maxFieldBytes) {
        reason = `field ${path || '(record)'} is ${byteSize(bytes)}, over the ${byteSize(limits.maxFieldBytes)} field limit`;
        return false;
      }
      total += bytes + 3;
    } else if (Array.isArray(node)) {
      total += 2;
      for (let i = 0; i < node.length; i += 1) if (!visit(node[i]!, `${path}[${i}]`)) return false;
    } else if (node !== null && typeof node === 'object') {
      total += 2;
      for (const [key, child] of Object.entries(node)) {
        total += utf8Bytes(key) + 4;
        if (!visit(child, path ? `${path}.${key}` : key)) return false;
      }
    } else {
      total += 8;
    }
    if (total > limits.maxRecordBytes) {
      reason = `record is over the ${byteSize(limits.maxRecordBytes)} record limit`;
      return false;
    }
    return true;
  };
  visit(value, '');
  return reason;
}

/**
 * What a quarantine entry keeps of a raw value: the value itself when it is small, else a marked
 * excerpt of its JSON text with its full size, so a 10 MB field is never written to the store.
 */
export function boundedRaw(raw: JsonValue, maxBytes = RAW_EXCERPT_BYTES * 4): JsonValue {
  if (oversizeReason(raw, { maxRecordBytes: maxBytes, maxFieldBytes: maxBytes }) === null) return raw;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  return { truncated: true, bytes: utf8Bytes(text), excerpt: excerpt(text) };
}
