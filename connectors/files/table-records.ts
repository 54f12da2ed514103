/**
 * Turns a table file's rows into source records or rejects: runs the stream's record schema on each
 * row and gives it a deterministic source id. The id is the row's natural key within the file, plus
 * `#n` for the n-th row (n ≥ 2) with the same key, so re-reading the same file version always yields
 * the same ids, and a corrected version keeps the ids of rows it did not change.
 */
import type { z } from 'zod';
import { validateRecord } from '../contract';
import type { FileRowOutcome } from './file-feed';
import type { SourceFile } from './file-source';
import type { TableItem } from './table';

export interface TableRecordSpec<Schema extends z.ZodType> {
  stream: string;
  schema: Schema;
  /** The row's natural key from its parsed record (and, where the file path carries context, the file). */
  rowKey: (record: z.output<Schema>, file: SourceFile) => string;
}

export async function* tableRowOutcomes<Schema extends z.ZodType>(
  items: AsyncIterable<TableItem>,
  file: SourceFile,
  spec: TableRecordSpec<Schema>,
): AsyncGenerator<FileRowOutcome> {
  const occurrences = new Map<string, number>();
  for await (const item of items) {
    if (item.kind === 'layout-error') {
      yield { fileError: `${file.path}: ${item.reason}` };
      return;
    }
    const origin = { path: file.path, line: item.line };
    if (item.kind === 'oversized') {
      yield { reject: { stream: spec.stream, sourceKey: `${file.path}:${item.line}`, reason: `line ${item.line}: oversized: ${item.reason}`, raw: { truncated: true, excerpt: item.excerpt }, origin } };
      continue;
    }
    const validation = validateRecord(spec.schema, item.fields);
    if (!validation.ok) {
      yield { reject: { stream: spec.stream, sourceKey: `${file.path}:${item.line}`, reason: `line ${item.line}: ${validation.reason}`, raw: item.fields, origin } };
      continue;
    }
    const key = spec.rowKey(validation.record, file);
    const seen = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, seen);
    yield {
      record: {
        stream: spec.stream,
        sourceId: seen === 1 ? key : `${key}#${seen}`,
        payload: item.fields,
        versionSignal: `sha256:${file.sha256}`,
        origin,
      },
    };
  }
}
