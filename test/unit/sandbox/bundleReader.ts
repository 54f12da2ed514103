/**
 * Reads a sandbox bundle with generic tools only (JSON Lines, csv-parse, exceljs, iconv-lite): what a
 * third party would do with the files, independent of the generator's own model.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type Row = Record<string, string>;
export type JsonObject = Record<string, unknown>;

/** Every file under `dir`, as sorted paths relative to it. */
export async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out.sort();
}

export async function readJsonl(dir: string, source: string, stream: string): Promise<JsonObject[]> {
  const text = await readFile(join(dir, source, `${stream}.jsonl`), 'utf8');
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as JsonObject);
}

/** Decodes CSV bytes: UTF-8 with or without BOM, else GB18030. */
export function decodeCsv(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

/** Raw grid of cells from a CSV or XLSX file. */
export async function readGrid(bytes: Buffer, path: string): Promise<string[][]> {
  if (path.endsWith('.xlsx')) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const grid: string[][] = [];
    sheet?.eachRow({ includeEmpty: true }, (row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      grid.push(values.map((v) => (v === null || v === undefined ? '' : String(v as string | number))));
    });
    return grid;
  }
  return parse(decodeCsv(bytes), { relax_column_count: true, skip_empty_lines: false }) as string[][];
}

/** Data rows keyed by header: the header is the first row containing `keyHeader`; blank and 合计 rows dropped. */
export function tableRows(grid: string[][], keyHeader: string): Row[] {
  const headerIndex = grid.findIndex((r) => r.includes(keyHeader));
  if (headerIndex < 0) throw new Error(`no header ${keyHeader}`);
  const headers = grid[headerIndex] as string[];
  return grid
    .slice(headerIndex + 1)
    .filter((r) => r.some((c) => c.trim() !== '') && !r.some((c) => c.trim() === '合计'))
    .map((r) => Object.fromEntries(headers.map((h, i) => [h, (r[i] ?? '').normalize('NFKC').trim()])));
}

export async function readTableFile(dir: string, path: string, keyHeader: string): Promise<Row[]> {
  const bytes = await readFile(join(dir, ...path.split('/')));
  return tableRows(await readGrid(bytes, path), keyHeader);
}

export async function readIndex(dir: string, source: string): Promise<{ path: string; sha256: string; period?: string }[]> {
  return JSON.parse(await readFile(join(dir, source, 'index.json'), 'utf8')) as { path: string; sha256: string; period?: string }[];
}
