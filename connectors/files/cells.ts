/**
 * Row readers for tabular files: CSV (via csv-parse, streaming) and XLSX (via exceljs's streaming
 * reader, first sheet only). Both yield rows of cell text with their 1-based line/row number, so the
 * table layer (table.ts) does not care which format a file came in.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { DEFAULT_RECORD_LIMITS, byteSize, excerpt, utf8Bytes, type RecordLimits } from '../limits';
import { decodeText, type TextEncoding } from './encoding';

export interface CellRow {
  /** 1-based line (CSV: the line the record ends on) or sheet row number (XLSX). */
  line: number;
  /** the cells; for an oversized row, excerpts of them */
  cells: string[];
  /** why the row was not read: it breaks the record or field limit (its cells are then excerpts) */
  oversized?: string;
}

/** What stands in for an oversized CSV record in the text handed to the parser (NUL never occurs in CSV text). */
const OVERSIZED_MARK = '\u0000oversized:';

interface OversizedRecord {
  reason: string;
  excerpt: string;
}

/** UTF-8 length of one UTF-16 code unit (a surrogate pair counts 2 + 2). */
const unitBytes = (code: number): number => (code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3);

/**
 * CSV text → the same text, except that a record longer than `maxRecordBytes` is replaced, before the
 * parser holds it, by a marker line (plus the line breaks it spanned, so line numbers stay true); the
 * marker's reason and excerpt are put in `oversized`. Record boundaries follow the parser's quoting
 * (a quote opens a field only at its start; "" inside quotes is a quote), so memory stays at one
 * record's limit whatever a line's length.
 */
export async function* boundCsvRecords(text: AsyncIterable<string>, limits: RecordLimits, oversized: Map<number, OversizedRecord>): AsyncGenerator<string> {
  let held = '';
  let recordBytes = 0;
  let inQuotes = false;
  let quotePending = false;
  let fieldStart = true;
  let skipping: { bytes: number; newlines: number; excerpt: string } | null = null;
  let markers = 0;
  const countNewlines = (part: string) => part.split('\n').length - 1;
  // the line break the file uses: the parser takes the first one it meets as the record delimiter
  let lineBreak: string | null = null;
  let previousCode = 0;
  const marker = (skip: { bytes: number; newlines: number; excerpt: string }, last: boolean) => {
    markers += 1;
    const id = markers;
    oversized.set(id, { reason: `record of ${byteSize(skip.bytes)} is over the ${byteSize(limits.maxRecordBytes)} record limit`, excerpt: skip.excerpt });
    const eol = lineBreak ?? '\n';
    return `${eol.repeat(skip.newlines)}${OVERSIZED_MARK}${id}${last ? '' : eol}`;
  };
  for await (const chunk of text) {
    let emitFrom = 0;
    let recordStart = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const code = chunk.charCodeAt(i);
      if (code === 0x0a) lineBreak ??= previousCode === 0x0d ? '\r\n' : '\n';
      previousCode = code;
      let recordEnds = false;
      if (quotePending) {
        quotePending = false;
        if (code !== 0x22) inQuotes = false;
      } else if (inQuotes) {
        if (code === 0x22) quotePending = true;
      }
      if (!inQuotes) {
        if (code === 0x22) {
          if (fieldStart) inQuotes = true;
          fieldStart = false;
        } else if (code === 0x2c) fieldStart = true;
        else if (code === 0x0a) {
          recordEnds = true;
          fieldStart = true;
        } else if (code !== 0x0d) fieldStart = false;
      }
      if (skipping) {
        if (recordEnds) {
          yield marker(skipping, false);
          skipping = null;
          emitFrom = recordStart = i + 1;
          recordBytes = 0;
        } else {
          skipping.bytes += unitBytes(code);
          if (code === 0x0a) skipping.newlines += 1;
        }
        continue;
      }
      if (recordEnds) {
        if (held) {
          yield held + chunk.slice(0, i + 1);
          held = '';
          emitFrom = i + 1;
        }
        recordStart = i + 1;
        recordBytes = 0;
        continue;
      }
      recordBytes += unitBytes(code);
      if (recordBytes > limits.maxRecordBytes) {
        if (recordStart > emitFrom) yield chunk.slice(emitFrom, recordStart);
        const seen = held + chunk.slice(recordStart, i + 1);
        skipping = { bytes: recordBytes, newlines: countNewlines(seen), excerpt: excerpt(seen) };
        held = '';
      }
    }
    if (skipping) continue;
    if (recordStart > emitFrom) yield chunk.slice(emitFrom, recordStart);
    held += chunk.slice(recordStart);
  }
  if (skipping) yield marker(skipping, true);
  else if (held) yield held;
}

/** A parsed CSV row → the same row, or an oversized row when one of its cells breaks the field limit. */
function boundCells(line: number, cells: string[], limits: RecordLimits): CellRow {
  const index = cells.findIndex((cell) => cell.length * 3 > limits.maxFieldBytes && utf8Bytes(cell) > limits.maxFieldBytes);
  if (index < 0) return { line, cells };
  return {
    line,
    cells: cells.map((cell) => excerpt(cell, 1024)),
    oversized: `column ${index + 1} is ${byteSize(utf8Bytes(cells[index]!))}, over the ${byteSize(limits.maxFieldBytes)} field limit`,
  };
}

/** CSV text chunks → rows of cells. Ragged rows are allowed: blank and total rows are often short. */
export async function* readCsvRows(text: AsyncIterable<string>, limits: RecordLimits = DEFAULT_RECORD_LIMITS): AsyncGenerator<CellRow> {
  const oversized = new Map<number, OversizedRecord>();
  const parser = parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, bom: true });
  const feeding = pipeline(Readable.from(boundCsvRecords(text, limits, oversized), { objectMode: true }), parser);
  // The parser's own iteration reports the same error; this only avoids an unhandled rejection.
  feeding.catch(() => undefined);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const first = item.record[0] ?? '';
    if (item.record.length === 1 && first.startsWith(OVERSIZED_MARK)) {
      const id = Number(first.slice(OVERSIZED_MARK.length));
      const record = oversized.get(id);
      oversized.delete(id);
      yield { line: item.info.lines, cells: [record?.excerpt ?? ''], oversized: record?.reason ?? 'record over the record limit' };
      continue;
    }
    yield boundCells(item.info.lines, item.record, limits);
  }
  await feeding;
}

/** A CSV byte stream in any of the agencies' encodings → rows of cells. */
export function readCsvFile(bytes: AsyncIterable<Uint8Array>, onEncoding?: (encoding: TextEncoding) => void, limits: RecordLimits = DEFAULT_RECORD_LIMITS): AsyncGenerator<CellRow> {
  return readCsvRows(decodeText(bytes, onEncoding), limits);
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

/** Shared strings kept for one workbook: beyond this the file is refused rather than held in memory. */
const MAX_SHARED_STRING_BYTES = 64 * 1024 * 1024;

function isRecordOf(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** exceljs's WorksheetReader (not exported at run time): an async iterable of rows. */
function isWorksheetReader(value: unknown): value is AsyncIterable<ExcelJS.Row> {
  return isRecordOf(value) && Symbol.asyncIterator in value;
}

/**
 * The first worksheet of an XLSX byte stream → rows of cells (exceljs rows are 1-based and sparse).
 * Shared strings are read by the hub, not cached by exceljs: one over the field limit is kept as an
 * excerpt (a row using it becomes an oversized row), and all of them together are capped.
 */
export async function* readXlsxRows(bytes: Readable, limits: RecordLimits = DEFAULT_RECORD_LIMITS): AsyncGenerator<CellRow> {
  // styles: 'cache' is what lets exceljs recognise date-formatted cells as dates rather than serial numbers.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(bytes, { worksheets: 'emit', sharedStrings: 'emit', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  // exceljs parses a worksheet that comes before xl/workbook.xml in the zip (writers order entries
  // differently, exceljs's own from one run to the next) against a workbook model it has not read yet,
  // and throws on `model.sheets`: start it empty (xl/workbook.xml replaces it when it comes)
  const unread = workbook as unknown as { model?: { sheets?: unknown[] } };
  unread.model ??= { sheets: [] };
  const sharedStrings: string[] = [];
  const oversizedStrings = new Map<number, number>();
  let sharedBytes = 0;
  const parts: AsyncIterable<unknown> = { [Symbol.asyncIterator]: () => workbook.parse() };
  try {
    for await (const part of parts) {
      if (!isRecordOf(part)) continue;
      if (typeof part.index === 'number' && 'text' in part) {
        const text = sheetCellText(part.text);
        const textBytes = utf8Bytes(text);
        if (textBytes > limits.maxFieldBytes) oversizedStrings.set(part.index, textBytes);
        const kept = textBytes > limits.maxFieldBytes ? excerpt(text, 1024) : text;
        sharedBytes += kept.length * 2;
        if (sharedBytes > MAX_SHARED_STRING_BYTES) throw new Error(`shared strings over ${byteSize(MAX_SHARED_STRING_BYTES)}`);
        sharedStrings[part.index] = kept;
        continue;
      }
      if (part.eventType !== 'worksheet' || !isWorksheetReader(part.value)) continue;
      for await (const row of part.value) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        let oversized: string | undefined;
        let rowBytes = 0;
        for (let column = 1; column < values.length; column += 1) {
          const value: unknown = values[column];
          const shared = isRecordOf(value) && typeof value.sharedString === 'number' ? value.sharedString : null;
          const text = shared === null ? sheetCellText(value) : (sharedStrings[shared] ?? '');
          const textBytes = shared === null ? utf8Bytes(text) : (oversizedStrings.get(shared) ?? 0);
          if (!oversized && textBytes > limits.maxFieldBytes) oversized = `column ${column} is ${byteSize(textBytes)}, over the ${byteSize(limits.maxFieldBytes)} field limit`;
          rowBytes += textBytes;
          cells.push(text);
        }
        if (!oversized && rowBytes > limits.maxRecordBytes) oversized = `row of ${byteSize(rowBytes)} is over the ${byteSize(limits.maxRecordBytes)} record limit`;
        yield oversized ? { line: row.number, cells: cells.map((cell) => excerpt(cell, 1024)), oversized } : { line: row.number, cells };
      }
      return; // the layout is on the first sheet; later sheets are notes or pivots
    }
  } finally {
    bytes.destroy();
  }
}
