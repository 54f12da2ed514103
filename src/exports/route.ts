/**
 * The one export route: `GET /exports/<table>.csv` or `.xlsx` streams the rows of a list query, with the
 * query's filter as URL parameters (a parameter repeated for a list) and the caller's scope, through the
 * one CSV writer (BOM, formulas neutralised) or the one XLSX writer (exceljs streaming). A table says
 * what it is in an `ExportTable`: who may export it, its parameters (zod, strict), its columns, and a
 * cursor over its rows; this module does the rest, the same way for every table.
 * Errors before the first byte answer as the API's errors do (`HubError` with a code, JSON); once rows
 * stream, a fault can only cut the file short.
 */
import type { ServerResponse } from 'node:http';
import { GraphQLError } from 'graphql';
import type { z } from 'zod';
import type { Caller, Role } from '../auth/roles';
import { badInput, forbidden } from '../graphql/errors';
import { CsvWriter } from './csv';
import { XlsxWriter } from './xlsx';

export type ExportCell = string | number | null | undefined;
export type ExportFormat = 'csv' | 'xlsx';

export interface ExportTable<Params, Column extends string> {
  /** the path's name: /exports/<name>.csv */
  name: string;
  roles: readonly Role[];
  /** parameters that may repeat (lists) */
  listParams: readonly string[];
  params: z.ZodType<Params>;
  /** a table may leave columns out for some roles (raw payloads are not for PARTNERs) */
  columns(caller: Caller): readonly Column[];
  /** the caller's rows in the query's order, from a cursor; throws HubError (BAD_USER_INPUT) for a bad filter */
  rows(caller: Caller, params: Params): Promise<AsyncIterable<Record<Column, ExportCell>>>;
}

/** The HTTP status of an error refused before streaming. */
const STATUS: Readonly<Record<string, number>> = { BAD_USER_INPUT: 400, FORBIDDEN: 403, NOT_FOUND: 404, UNAUTHENTICATED: 401 };

export function exportErrorStatus(error: unknown): number | null {
  if (!(error instanceof GraphQLError)) return null;
  return STATUS[String(error.extensions.code)] ?? null;
}

/** URL parameters as the table's params (lists from repeated keys), or BAD_USER_INPUT naming the bad one. */
export function parseExportParams<Params>(table: Pick<ExportTable<Params, string>, 'listParams' | 'params'>, search: URLSearchParams): Params {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    raw[key] = table.listParams.includes(key) ? values : values[values.length - 1]!;
  }
  const parsed = table.params.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || String((issue as { keys?: string[] }).keys?.[0] ?? 'query');
    throw badInput(`${field}: ${issue.message}`, field);
  }
  return parsed.data;
}

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Streams `table` to `res`: role, parameters and the first query are checked before any header is sent. */
export async function exportTable<Params, Column extends string>(
  table: ExportTable<Params, Column>,
  caller: Caller,
  format: ExportFormat,
  search: URLSearchParams,
  res: ServerResponse,
): Promise<void> {
  if (!table.roles.includes(caller.role)) {
    throw forbidden(`${table.name} exports need role ${table.roles.join(', ')}; your key has ${caller.role}`);
  }
  const params = parseExportParams(table, search);
  const rows = await table.rows(caller, params);
  const columns = table.columns(caller);
  res.writeHead(200, { 'content-type': CONTENT_TYPES[format], 'content-disposition': `attachment; filename="${table.name}.${format}"`, 'cache-control': 'no-store' });
  if (format === 'xlsx') {
    const xlsx = new XlsxWriter(res, columns, table.name);
    for await (const row of rows) xlsx.row(row);
    await xlsx.end();
    return;
  }
  const csv = new CsvWriter(res, columns);
  await csv.start();
  for await (const row of rows) await csv.row(row);
  res.end();
}

/** Any table, as the route holds them. */
export type AnyExportTable = ExportTable<unknown, string>;
export interface ExportTarget {
  table: AnyExportTable;
  format: ExportFormat;
}

/** `/exports/<name>.<format>` as a table of `tables` and a format; null for any other path. */
export function matchExportPath(tables: readonly AnyExportTable[], pathname: string): ExportTarget | null {
  const match = /^\/exports\/([a-z-]+)\.(csv|xlsx)$/.exec(pathname);
  if (!match) return null;
  const table = tables.find((t) => t.name === match[1]);
  return table ? { table, format: match[2] as ExportFormat } : null;
}

