/**
 * The one CSV writer of the hub (CLI exports and the API's /exports): UTF-8 with a byte-order mark, so
 * zh-CN Excel opens Chinese text as UTF-8 rather than GBK; RFC 4180 quoting; CRLF line ends; and every
 * cell that a spreadsheet would read as a formula (leading = + - @ tab or CR) prefixed with ' so it
 * stays text (OWASP "CSV injection"): steward comments and source names reach these files verbatim.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;
// a plain number cannot be a formula; keeping it unprefixed keeps it a number in the spreadsheet
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** A cell a spreadsheet shows as the text it is. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** One cell: neutralised, then quoted when it holds a comma, quote or line break (quotes doubled). */
export function csvCell(value: string | number | null | undefined): string {
  const text = neutraliseFormula(value == null ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** Writes rows to `out` as they come, waiting when the destination asks (backpressure); never ends `out`. */
export class CsvWriter<Column extends string> {
  rows = 0;

  constructor(
    private readonly out: Writable,
    readonly columns: readonly Column[],
  ) {}

  private async write(text: string): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }

  /** The byte-order mark and the header row. */
  async start(): Promise<void> {
    await this.write(UTF8_BOM + csvLine(this.columns));
  }

  async row(values: Readonly<Record<Column, string | number | null | undefined>>): Promise<void> {
    await this.write(csvLine(this.columns.map((c) => values[c])));
    this.rows += 1;
  }
}
