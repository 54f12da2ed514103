import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { csvCell, CsvWriter, neutraliseFormula } from '../../../src/exports/csv';

describe('the one CSV writer', () => {
  it.each([
    ['=HYPERLINK("http://evil","点我")', `'=HYPERLINK("http://evil","点我")`],
    ['+86 10 1234', "'+86 10 1234"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tleading tab', "'\tleading tab"],
    ['\rleading CR', "'\rleading CR"],
    ['-4.5', '-4.5'],
    ['12', '12'],
    ['石景山区 = 2', '石景山区 = 2'],
  ])('neutralises %j as %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
  });

  it('quotes cells with commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
  });

  it('writes a BOM, the header and rows that a CSV reader gets back as the text they were', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const csv = new CsvWriter(out, ['name', 'note'] as const);
    await csv.start();
    await csv.row({ name: '北京某某环保科技有限公司', note: '=cmd|"/c calc"!A1' });
    out.end();
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toEqual([{ name: '北京某某环保科技有限公司', note: `'=cmd|"/c calc"!A1` }]);
    expect(csv.rows).toBe(1);
  });
});
