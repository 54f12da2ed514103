/**
 * The one XLSX writer: exceljs's streaming workbook writer, a row committed as soon as it is added, so
 * an export of any size holds one row in memory. Every cell is written as a string value, which Excel
 * never evaluates as a formula, whatever it starts with.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

export class XlsxWriter<Column extends string> {
  rows = 0;
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly sheet: ExcelJS.Worksheet;

  constructor(
    out: Writable,
    readonly columns: readonly Column[],
    sheetName: string,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    this.sheet = this.workbook.addWorksheet(sheetName);
    this.sheet.addRow([...columns]).commit();
  }

  row(values: Readonly<Record<Column, string | number | null | undefined>>): void {
    this.sheet.addRow(this.columns.map((c) => (values[c] == null ? '' : String(values[c])))).commit();
    this.rows += 1;
  }

  /** Finishes the file (and ends `out`). */
  async end(): Promise<void> {
    this.sheet.commit();
    await this.workbook.commit();
  }
}
