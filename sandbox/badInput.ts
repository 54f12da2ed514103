/**
 * A bad-input corpus: an exported bundle (exportBundles) corrupted in place the ways agency files go
 * wrong — a 2 MB CSV line, an oversized cell, a truncated XLSX, a file re-encoded to GB18030 without a
 * BOM, a 10 MB JSON line, an HTML error page and a 300 KB field in JSON lines, and refused index
 * entries (a path leaving the base, an unknown feed, a checksum that does not match). Every genuine
 * record of the export is still in it, unchanged; each injected input is listed with the quarantine
 * entry it must produce. Used by test/integration/ingest/badInput.test.ts and bench/badInput.ts.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export interface InjectedBadInput {
  source: 'industrial' | 'medical' | 'taxstat';
  stream: string;
  /** the quarantine entry's sourceKey */
  sourceKey: string;
  /** what its reason must say */
  reason: RegExp;
}

type Roots = Record<'industrial' | 'household' | 'construction' | 'medical' | 'taxstat', string>;

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Inserts lines after line `after` (1-based) of a text file; returns the 1-based numbers they land on. */
async function insertLines(file: string, after: number, lines: string[]): Promise<number[]> {
  const content = await readFile(file, 'utf8');
  // the file's own line break (the sandbox writes CSV with CRLF, JSON lines with LF)
  const lineBreak = content.includes('\r\n') ? '\r\n' : '\n';
  const text = content.split(lineBreak);
  text.splice(after, 0, ...lines);
  await writeFile(file, text.join(lineBreak));
  return lines.map((_, i) => after + 1 + i);
}

/** A one-row ledger workbook (medical.md layout), for a truncated copy when the export has no XLSX ledger. */
async function smallLedgerWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('医疗废物登记').addRows([
    ['日期', '科室', '废物类别', '重量(kg)', '包装数', '交接时间', '交接人', '转移联单号'],
    ['2026-09-01', '内科', '感染性', '1.00', '1', '2026-09-01 13:22:00', '张敏', '20260901000101'],
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function corruptBundles(roots: Roots): Promise<InjectedBadInput[]> {
  const injected: InjectedBadInput[] = [];
  const ledgerDir = join(roots.medical, 'ledgers');
  const ledgers: string[] = [];
  for (const uscc of (await readdir(ledgerDir)).sort()) for (const name of (await readdir(join(ledgerDir, uscc))).sort()) ledgers.push(`ledgers/${uscc}/${name}`);
  const csvLedgers = ledgers.filter((path) => path.endsWith('.csv'));
  const xlsxLedger = ledgers.find((path) => path.endsWith('.xlsx'));
  if (csvLedgers.length < 2) throw new Error('the export needs two CSV ledgers');

  // a 2 MB line in the first CSV ledger, before later files of the same stream
  const [first, second] = csvLedgers as [string, string];
  const [bigLine] = await insertLines(join(roots.medical, first), 2, [`2026-10-01,${'x'.repeat(2 * 1024 * 1024)},感染性,1.00,1,2026-10-01 13:22:00,张敏,20261001000101`]);
  injected.push({ source: 'medical', stream: 'ledgers', sourceKey: `${first}:${bigLine}`, reason: /oversized: record of 2\.0 MB/ });
  // a 300 KB cell (under the record limit, over the field limit) in the second, then re-encoded as GB18030 without BOM
  const [bigCell] = await insertLines(join(roots.medical, second), 3, [`2026-10-02,${'科'.repeat(100 * 1024)},感染性,1.00,1,2026-10-02 13:22:00,张敏,20261002000101`]);
  injected.push({ source: 'medical', stream: 'ledgers', sourceKey: `${second}:${bigCell}`, reason: /oversized: column 2 is 300\.0 KB/ });
  const secondPath = join(roots.medical, second);
  await writeFile(secondPath, iconv.encode((await readFile(secondPath, 'utf8')).replace(/^\uFEFF/, ''), 'gb18030'));
  // a truncated workbook beside the genuine one (another month of the same institution)
  // (half of a real workbook: the export's own XLSX ledger when its scenario has one, else a small one)
  const xlsxBytes = xlsxLedger ? await readFile(join(roots.medical, xlsxLedger)) : await smallLedgerWorkbook();
  const truncatedPath = (xlsxLedger ?? first).replace(/\d{4}-\d{2}\.(xlsx|csv)$/, '2026-09.xlsx');
  await writeFile(join(roots.medical, truncatedPath), xlsxBytes.subarray(0, Math.floor(xlsxBytes.length / 2)));
  injected.push({ source: 'medical', stream: 'ledgers', sourceKey: truncatedPath, reason: /XLSX|zip|end of/i });

  // JSON lines: a 10 MB line, an HTML error page, a record with a 300 KB field
  const ledgerJsonl = join(roots.industrial, 'hw-ledgers.jsonl');
  const firstRecord = JSON.parse((await readFile(ledgerJsonl, 'utf8')).split('\n')[0]!) as Record<string, unknown>;
  const [tenMb, html, bigField] = await insertLines(ledgerJsonl, 1, [
    JSON.stringify({ ...firstRecord, id: 'HL-BAD-10MB', remark: 'r'.repeat(10 * 1024 * 1024) }),
    '<html><body><h1>502 Bad Gateway</h1></body></html>',
    JSON.stringify({ ...firstRecord, id: 'HL-BAD-300KB', remark: 'r'.repeat(300 * 1024) }),
  ]);
  injected.push({ source: 'industrial', stream: 'hw-ledgers', sourceKey: `hw-ledgers.jsonl:${tenMb}`, reason: /oversized: line of 10\.0 MB/ });
  injected.push({ source: 'industrial', stream: 'hw-ledgers', sourceKey: `hw-ledgers.jsonl:${html}`, reason: /malformed JSON/ });
  injected.push({ source: 'industrial', stream: 'hw-ledgers', sourceKey: 'HL-BAD-300KB', reason: /oversized: field remark is 300\.0 KB/ });
  void bigField;

  // refused taxstat index entries; the genuine ones stay
  const indexPath = join(roots.taxstat, 'index.json');
  const index = JSON.parse(await readFile(indexPath, 'utf8')) as Array<Record<string, unknown>>;
  const econ = index.find((entry) => entry.feed === 'econ');
  if (!econ || typeof econ.path !== 'string') throw new Error('the export needs an econ file');
  const mismatched = econ.path.replace(/[^/]+$/, 'revised.csv');
  await writeFile(join(roots.taxstat, mismatched), await readFile(join(roots.taxstat, econ.path)));
  index.push(
    { feed: 'envtax', period: '2026Q4', path: '../../../etc/passwd', sha256: sha256('x'), publishedAt: '2026-11-12T09:00:00+08:00' },
    { feed: 'weather', period: '2026-10', path: 'weather/2026-10.csv', sha256: sha256('y'), publishedAt: '2026-11-12T09:00:00+08:00' },
    { feed: 'econ', period: '2026-10', path: mismatched, sha256: sha256('not the file'), publishedAt: '2026-11-12T09:00:00+08:00' },
  );
  await writeFile(indexPath, JSON.stringify(index, null, 2));
  injected.push({ source: 'taxstat', stream: 'envtax', sourceKey: '../../../etc/passwd', reason: /leaves the feed base/ });
  injected.push({ source: 'taxstat', stream: 'envtax', sourceKey: 'weather/2026-10.csv', reason: /unknown feed "weather"/ });
  injected.push({ source: 'taxstat', stream: 'econ', sourceKey: mismatched, reason: /checksum mismatch/ });
  return injected;
}
