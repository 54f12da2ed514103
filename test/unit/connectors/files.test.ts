import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { readCsvFile, readXlsxRows, sheetCellText, type CellRow } from '../../../connectors/files/cells';
import { decodeText, detectTextEncoding, FileEncodingError } from '../../../connectors/files/encoding';
import { isTotalRow, matchHeader, normalizeHeader, readTable, type TableItem, type TableLayout } from '../../../connectors/files/table';
import { scaleDecimalText, toHalfWidth } from '../../../connectors/fields';
import { kgColumn } from '../../../connectors/medical/streams';

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Splits bytes into small chunks so multi-byte characters straddle chunk boundaries. */
function chunked(bytes: Buffer, size = 7): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

const ledgerLayout: TableLayout = {
  name: 'test ledger',
  columns: [{ header: '日期' }, { header: '科室' }, { header: '重量(kg)' }, { header: '备注', optional: true }],
};

describe('encoding detection', () => {
  const text = '日期,科室,重量(kg)\n2026-10-01,内科,１２.５\n';

  it.each([
    ['UTF-8', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8-bom'],
    ['GB18030', iconv.encode(text, 'gb18030'), 'gb18030'],
  ])('detects %s and decodes it across chunk boundaries', async (_name, bytes, expected) => {
    expect(detectTextEncoding(bytes, true)).toBe(expected);
    let detected = '';
    const decoded = (await collect(decodeText(chunked(bytes), (encoding) => (detected = encoding)))).join('');
    expect(detected).toBe(expected);
    expect(decoded).toBe(text);
  });

  it('treats a UTF-8 prefix cut inside a character as UTF-8, not GB18030', () => {
    const bytes = Buffer.from('医疗废物', 'utf8');
    expect(detectTextEncoding(bytes.subarray(0, 4), false)).toBe('utf-8');
  });

  it('reports a file that turns invalid after a long UTF-8 prefix', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n'.repeat(20_000), 'utf8'), iconv.encode('医疗', 'gb18030')]);
    await expect(collect(decodeText(chunked(bytes, 4096)))).rejects.toThrow(FileEncodingError);
  });
});

describe('header mapping and row skipping', () => {
  it('normalises header text: spaces, full-width brackets and letters', () => {
    expect(normalizeHeader(' 重量（ｋｇ） ')).toBe('重量(kg)');
    expect(normalizeHeader('重量 (KG)')).toBe('重量(kg)');
    expect(toHalfWidth('１２３．５０')).toBe('123.50');
  });

  it('maps columns by name in any order', () => {
    const match = matchHeader(['重量（kg）', ' 科室 ', '日期'], ledgerLayout);
    expect(match).toEqual({ ok: true, columnByHeader: new Map([['日期', 2], ['科室', 1], ['重量(kg)', 0]]), unitByHeader: new Map() });
  });

  it('names a renamed column and what was found', () => {
    // a generic layout knows no unit variants (the medical layouts do: kgColumn)
    const match = matchHeader(['日期', '科室', '重量(公斤)'], ledgerLayout);
    expect(match).toEqual({ ok: false, missing: ['重量(kg)'], found: ['日期', '科室', '重量(公斤)'], unknownUnits: [] });
  });

  it.each([['合计'], ['合计：'], ['总 计'], ['小计']])('recognises %s as a total row', (label) => {
    expect(isTotalRow(['', label, '', '123.5'])).toBe(true);
  });

  it('skips title, blank, repeated-header and total rows', async () => {
    const rows: CellRow[] = [
      { line: 1, cells: ['某某医院医疗废物登记表（2026年10月）'] },
      { line: 2, cells: ['', '', ''] },
      { line: 3, cells: ['科室', '日期', '重量 (kg)'] },
      { line: 4, cells: ['内科', '2026-10-01', '12.5'] },
      { line: 5, cells: [''] },
      { line: 6, cells: ['科室', '日期', '重量 (kg)'] },
      { line: 7, cells: ['外科', '2026-10-02', '３.０'] },
      { line: 8, cells: ['合计', '', '15.5'] },
    ];
    const items = await collect(readTable(Readable.from(rows), ledgerLayout));
    expect(items).toEqual<TableItem[]>([
      { kind: 'row', line: 4, fields: { 日期: '2026-10-01', 科室: '内科', '重量(kg)': '12.5' } },
      { kind: 'row', line: 7, fields: { 日期: '2026-10-02', 科室: '外科', '重量(kg)': '３.０' } },
    ]);
  });

  it('yields one layout error, naming the missing column, when a column was renamed', async () => {
    const rows: CellRow[] = [
      { line: 1, cells: ['日期', '科室', '重量(公斤)'] },
      { line: 2, cells: ['2026-10-01', '内科', '12.5'] },
    ];
    const items = await collect(readTable(Readable.from(rows), ledgerLayout));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'layout-error' });
    expect(items[0]?.kind === 'layout-error' && items[0].reason).toContain('missing column(s) 重量(kg)');
  });

  it('yields a layout error for a file with no header row', async () => {
    const items = await collect(readTable(Readable.from([{ line: 1, cells: ['hello'] }]), ledgerLayout));
    expect(items).toEqual([{ kind: 'layout-error', reason: expect.stringContaining('no header row found') }]);
  });
});

describe('CSV and XLSX row readers', () => {
  it('reads a GB18030 CSV with quoted cells and ragged rows', async () => {
    const csv = '科室,日期,重量(kg)\r\n"内科,一病区",2026-10-01,12.5\r\n合计,,12.5\r\n';
    const rows = await collect(readCsvFile(chunked(iconv.encode(csv, 'gb18030'))));
    expect(rows.map((row) => row.cells)).toEqual([
      ['科室', '日期', '重量(kg)'],
      ['内科,一病区', '2026-10-01', '12.5'],
      ['合计', '', '12.5'],
    ]);
    expect(rows.map((row) => row.line)).toEqual([1, 2, 3]);
  });

  it('reads the first sheet of an XLSX under a title row, with dates and numbers as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('台账');
    sheet.addRow(['某某医院医疗废物登记表']);
    sheet.addRow(['日期', '科室', '重量(kg)']);
    sheet.addRow([new Date(Date.UTC(2026, 9, 1)), '内科', 12.5]);
    sheet.getCell('A3').numFmt = 'yyyy-mm-dd';
    workbook.addWorksheet('说明').addRow(['not data']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const rows = await collect(readXlsxRows(Readable.from([bytes])));
    expect(rows).toEqual([
      { line: 1, cells: ['某某医院医疗废物登记表'] },
      { line: 2, cells: ['日期', '科室', '重量(kg)'] },
      { line: 3, cells: ['2026-10-01 00:00:00', '内科', '12.5'] },
    ]);
  });

  it.each([
    [{ richText: [{ text: '内' }, { text: '科' }] }, '内科'],
    [{ formula: 'A1+A2', result: 15.5 }, '15.5'],
    [{ text: '链接', hyperlink: 'http://x' }, '链接'],
    [null, ''],
  ])('converts cell value %j to %s', (value, expected) => {
    expect(sheetCellText(value)).toBe(expected);
  });
});

describe('weights under a renamed unit (medical.md "with a renamed column")', () => {
  it.each([
    ['tonnes → kg', '0.0155', 3, '15.5'],
    ['tonnes, whole', '12', 3, '12000'],
    ['tonnes, full-width and thousands', '１,２３４.５', 3, '1234500'],
    ['grams → kg', '800', -3, '0.8'],
    ['grams, small', '5', -3, '0.005'],
    ['kg as is (canonical)', '12.50', 0, '12.5'],
    ['zero', '0', 3, '0'],
    ['not a number', 'abc', 3, undefined],
  ])('scaleDecimalText: %s', (_name, text, power, expected) => {
    expect(scaleDecimalText(text, power)).toBe(expected);
  });

  it.each([
    ['重量（kg）', '2.5', '2.5'],
    ['重量(公斤)', '2.5', '2.5'],
    ['重量(千克)', '2.5', '2.5'],
    ['重量 (KG)', '2.5', '2.5'],
    ['重量(吨)', '0.0025', '2.5'],
    ['重量(t)', '1.5', '1500'],
    ['重量（单位：吨）', '0.5', '500'],
    ['重量(克)', '2500', '2.5'],
    ['重量(吨)', 'abc', 'abc t'],
  ])('medical ledger header %s, cell %s → 重量(kg) %s', async (header, cell, expected) => {
    const layout = { name: 'ledger', columns: [{ header: '日期' }, kgColumn('重量(kg)')] };
    const rows = (async function* () {
      yield { line: 1, cells: ['日期', header] };
      yield { line: 2, cells: ['2026-10-01', cell] };
    })();
    const items = [];
    for await (const item of readTable(rows, layout)) items.push(item);
    expect(items).toEqual([{ kind: 'row', line: 2, fields: { 日期: '2026-10-01', '重量(kg)': expected } }]);
  });

  it.each(['重量', '重量(斤)', '重量(lb)'])('a weight header with no unit the hub converts (%s) is a layout error naming it', (header) => {
    const match = matchHeader(['日期', header], { name: 'ledger', columns: [{ header: '日期' }, kgColumn('重量(kg)')] });
    expect(match).toMatchObject({ ok: false, missing: ['重量(kg)'], unknownUnits: [header] });
  });
});
