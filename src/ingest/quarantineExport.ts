/**
 * `hub quarantine export --format json|csv`: every quarantined record (source, stream, source key,
 * reason, raw payload) streamed from a cursor to a writable (stdout or a file), never loaded whole.
 * JSON is one array written element by element; CSV has a header row and the raw payload as JSON text.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { QuarantineModel, type Quarantine } from '../model/quarantine';
import type { SourceId } from '../model/reference/agencies';

export interface QuarantineExportOptions {
  format: 'json' | 'csv';
  source?: SourceId;
  stream?: string;
  /** true: only resolved entries; false: only open ones; omitted: all */
  resolved?: boolean;
}

const CSV_COLUMNS = ['source', 'stream', 'sourceKey', 'reason', 'attempts', 'firstSeenAt', 'lastSeenAt', 'resolvedAt', 'raw'] as const;

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function quarantineCsvRow(entry: Pick<Quarantine, (typeof CSV_COLUMNS)[number]>): string {
  const cells = [
    entry.source,
    entry.stream,
    entry.sourceKey,
    entry.reason,
    String(entry.attempts),
    entry.firstSeenAt.toISOString(),
    entry.lastSeenAt.toISOString(),
    entry.resolvedAt ? entry.resolvedAt.toISOString() : '',
    JSON.stringify(entry.raw ?? null),
  ];
  return `${cells.map(csvField).join(',')}\r\n`;
}

export function quarantineJson(entry: Quarantine): string {
  return JSON.stringify({
    source: entry.source,
    stream: entry.stream,
    sourceKey: entry.sourceKey,
    reason: entry.reason,
    attempts: entry.attempts,
    firstSeenAt: entry.firstSeenAt.toISOString(),
    lastSeenAt: entry.lastSeenAt.toISOString(),
    resolvedAt: entry.resolvedAt ? entry.resolvedAt.toISOString() : null,
    raw: entry.raw ?? null,
  });
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Writes the export to `out` (not ended: the caller owns it) and returns the number of entries written. */
export async function exportQuarantine(options: QuarantineExportOptions, out: Writable): Promise<number> {
  const filter: Record<string, unknown> = {};
  if (options.source) filter.source = options.source;
  if (options.stream) filter.stream = options.stream;
  if (options.resolved !== undefined) filter.resolvedAt = options.resolved ? { $ne: null } : null;
  const cursor = QuarantineModel.find(filter).sort({ source: 1, stream: 1, sourceKey: 1 }).lean<Quarantine[]>().cursor({ batchSize: 500 });
  let written = 0;
  await write(out, options.format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : '[');
  for await (const entry of cursor) {
    if (options.format === 'csv') await write(out, quarantineCsvRow(entry));
    else await write(out, `${written === 0 ? '\n' : ',\n'}${quarantineJson(entry)}`);
    written += 1;
  }
  if (options.format === 'json') await write(out, written === 0 ? ']\n' : '\n]\n');
  return written;
}
