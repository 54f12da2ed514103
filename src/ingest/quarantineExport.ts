/**
 * `hub quarantine export --format json|csv`: every quarantined record (source, stream, source key,
 * reason, raw payload) streamed from a cursor to a writable (stdout or a file), never loaded whole.
 * JSON is one array written element by element; CSV (the one writer, src/exports/csv.ts: BOM, formulas
 * neutralised) has a header row and the raw payload as JSON text.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CsvWriter } from '../exports/csv';
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

export function quarantineCsvRow(entry: Pick<Quarantine, (typeof CSV_COLUMNS)[number]>): Record<(typeof CSV_COLUMNS)[number], string> {
  return {
    source: entry.source,
    stream: entry.stream,
    sourceKey: entry.sourceKey,
    reason: entry.reason,
    attempts: String(entry.attempts),
    firstSeenAt: entry.firstSeenAt.toISOString(),
    lastSeenAt: entry.lastSeenAt.toISOString(),
    resolvedAt: entry.resolvedAt ? entry.resolvedAt.toISOString() : '',
    raw: JSON.stringify(entry.raw ?? null),
  };
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
  if (options.format === 'csv') {
    const csv = new CsvWriter(out, CSV_COLUMNS);
    await csv.start();
    for await (const entry of cursor) await csv.row(quarantineCsvRow(entry));
    return csv.rows;
  }
  let written = 0;
  await write(out, '[');
  for await (const entry of cursor) {
    await write(out, `${written === 0 ? '\n' : ',\n'}${quarantineJson(entry)}`);
    written += 1;
  }
  if (options.format === 'json') await write(out, written === 0 ? ']\n' : '\n]\n');
  return written;
}
