/**
 * Tables with Chinese headers in any column order (medical.md, taxstat.md, the construction export):
 * finds the header row under any title rows, maps columns by header name (tolerating spaces, full-width
 * brackets and digits), and skips blank, repeated-header and 合计/总计 rows. Pure functions plus one
 * async generator over rows; no I/O.
 */
import { scaleDecimalText, toHalfWidth } from '../fields';
import type { CellRow } from './cells';

export interface ColumnSpec {
  /** The header exactly as the spec writes it; also the key of the column in record payloads. */
  header: string;
  /** Other names agencies are known to use for the same column. */
  aliases?: readonly string[];
  /** Optional columns may be absent from a file; their payload value is then missing. */
  optional?: boolean;
  /**
   * Headers naming the same quantity in another unit (medical.md: files come "with a renamed column",
   * e.g. 重量(吨)): the cells are converted exactly into the spec header's unit, × 10^powerOfTen.
   */
  unitVariants?: readonly UnitVariant[];
  /**
   * The column's name without its unit (重量): a header that starts with it but states no unit known
   * here makes the file a layout error naming that header: its values cannot be read in any unit.
   */
  unitFamily?: string;
}

export interface UnitVariant {
  names: readonly string[];
  /** the unit as written in messages (t, 吨, g) */
  unit: string;
  powerOfTen: number;
}

export interface TableLayout {
  /** Used in messages, e.g. "medical ledger". */
  name: string;
  columns: readonly ColumnSpec[];
}

/** Header text for comparison: half-width, no whitespace at all, Latin letters lower-cased. */
export function normalizeHeader(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, '').toLowerCase();
}

export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

const TOTAL_LABEL = /^(合计|总计|小计|累计)/;

/** A total row: its first non-empty cell starts with 合计 / 总计 / 小计 (e.g. "合计：", "总 计"). */
export function isTotalRow(cells: readonly string[]): boolean {
  const first = cells.find((cell) => cell.trim() !== '');
  return first !== undefined && TOTAL_LABEL.test(normalizeHeader(first));
}

export type HeaderMatch =
  | { ok: true; columnByHeader: ReadonlyMap<string, number>; unitByHeader: ReadonlyMap<string, UnitVariant> }
  | { ok: false; missing: string[]; found: string[]; unknownUnits: string[] };

function namesOf(column: ColumnSpec): string[] {
  return [column.header, ...(column.aliases ?? []), ...(column.unitVariants ?? []).flatMap((variant) => variant.names)].map(normalizeHeader);
}

/** Pure: a cell of a column stated in another unit, in the spec's unit; as written when not a number (the schema then says so). */
export function cellInSpecUnit(cell: string, variant: UnitVariant | undefined): string {
  if (!variant || variant.powerOfTen === 0 || cell.trim() === '') return cell;
  return scaleDecimalText(cell, variant.powerOfTen) ?? `${cell.trim()} ${variant.unit}`;
}

/** How many of the layout's columns a row names: used to tell the header row from title rows. */
export function countKnownHeaders(cells: readonly string[], layout: TableLayout): number {
  const present = new Set(cells.map(normalizeHeader));
  return layout.columns.filter((column) => namesOf(column).some((name) => present.has(name))).length;
}

/** Maps every column of the layout to its index in the header row, or says which ones are missing. */
export function matchHeader(cells: readonly string[], layout: TableLayout): HeaderMatch {
  const indexByName = new Map<string, number>();
  cells.forEach((cell, index) => {
    const name = normalizeHeader(cell);
    if (name && !indexByName.has(name)) indexByName.set(name, index);
  });
  const columnByHeader = new Map<string, number>();
  const unitByHeader = new Map<string, UnitVariant>();
  const missing: string[] = [];
  const unknownUnits: string[] = [];
  for (const column of layout.columns) {
    const index = namesOf(column)
      .map((name) => indexByName.get(name))
      .find((found) => found !== undefined);
    if (index !== undefined) {
      columnByHeader.set(column.header, index);
      const name = normalizeHeader(cells[index] ?? '');
      const variant = column.unitVariants?.find((v) => v.names.some((n) => normalizeHeader(n) === name));
      if (variant) unitByHeader.set(column.header, variant);
    } else if (!column.optional) {
      missing.push(column.header);
      const family = column.unitFamily === undefined ? null : normalizeHeader(column.unitFamily);
      if (family) unknownUnits.push(...cells.filter((cell) => normalizeHeader(cell).startsWith(family)).map((cell) => cell.trim()));
    }
  }
  if (missing.length > 0) return { ok: false, missing, found: cells.map((cell) => cell.trim()).filter(Boolean), unknownUnits };
  return { ok: true, columnByHeader, unitByHeader };
}

export type TableItem =
  /** A data row: `fields` maps each spec header to the cell text as written (untrimmed). */
  | { kind: 'row'; line: number; fields: Record<string, string> }
  /** A row over the record or field limit: not read, only excerpts of its cells kept for the quarantine. */
  | { kind: 'oversized'; line: number; reason: string; excerpt: string[] }
  /** The file does not have the layout's columns; nothing further is read. */
  | { kind: 'layout-error'; reason: string };

/** Rows above the header that may be titles, notes or blank; past this, the file has no header row. */
export const MAX_ROWS_BEFORE_HEADER = 10;

export async function* readTable(rows: AsyncIterable<CellRow>, layout: TableLayout): AsyncGenerator<TableItem> {
  let columnByHeader: ReadonlyMap<string, number> | null = null;
  let unitByHeader: ReadonlyMap<string, UnitVariant> = new Map();
  let headerCells: readonly string[] = [];
  let rowsBeforeHeader = 0;
  // A header row names at least two layout columns (a title like "医疗废物登记表" names none).
  const headerThreshold = Math.min(2, layout.columns.length);
  for await (const row of rows) {
    if (row.oversized !== undefined) {
      yield { kind: 'oversized', line: row.line, reason: row.oversized, excerpt: row.cells };
      continue;
    }
    if (isBlankRow(row.cells)) continue;
    if (!columnByHeader) {
      if (countKnownHeaders(row.cells, layout) >= headerThreshold) {
        const match = matchHeader(row.cells, layout);
        if (!match.ok) {
          const units = match.unknownUnits.length > 0 ? `; ${match.unknownUnits.join(', ')} states no unit the hub can convert, so its values cannot be read` : '';
          yield { kind: 'layout-error', reason: `${layout.name}: missing column(s) ${match.missing.join(', ')} in header on line ${row.line}${units}; found: ${match.found.join(', ')}` };
          return;
        }
        columnByHeader = match.columnByHeader;
        unitByHeader = match.unitByHeader;
        headerCells = row.cells.map(normalizeHeader);
        continue;
      }
      rowsBeforeHeader += 1;
      if (rowsBeforeHeader >= MAX_ROWS_BEFORE_HEADER) break;
      continue;
    }
    if (isTotalRow(row.cells)) continue;
    if (row.cells.length === headerCells.length && row.cells.every((cell, i) => normalizeHeader(cell) === headerCells[i])) continue;
    const fields: Record<string, string> = {};
    for (const [header, index] of columnByHeader) fields[header] = cellInSpecUnit(row.cells[index] ?? '', unitByHeader.get(header));
    yield { kind: 'row', line: row.line, fields };
  }
  if (!columnByHeader) {
    yield { kind: 'layout-error', reason: `${layout.name}: no header row found (expected columns ${layout.columns.map((c) => c.header).join(', ')})` };
  }
}
