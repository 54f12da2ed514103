/**
 * GET /exports/flags.csv and /exports/flags.xlsx — the flag list as the `flags` query filters it (same FlagFilter, the caller's
 * streams only), streamed row by row through the one CSV (or XLSX) writer. Query parameters repeat for lists:
 * `?rule=HW-QTY&rule=CDW-WEIGHT&status=OPEN&period=2026-03&stream=industrial&severity=HIGH&party=…&street=…&text=…`.
 * Roles as for evidence details: ADMIN, STEWARD and ANALYST (the rows carry source record ids,
 * which PARTNERs do not read).
 */
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Caller } from '../auth/roles';
import { readableStreams } from '../graphql/streamScope';
import { FLAG_SEVERITIES, FLAG_STATUSES, FlagModel, type FlagRecord } from '../reconcile/flagModel';
import { flagQuery } from '../reconcile/flagQuery';
import { CSV_COLUMNS, flagCsvRow } from '../reconcile/export';
import { CsvWriter } from './csv';
import { XlsxWriter } from './xlsx';
import { CodedError } from '../errors';

const text = z.string().max(200);
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(50).optional();
const flagExportParams = z
  .object({
    rule: list(text),
    status: list(z.enum(FLAG_STATUSES)),
    severity: list(z.enum(FLAG_SEVERITIES)),
    stream: list(text),
    period: text.optional(),
    party: text.optional(),
    street: text.optional(),
    text: text.optional(),
  })
  .strict();

export const EXPORT_ROLES = ['ADMIN', 'STEWARD', 'ANALYST'] as const;

export class ExportRequestError extends CodedError {
  constructor(
    readonly status: number,
    readonly code: 'BAD_USER_INPUT' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
  }
}

/** The parameters as a FlagFilter (lists from repeated keys), or ExportRequestError naming the bad one. */
export function flagExportFilter(search: URLSearchParams) {
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    raw[key] = ['rule', 'status', 'severity', 'stream'].includes(key) ? values : values[values.length - 1]!;
  }
  const parsed = flagExportParams.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ExportRequestError(400, 'BAD_USER_INPUT', `${issue.path.join('.') || 'query'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Streams the file to `res`; errors before the first row answer as JSON with their code. */
export async function exportFlagsFile(caller: Caller, format: 'csv' | 'xlsx', search: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!(EXPORT_ROLES as readonly string[]).includes(caller.role)) {
    throw new ExportRequestError(403, 'FORBIDDEN', `flag exports need role ${EXPORT_ROLES.join(', ')}; your key has ${caller.role}`);
  }
  const filter = flagExportFilter(search);
  let query;
  try {
    query = flagQuery(filter, readableStreams(caller));
  } catch (err) {
    throw new ExportRequestError(400, 'BAD_USER_INPUT', (err as Error).message);
  }
  const flags = FlagModel.find(query).sort({ severityRank: -1, _id: -1 }).lean<FlagRecord>().cursor({ batchSize: 500 });
  if (format === 'xlsx') {
    res.writeHead(200, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': 'attachment; filename="flags.xlsx"', 'cache-control': 'no-store' });
    const xlsx = new XlsxWriter(res, CSV_COLUMNS, 'flags');
    for await (const flag of flags) xlsx.row(flagCsvRow(flag));
    await xlsx.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="flags.csv"', 'cache-control': 'no-store' });
  const csv = new CsvWriter(res, CSV_COLUMNS);
  await csv.start();
  for await (const flag of flags) await csv.row(flagCsvRow(flag));
  res.end();
}
