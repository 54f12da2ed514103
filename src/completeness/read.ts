/**
 * The completeness calendar's inputs from the store, read from the filings aggregate
 * (src/model/filing.ts, kept by ./filings.ts): reporters (who filed each kind, from when) from the
 * reporters summary, and the filings of the periods asked by their keyed `_id`s (reporters × periods):
 * reads grow with the reporters and the periods asked, not with history.
 *
 * - Period reports: a receipt's time and versions come from the report's source records, kept in the
 *   aggregate (a filing stored without one has its source records point-read).
 * - MEDICAL_LEDGER / MEDICAL_RECEIPTS: one file of the medical drop per institution (disposer) and month;
 *   files state no submission time: received = when the hub first saw a row of it. Ledgers are expected
 *   only of institutions in the registry (institutions.csv, read here), up to their removal from it (the
 *   registry record retired); disposers have no registry: expected from their first file.
 * - WEIGH_TICKETS: one day of a facility's weigh tickets (CST day of `weighedAt`), of the transfer
 *   stations, incinerators and food-waste plants of the household facility registry (read here);
 *   received = the earliest first version's `updatedAt` of that day's tickets (stated by the platform). A
 *   day is expected only once the feed has delivered a ticket weighed after it ended (at any such facility).
 */
import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { config } from '../config';
import { STREAMS_BY_SOURCE } from '../ingest/streamStats';
import { FILING_STATE_ID, FilingModel, FilingReporterModel, FilingStateModel, cstDayOf, filingId, firstReceivedAt, medicalFileOf, mergeReceipt, type Filing, type FilingReporter, type FilingState } from '../model/filing';
import { SourceRecordModel } from '../model/sourceRecord';
import { SyncRunModel } from '../model/syncRun';
import { FacilityModel, type FacilityType } from '../model/facility';
import { CURSOR_BATCH, usccKey } from '../reconcile/rules/rule';
import { findByIds, isPointReadStore } from '../store/reads';
import { memoByKey, memoByStream, streamsKey } from '../store/streamStats';
import { FILING_CADENCE, FILING_KINDS, FILING_STREAM, calendarCells, dueEnd, periodsFor, receiptKey, watchKey, type Cell, type DueDays, type FilingKind, type Receipt, type Reporter } from './calendar';
import { filingRowOf, refreshFilings, type FilingRow as ReportRow } from './filings';

export { cstDayOf, filingRowOf, firstReceivedAt, medicalFileOf };

/** One filing of the periods asked: whose, for which period, its source records or its receipt. */
export interface FilingRow extends ReportRow {
  /** filings read from their source records: the receipt merged as they were stored (no point reads) */
  receipt?: Receipt | null;
}

/** The household facility types whose daily weigh tickets are expected: transfer stations and plants. */
export const WEIGHING_FACILITY_TYPES: readonly FacilityType[] = ['TRANSFER_STATION', 'INCINERATOR', 'FOOD_WASTE_PLANT'];

interface InstitutionHead {
  sourceId: string;
  retiredAt?: Date | null;
  payload: Record<string, unknown>;
}

/** The medical institution registry (read again only once its stream changed): USCC → name and, once every record of it is retired, when. */
function medicalRegistry(): Promise<ReadonlyMap<string, { name: string; until: Date | null }>> {
  return memoByStream('medical', 'institutions', readMedicalRegistry);
}

async function readMedicalRegistry(): Promise<Map<string, { name: string; until: Date | null }>> {
  const out = new Map<string, { name: string; until: Date | null }>();
  const cursor = SourceRecordModel.find({ source: 'medical', stream: 'institutions' }).select({ sourceId: 1, retiredAt: 1, 'payload.机构名称': 1 }).lean<InstitutionHead[]>().cursor({ batchSize: CURSOR_BATCH });
  for await (const record of cursor) {
    const uscc = usccKey(record.sourceId);
    if (!uscc) continue;
    const name = typeof record.payload?.['机构名称'] === 'string' ? (record.payload['机构名称'] as string) : uscc;
    const until = record.retiredAt ?? null;
    const known = out.get(uscc);
    // registered while any record of it is current
    if (!known) out.set(uscc, { name, until });
    else if (known.until !== null) out.set(uscc, { name: until === null ? name : known.name, until: until === null ? null : until > known.until ? until : known.until });
  }
  return out;
}

/** The household registry's weighing facilities: code → name and street. */
async function weighingFacilities(): Promise<Map<string, { name: string; street: string | null }>> {
  const facilities = new Map<string, { name: string; street: string | null }>();
  // the household source's facilities are its stream's ({stream, type} serves the query)
  for (const f of await FacilityModel.find({ stream: 'household', type: { $in: WEIGHING_FACILITY_TYPES } }).select({ code: 1, name: 1, street: 1 }).lean<{ code: string; name: string; street: string | null }[]>()) {
    facilities.set(f.code, { name: f.name, street: f.street });
  }
  return facilities;
}

/**
 * The calendar's reporters of `kinds` from the reporters summary, with the registries applied: medical
 * ledgers only of registered institutions (their registry name, `until` their removal), weigh tickets
 * only of registered weighing facilities (their name and street, `until` the latest ticket weighed at
 * any of them). Sorted by key, then kind.
 */
export async function loadReporters(kinds: readonly FilingKind[], streets: ReadonlyMap<string, string | null> = new Map(), memoKey: string | null = null): Promise<Reporter[]> {
  if (kinds.length === 0) return [];
  // the `{ kind, reporterKey }` index; reporters grow with the district, not with history
  const stored = await memoByKey(`completeness reporters|${kinds.join()}`, memoKey, () => FilingReporterModel.find({ kind: { $in: [...kinds] } }).lean<FilingReporter[]>().exec());
  const registry = kinds.includes('MEDICAL_LEDGER') ? await medicalRegistry() : null;
  const facilities = kinds.includes('WEIGH_TICKETS') ? await weighingFacilities() : null;
  let fedUntil: Date | null = null;
  if (facilities) for (const r of stored) if (r.kind === 'WEIGH_TICKETS' && facilities.has(r.reporterKey) && r.lastWeighedAt && (!fedUntil || r.lastWeighedAt > fedUntil)) fedUntil = r.lastWeighedAt;
  const reporters: Reporter[] = [];
  for (const r of stored) {
    let label = r.label;
    let street = r.street ?? streets.get(r.reporterKey) ?? null;
    let until: Date | null = null;
    if (r.kind === 'MEDICAL_LEDGER') {
      const registered = registry!.get(r.reporterKey);
      if (!registered) continue; // not a registered institution: not expected (unknown)
      label = registered.name;
      until = registered.until;
    } else if (r.kind === 'WEIGH_TICKETS') {
      const facility = facilities!.get(r.reporterKey);
      if (!facility) continue;
      label = facility.name;
      street = facility.street ?? streets.get(r.reporterKey) ?? null;
      until = fedUntil;
    }
    reporters.push({ key: r.reporterKey, label, kind: r.kind, street, firstPeriod: r.firstPeriod, ...(until ? { until } : {}) });
  }
  return reporters.sort((a, b) => a.key.localeCompare(b.key) || a.kind.localeCompare(b.kind));
}

/** Reporters of the rows: one per (kind, key), from the first period it filed. Pure. */
export function reportersOf(rows: readonly FilingRow[], streets: ReadonlyMap<string, string | null> = new Map()): Reporter[] {
  const byKey = new Map<string, Reporter>();
  for (const row of rows) {
    const key = `${row.kind}|${row.reporterKey}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, { key: row.reporterKey, label: row.label, kind: row.kind, street: row.street ?? streets.get(row.reporterKey) ?? null, firstPeriod: row.period });
    else if (row.period < known.firstPeriod) known.firstPeriod = row.period;
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key) || a.kind.localeCompare(b.kind));
}

/** Above this many filings of a kind, a point-read store reads the kind's periods with one query instead. */
const POINT_READS_PER_KIND = 1024;

/**
 * The filings of `reporters` for `periods` (each reporter's cadence's, from its first period): by
 * their keyed `_id`s (point reads on the embedded store, one `_id $in` on MongoDB); on the embedded store a kind with more
 * of them than POINT_READS_PER_KIND (a year of daily weigh tickets) is read with one `{ kind, period }` query.
 */
export async function loadFilings(reporters: readonly Reporter[], periods: readonly string[]): Promise<FilingRow[]> {
  const idsByKind = new Map<FilingKind, { ids: Types.ObjectId[]; periods: Set<string>; keys: Set<string> }>();
  for (const reporter of reporters) {
    const wanted = idsByKind.get(reporter.kind) ?? { ids: [], periods: new Set<string>(), keys: new Set<string>() };
    for (const period of periodsFor(FILING_CADENCE[reporter.kind], periods)) {
      if (period < reporter.firstPeriod) continue;
      wanted.ids.push(filingId(reporter.kind, reporter.key, period));
      wanted.periods.add(period);
    }
    wanted.keys.add(reporter.key);
    idsByKind.set(reporter.kind, wanted);
  }
  const pointReads = await isPointReadStore();
  const filings: Filing[] = [];
  for (const [kind, wanted] of idsByKind) {
    if (wanted.ids.length === 0) continue;
    if (pointReads && wanted.ids.length > POINT_READS_PER_KIND) {
      const found = await FilingModel.find({ kind, period: { $in: [...wanted.periods] } }).lean<Filing[]>().exec();
      filings.push(...found.filter((f) => wanted.keys.has(f.reporterKey)));
    } else filings.push(...(await findByIds<Filing>(FilingModel, wanted.ids)));
  }
  return filings.map((f) => ({ kind: f.kind, reporterKey: f.reporterKey, label: f.label, street: f.street, period: f.period, sources: f.sources ?? [], receipt: f.receipt ?? null }));
}

interface SourceHead {
  source: string;
  stream: string;
  version: number;
  firstSeenAt: Date;
  payload: { updatedAt?: unknown };
  history: { payload: { updatedAt?: unknown } }[];
}

/** Receipts of the rows: per cell the earliest first arrival and the most versions of its records. */
export async function loadReceipts(rows: readonly FilingRow[]): Promise<Map<string, Receipt>> {
  const receipts = new Map<string, Receipt>();
  // filings stored without a receipt: their source records by `_id` (point reads on the embedded store)
  const ids = new Map(rows.filter((row) => !row.receipt).flatMap((row) => row.sources.map((id) => [id.toHexString(), id] as const)));
  const records = new Map(
    (await findByIds<SourceHead & { _id: Types.ObjectId }>(SourceRecordModel, [...ids.values()], { projection: { source: 1, stream: 1, version: 1, firstSeenAt: 1, 'payload.updatedAt': 1, 'history.payload.updatedAt': 1 } })).map((r) => [r._id.toHexString(), r]),
  );
  for (const row of rows) {
    const key = receiptKey(row.kind, row.reporterKey, row.period);
    if (row.receipt) {
      receipts.set(key, mergeReceipt(receipts.get(key), { ...row.receipt }));
      continue;
    }
    for (const id of row.sources) {
      const record = records.get(id.toHexString());
      if (!record) continue;
      const { at, stated } = firstReceivedAt({ ...record, payload: record.payload ?? {}, history: record.history ?? [] });
      receipts.set(key, mergeReceipt(receipts.get(key), { receivedAt: at, stated, versions: record.version, stream: watchKey(record.source, record.stream) }));
    }
  }
  return receipts;
}

/**
 * When the hub first synced each stream of `receipts` successfully (its watch start, on the runs' own
 * clock `seenAt`; runs stored before it have only `startedAt`), two reads per stream: the
 * `{ connector, stream, status, seenAt, startedAt }` index of SyncRun serves both.
 */
export async function loadWatchStarts(receipts: ReadonlyMap<string, Receipt>): Promise<Map<string, Date>> {
  const streams = new Set<string>();
  for (const receipt of receipts.values()) if (receipt.stream) streams.add(receipt.stream);
  const starts = new Map<string, Date>();
  for (const key of streams) {
    const slash = key.indexOf('/');
    const run = { connector: key.slice(0, slash), stream: key.slice(slash + 1), status: 'SUCCEEDED' };
    const first = await SyncRunModel.findOne({ ...run, seenAt: { $ne: null } }).sort({ seenAt: 1 }).select({ seenAt: 1 }).lean<{ seenAt: Date }>();
    const legacy = await SyncRunModel.findOne({ ...run, seenAt: null }).sort({ startedAt: 1 }).select({ startedAt: 1 }).lean<{ startedAt: Date }>();
    const at = [first?.seenAt, legacy?.startedAt].filter((d): d is Date => d instanceof Date).sort((a, b) => a.getTime() - b.getTime())[0];
    if (at) starts.set(key, at);
  }
  return starts;
}

/**
 * For each receipt without a stated time first seen after its due instant: a successful sync of its
 * stream at or after the due instant that ended before the receipt was first seen (it looked and the
 * filing was not there), one indexed read per such receipt. Sets `absentAt`.
 */
export async function markSeenAbsent(rows: readonly FilingRow[], receipts: ReadonlyMap<string, Receipt>, due: DueDays): Promise<void> {
  const done = new Set<string>();
  for (const row of rows) {
    const key = receiptKey(row.kind, row.reporterKey, row.period);
    const receipt = receipts.get(key);
    if (!receipt || receipt.stated || !receipt.stream || done.has(key)) continue;
    done.add(key);
    const dueAt = dueEnd(row.period, FILING_CADENCE[row.kind], due);
    if (receipt.receivedAt.getTime() <= dueAt.getTime()) continue;
    const slash = receipt.stream.indexOf('/');
    const runs = await SyncRunModel.find({ connector: receipt.stream.slice(0, slash), stream: receipt.stream.slice(slash + 1), status: 'SUCCEEDED', seenAt: { $gte: dueAt, $lt: receipt.receivedAt } })
      .sort({ seenAt: 1 })
      .limit(3)
      .select({ seenAt: 1, startedAt: 1, finishedAt: 1 })
      .lean<{ seenAt: Date; startedAt: Date; finishedAt: Date | null }[]>();
    // not the run that delivered it: a run on its own clock (`asOf`) stamps its records with exactly that
    // instant (excluded by `$lt`); a run on the wall clock stamps them per batch, after its start, so it
    // must have finished before the filing was first seen
    const run = runs.find((r) => r.seenAt.getTime() !== r.startedAt.getTime() || (r.finishedAt !== null && r.finishedAt.getTime() < receipt.receivedAt.getTime()));
    receipt.absentAt = run?.seenAt ?? null;
  }
}

/** The due days in force (src/config.ts). */
export function configuredDueDays(): DueDays {
  const c = config();
  return { monthly: c.COMPLETENESS_DUE_DAY_MONTHLY, quarterly: c.COMPLETENESS_DUE_DAY_QUARTERLY, annualMonth: c.COMPLETENESS_DUE_MONTH_ANNUAL, annualDay: c.COMPLETENESS_DUE_DAY_ANNUAL, daily: c.COMPLETENESS_DUE_DAYS_DAILY };
}

/** Every stream of the sources of `kinds` (their registries' streams with them): what the aggregate of those kinds is made from. */
function streamsFeeding(kinds: readonly FilingKind[]): Array<{ source: string; stream: string }> {
  const sources = new Set<string>(kinds.map((kind) => FILING_STREAM[kind]));
  return STREAMS_BY_SOURCE.filter(({ source }) => sources.has(source)).flatMap(({ source, streams }) => streams.map((stream) => ({ source, stream })));
}

/**
 * What the calendar's reads of `kinds` are kept by in this process (src/store/streamStats.ts): the
 * counters of every stream of their sources (a run that ends or a record stored or retired there moves
 * them) and the aggregate's revision (a catch-up, retirement or rebuild that wrote filings moves it, also
 * one finishing after the runs). One point read per stream and one of the state; null: read every time.
 */
async function calendarKey(kinds: readonly FilingKind[]): Promise<string | null> {
  const state = await FilingStateModel.findById(FILING_STATE_ID).select({ version: 1, revision: 1 }).lean<Pick<FilingState, 'version' | 'revision'>>().exec();
  const streams = await streamsKey(streamsFeeding(kinds));
  return streams === null ? null : `${state?.version ?? '-'}|${state?.revision ?? 0}|${streams}`;
}

export interface CalendarInputs {
  reporters: Reporter[];
  /** what the calendar's reads for these inputs are kept by (`calendarKey`); null: read every time */
  memoKey: string | null;
}

/**
 * Every kind's reporters, the filings aggregate brought up to date first (./filings.ts): the catch-up (a
 * read of the pending report periods, and of their reports when some are) and the reporters'
 * read once per change of the streams that make them, not once per calendar read.
 */
export async function loadCalendarInputs(kinds: readonly FilingKind[] = FILING_KINDS, streets?: ReadonlyMap<string, string | null>): Promise<CalendarInputs> {
  const memoKey = await calendarKey(kinds);
  await memoByKey(`completeness catch-up|${kinds.join()}`, memoKey, () => refreshFilings());
  return { reporters: await loadReporters(kinds, streets, memoKey), memoKey };
}

/**
 * The cells of `periods` at `asOf`, filings and receipts read only for those periods and reporters, and
 * kept while `inputs.memoKey` holds (a calendar read again costs its key's point reads).
 */
export async function calendarFor(inputs: CalendarInputs, periods: readonly string[], asOf: Date, due: DueDays = configuredDueDays()): Promise<Cell[]> {
  const asked = createHash('sha1').update(JSON.stringify([inputs.reporters.map((r) => [r.kind, r.key, r.firstPeriod]), periods, due])).digest('base64url');
  const { receipts, watchStarts } = await memoByKey(`completeness receipts|${asked}`, inputs.memoKey, async () => {
    const rows = await loadFilings(inputs.reporters, periods);
    const receipts = await loadReceipts(rows);
    await markSeenAbsent(rows, receipts, due);
    return { receipts, watchStarts: await loadWatchStarts(receipts) };
  });
  return calendarCells(inputs.reporters, periods, receipts, asOf, due, watchStarts);
}
