/**
 * Row readers for tabular files: CSV (via csv-parse, streaming) and XLSX (via exceljs's streaming
 * reader, first sheet only). Both yield rows of cell text with their 1-based line/row number, so the
 * table layer (table.ts) does not care which format a file came in.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { decodeText, type TextEncoding } from './encoding';

export interface CellRow {
  /** 1-based line (CSV: the line the record ends on) or sheet row number (XLSX). */
  line: number;
  cells: string[];
}

/** CSV text chunks → rows of cells. Ragged rows are allowed: blank and total rows are often short. */
export async function* readCsvRows(text: AsyncIterable<string>): AsyncGenerator<CellRow> {
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, bom: true });
  const feeding = pipeline(Readable.from(text, { objectMode: true }), parser);
  // The parser's own iteration reports the same error; this only avoids an unhandled rejection.
  feeding.catch(() => undefined);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: item.info.lines, cells: item.record };
  }
  await feeding;
}

/** A CSV byte stream in any of the agencies' encodings → rows of cells. */
export function readCsvFile(bytes: AsyncIterable<Uint8Array>, onEncoding?: (encoding: TextEncoding) => void): AsyncGenerator<CellRow> {
  return readCsvRows(decodeText(bytes, onEncoding));
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Spreadsheet dates carry no zone; exceljs builds them as if UTC, so the UTC fields are the local
 * wall-clock time the clerk typed (+08:00 implied, like CSV times).
 */
function formatSheetDate(date: Date): string {
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}`;
}

/** Pure core: one exceljs cell value → the text a CSV export of that cell would hold. */
export function sheetCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return formatSheetDate(value);
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) {
      return value.richText.map((part: unknown) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : '')).join('');
    }
    if ('result' in value) return sheetCellText(value.result);
    if ('text' in value) return sheetCellText(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

/** The first worksheet of an XLSX byte stream → rows of cells (exceljs rows are 1-based and sparse). */
export async function* readXlsxRows(bytes: Readable): AsyncGenerator<CellRow> {
  // styles: 'cache' is what lets exceljs recognise date-formatted cells as dates rather than serial numbers.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(bytes, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column += 1) cells.push(sheetCellText(values[column]));
        yield { line: row.number, cells };
      }
      return; // the layout is on the first sheet; later sheets are notes or pivots
    }
  } finally {
    bytes.destroy();
  }
}
