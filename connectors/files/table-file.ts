/**
 * Opens one tabular file (CSV in any agency encoding, or XLSX) and yields its table items. The format
 * is chosen by extension; everything after that is format-independent (table.ts).
 */
import type { Readable } from 'node:stream';
import { readCsvFile, readXlsxRows, type CellRow } from './cells';
import { FileEncodingError } from './encoding';
import { DEFAULT_RECORD_LIMITS, type RecordLimits } from '../limits';
import { readTable, type TableItem, type TableLayout } from './table';

export function isSpreadsheet(path: string): boolean {
  return /\.xlsx$/i.test(path);
}

/** Wraps format problems (bad encoding, unreadable XLSX) as a layout error so the file becomes one reject. */
async function* guarded(rows: AsyncIterable<CellRow>, path: string): AsyncGenerator<CellRow | { problem: string }> {
  try {
    yield* rows;
  } catch (error) {
    if (error instanceof FileEncodingError) yield { problem: `${path}: ${error.message}` };
    else if (isSpreadsheet(path) && error instanceof Error && !('code' in error && typeof error.code === 'string' && error.code.startsWith('E'))) {
      yield { problem: `${path}: not a readable XLSX workbook (${error.message})` };
    } else throw error;
  }
}

export async function* readTableFile(bytes: Readable, path: string, layout: TableLayout, limits: RecordLimits = DEFAULT_RECORD_LIMITS): AsyncGenerator<TableItem> {
  const rows = isSpreadsheet(path) ? readXlsxRows(bytes, limits) : readCsvFile(bytes, undefined, limits);
  let problem: string | null = null;
  async function* cellRows(): AsyncGenerator<CellRow> {
    for await (const item of guarded(rows, path)) {
      if ('problem' in item) {
        problem = item.problem;
        return;
      }
      yield item;
    }
  }
  for await (const item of readTable(cellRows(), layout)) {
    if (problem !== null) break;
    yield item;
  }
  if (problem !== null) yield { kind: 'layout-error', reason: problem };
}
