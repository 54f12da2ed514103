/**
 * Per-record limits where records enter: an oversized CSV record, CSV cell, XLSX cell or JSON line is
 * reported with its line, a reason and an excerpt while the rows around it are read unchanged, and
 * nothing holds more than about one record's limit of it.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { boundedLines } from '../../../connectors/bundle';
import { readCsvFile, readXlsxRows, type CellRow } from '../../../connectors/files/cells';
import { readTable, type TableLayout } from '../../../connectors/files/table';
import { boundedRaw, excerpt, oversizeReason, RAW_EXCERPT_BYTES, type RecordLimits } from '../../../connectors/limits';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function chunked(bytes: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

const limits: RecordLimits = { maxRecordBytes: 2000, maxFieldBytes: 500 };
const layout: TableLayout = { name: 'test ledger', columns: [{ header: '日期' }, { header: '科室' }, { header: '重量(kg)' }] };

describe('CSV records over the limits', () => {
  const big = 'x'.repeat(50_000);
  const csv = [
    '日期,科室,重量(kg)',
    '2026-10-01,内科,1.5',
    `2026-10-02,${big},2.5`, // one line far over the record limit
    '2026-10-03,"外科\n二病区",3.5', // a quoted line break inside a normal record
    `2026-10-04,"${'"",'.repeat(1000)}",4.5`, // quoted quotes and commas: over the record limit too
    '2026-10-05,"眼科",5.5',
    `2026-10-06,${'y'.repeat(600)},6.5`, // under the record limit, over the field limit
    '2026-10-07,儿科,7.5',
    '',
  ].join('\n');

  it.each([
    ['UTF-8 in 7-byte chunks', Buffer.from(csv, 'utf8'), 7],
    ['UTF-8 in 64 KB chunks', Buffer.from(csv, 'utf8'), 65536],
    ['GB18030 without BOM', iconv.encode(csv, 'gb18030'), 4096],
  ])('%s: every other row is read, each oversized row reported with its line', async (_name, bytes, size) => {
    const rows: CellRow[] = await collect(readCsvFile(chunked(bytes, size), undefined, limits));
    const normal = rows.filter((row) => row.oversized === undefined);
    expect(normal.map((row) => [row.line, row.cells])).toEqual([
      [1, ['日期', '科室', '重量(kg)']],
      [2, ['2026-10-01', '内科', '1.5']],
      [5, ['2026-10-03', '外科\n二病区', '3.5']],
      [7, ['2026-10-05', '眼科', '5.5']],
      [9, ['2026-10-07', '儿科', '7.5']],
    ]);
    const oversized = rows.filter((row) => row.oversized !== undefined);
    expect(oversized.map((row) => row.line)).toEqual([3, 6, 8]);
    expect(oversized[0]!.oversized).toMatch(/over the 2\.0 KB record limit/);
    expect(oversized[0]!.cells[0]).toMatch(/^2026-10-02,xxx/);
    expect(oversized[0]!.cells.join('').length).toBeLessThanOrEqual(RAW_EXCERPT_BYTES);
    expect(oversized[2]!.oversized).toBe('column 2 is 600 B, over the 500 B field limit');
  });

  it('keeps CRLF line breaks: the rows after an oversized one are read and numbered as without it', async () => {
    const file = (second: string) => `a,b\r\n1,${second}\r\n2,"two\r\nlines"\r\n3,three\r\n`;
    const rowsOf = async (text: string) => (await collect(readCsvFile(Readable.from([Buffer.from(text)]), undefined, limits))).map((row) => [row.line, row.oversized ? 'oversized' : row.cells]);
    const undisturbed = await rowsOf(file('x'));
    expect(await rowsOf(file('x'.repeat(5000)))).toEqual([undisturbed[0], [2, 'oversized'], ...undisturbed.slice(2)]);
    expect(undisturbed.slice(2).map((row) => row[1])).toEqual([['2', 'two\r\nlines'], ['3', 'three']]);
  });

  it('a record left open by a stray quote at the end of the file is reported, not held', async () => {
    const rows = await collect(readCsvFile(Readable.from([Buffer.from(`a,b\n1,"${'z'.repeat(5000)}`)]), undefined, limits));
    expect(rows.map((row) => [row.line, row.oversized ?? null])).toEqual([[1, null], [2, expect.stringMatching(/record limit/)]]);
  });

  it('the table layer turns an oversized row into an oversized item and goes on', async () => {
    const text = `日期,科室,重量(kg)\n2026-10-01,${'x'.repeat(3000)},1\n2026-10-02,内科,2\n`;
    const items = await collect(readTable(readCsvFile(Readable.from([Buffer.from(text)]), undefined, limits), layout));
    expect(items.map((item) => item.kind)).toEqual(['oversized', 'row']);
    expect(items[1]).toMatchObject({ kind: 'row', line: 3, fields: { 科室: '内科' } });
  });
});

describe('XLSX cells over the limits', () => {
  it('a shared string over the field limit makes its row oversized; the others are read', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['日期', '科室', '重量(kg)']);
    sheet.addRow(['2026-10-01', 'x'.repeat(5000), 1]);
    sheet.addRow(['2026-10-02', '内科', 2]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer({ useSharedStrings: true }));
    const rows = await collect(readXlsxRows(Readable.from([bytes]), limits));
    expect(rows.map((row) => [row.line, row.oversized ?? null])).toEqual([[1, null], [2, 'column 2 is 4.9 KB, over the 500 B field limit'], [3, null]]);
    expect(rows[2]!.cells).toEqual(['2026-10-02', '内科', '2']);
    expect(rows[1]!.cells[1]!.length).toBeLessThan(1024);
  });
});

describe('JSON lines over the limit', () => {
  it('skips a long line to its end, with its size and an excerpt, across chunk boundaries', async () => {
    const text = `{"id":1}\r\n{"id":2,"note":"${'n'.repeat(10_000)}"}\n\n{"id":3}`;
    const lines = await collect(boundedLines(chunked(Buffer.from(text), 333), 2000));
    expect(lines).toEqual([{ text: '{"id":1}' }, { oversizedBytes: 10_018, excerpt: expect.stringMatching(/^\{"id":2,"note":"nnn/) }, { text: '' }, { text: '{"id":3}' }]);
  });
});

describe('record limits on JSON values', () => {
  it.each([
    [{ a: 'short' }, null],
    [{ a: { b: ['x'.repeat(501)] } }, 'field a.b[0] is 501 B, over the 500 B field limit'],
    [{ a: '中'.repeat(200) }, 'field a is 600 B, over the 500 B field limit'],
    [Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`f${i}`, 'v'.repeat(400)])), 'record is over the 2.0 KB record limit'],
  ])('case %#', (value, reason) => {
    expect(oversizeReason(value, limits)).toBe(reason);
  });

  it('keeps small raw values as they are and an excerpt of large ones', () => {
    expect(boundedRaw({ a: 1 })).toEqual({ a: 1 });
    const bounded = boundedRaw({ note: 'z'.repeat(10 * 1024 * 1024) });
    expect(bounded).toMatchObject({ truncated: true, bytes: 10 * 1024 * 1024 + 11 });
    expect(JSON.stringify(bounded).length).toBeLessThan(RAW_EXCERPT_BYTES * 2);
    expect(excerpt('中'.repeat(10), 9)).toBe('中中中…');
  });
});
