/**
 * Turns a published file version into its bytes: CSV in UTF-8 / UTF-8 with BOM / GB18030, with title,
 * blank and 合计 rows where the layout says so; XLSX with the table on the first sheet. Output is
 * byte-for-byte deterministic (XLSX zip entry times and document dates are pinned).
 */
import { createHash } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { kgText, parseToGrams } from './scenario/mass';
import type { FileVersion, Table, TableFileLayout } from './scenario/types';

/** The rows as they appear in the file, quirks included (title, header, data, blank, 合计). */
export function layoutRows(table: Table, layout: TableFileLayout): string[][] {
  const width = table.headers.length;
  const rows: string[][] = [];
  if (layout.titleRow) rows.push([layout.titleRow, ...Array<string>(width - 1).fill('')]);
  rows.push(table.headers);
  table.rows.forEach((row, i) => {
    rows.push(row);
    if (layout.blankRowsAfter?.includes(i)) rows.push(Array<string>(width).fill(''));
  });
  if (layout.totalRowColumn) {
    const column = table.headers.indexOf(layout.totalRowColumn);
    let grams = 0;
    for (const row of table.rows) {
      const cell = (row[column] ?? '').normalize('NFKC');
      if (/^\d+(\.\d+)?$/.test(cell)) grams += parseToGrams(cell, 1000);
    }
    const total = Array<string>(width).fill('');
    total[column === 0 ? 1 : 0] = '合计';
    total[column] = kgText(grams);
    rows.push(total);
  }
  return rows;
}

function encode(text: string, encoding: TableFileLayout['encoding']): Buffer {
  if (encoding === 'gb18030') return iconv.encode(text, 'gb18030');
  const body = Buffer.from(text, 'utf8');
  return encoding === 'utf8-bom' ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export function renderCsv(table: Table, layout: TableFileLayout): Buffer {
  return encode(stringify(layoutRows(table, layout), { record_delimiter: '\r\n' }), layout.encoding);
}

/** 2026-01-01 00:00 as a DOS date/time (zip entries) so archives do not depend on when they were built. */
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/** Rewrites every zip entry's modification time (local headers and central directory) to DOS_DATE. */
function pinZipTimes(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  let eocd = -1;
  for (let i = out.length - 22; i >= 0; i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive');
  const entries = out.readUInt16LE(eocd + 10);
  let offset = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central directory');
    out.writeUInt16LE(DOS_TIME, offset + 12);
    out.writeUInt16LE(DOS_DATE, offset + 14);
    const local = out.readUInt32LE(offset + 42);
    out.writeUInt16LE(DOS_TIME, local + 10);
    out.writeUInt16LE(DOS_DATE, local + 12);
    offset += 46 + out.readUInt16LE(offset + 28) + out.readUInt16LE(offset + 30) + out.readUInt16LE(offset + 32);
  }
  return out;
}

export async function renderXlsx(table: Table, layout: TableFileLayout, at: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'HIS';
  workbook.created = new Date(at);
  workbook.modified = new Date(at);
  const sheet = workbook.addWorksheet('Sheet1');
  for (const row of layoutRows(table, layout)) sheet.addRow(row);
  const written = await workbook.xlsx.writeBuffer();
  return pinZipTimes(Buffer.from(written as ArrayBuffer));
}

const rendered = new WeakMap<FileVersion, Promise<Buffer>>();

/** The bytes of one file version (memoised: a version never changes). */
export function renderFileVersion(version: FileVersion): Promise<Buffer> {
  let bytes = rendered.get(version);
  if (!bytes) {
    const content = version.content;
    bytes =
      content.kind === 'text' ? Promise.resolve(Buffer.from(content.text, 'utf8'))
      : content.layout.format === 'xlsx' ? renderXlsx(content.table, content.layout, version.at)
      : Promise.resolve(renderCsv(content.table, content.layout));
    rendered.set(version, bytes);
  }
  return bytes;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
