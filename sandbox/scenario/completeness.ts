/**
 * Completeness injections (应统尽统): a few reporters' monthly general ledger or HW ledger for one month
 * is withheld — every row of that enterprise-month removed from its stream — and recorded as a
 * COMPLETENESS discrepancy. Applied after the streams are generated and before the ground truth is
 * computed, so totals, counts and indicators are those of what is actually published.
 *
 * Only filings whose absence is an unambiguous, actionable MISSING and changes no other rule's truth:
 * - never a reporter's first month of that kind (the calendar expects a kind from the first filing on);
 * - only months whose due day (the 15th of the following month, CST) is not after the horizon;
 * - the reporter filed that kind in another month of the same quarter, and others filed it in that
 *   month (so TAX-PLATFORM and STAT-PLATFORM see an incomplete period: unknown, not a gap);
 * - the reporter has no free-text waste names (a coded row of one month resolves the next month's names);
 * - the reporter and the filing's records appear in no other discrepancy, near miss or malformed record.
 */
import { DAY_MS, HOUR_MS, addMonths, cstDate, cstIso, cstMidnight, parseCst, parseMonth } from './clock';
import type { ScenarioContext } from './context';
import type { IndustrialData } from './industrial';
import type { IndustrialStream, JsonRecord, PublishedFile, VersionedRecord } from './types';

export const LEDGER_KINDS = [
  { kind: 'GENERAL_LEDGER', stream: 'general-ledgers' },
  { kind: 'HW_LEDGER', stream: 'hw-ledgers' },
] as const satisfies readonly { kind: string; stream: IndustrialStream }[];

/** The end of a month's filing due day: the 15th of the following month, 24:00 CST. */
export function monthlyDueEnd(month: string): number {
  return cstMidnight(addMonths(parseMonth(month), 1), 15) + DAY_MS;
}

const quarterOf = (month: string) => `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;

function finalBody(record: VersionedRecord, horizon: number): JsonRecord | null {
  let body: JsonRecord | null = null;
  for (const v of record.versions) if (v.at <= horizon) body = v.body;
  return body;
}

/** One enterprise-month of a ledger stream: its USCC, month (`YYYY-MM`) and records. */
export interface Filing {
  uscc: string;
  month: string;
  records: VersionedRecord[];
  bodies: JsonRecord[];
}

/** The filings of a ledger stream as served at the horizon in the scenario's `months`, keyed `uscc|month`. Pure. */
export function filingsOf(records: readonly VersionedRecord[], horizon: number, months: ReadonlySet<string>): Map<string, Filing> {
  const out = new Map<string, Filing>();
  for (const record of records) {
    const body = finalBody(record, horizon);
    if (!body || typeof body.tyshxydm !== 'string' || !/^\d{6}$/.test(String(body.ny))) continue;
    const month = `${String(body.ny).slice(0, 4)}-${String(body.ny).slice(4, 6)}`;
    if (!months.has(month)) continue; // a malformed month (quarantined by the hub)
    const key = `${body.tyshxydm}|${month}`;
    const filing = out.get(key) ?? { uscc: body.tyshxydm, month, records: [], bodies: [] };
    filing.records.push(record);
    filing.bodies.push(body);
    out.set(key, filing);
  }
  return out;
}

/** Every string value some truth entry (discrepancy, near miss, malformed record) names. */
function namedInTruth(ctx: ScenarioContext): Set<string> {
  const named = new Set<string>();
  for (const entry of [...ctx.truth.discrepancies, ...ctx.truth.nearMisses]) for (const value of Object.values(entry.subject)) named.add(value);
  for (const m of ctx.truth.malformed) named.add(m.key);
  return named;
}

/**
 * The filings of one stream that may be withheld, in a stable order. Pure over its inputs: `named` are
 * the values other truth entries name, `freeText` the USCCs with a row without a waste code.
 */
export function eligibleFilings(filings: ReadonlyMap<string, Filing>, horizon: number, named: ReadonlySet<string>, freeText: ReadonlySet<string>): Filing[] {
  const monthsBy = new Map<string, string[]>();
  const reportersByMonth = new Map<string, number>();
  for (const f of filings.values()) {
    monthsBy.set(f.uscc, [...(monthsBy.get(f.uscc) ?? []), f.month].sort());
    reportersByMonth.set(f.month, (reportersByMonth.get(f.month) ?? 0) + 1);
  }
  const out: Filing[] = [];
  for (const f of filings.values()) {
    const months = monthsBy.get(f.uscc) ?? [];
    if (months[0] === f.month) continue; // the reporter's first filing of the kind
    if (monthlyDueEnd(f.month) > horizon) continue; // not yet due at the horizon
    if (!months.some((m) => m !== f.month && quarterOf(m) === quarterOf(f.month))) continue;
    if ((reportersByMonth.get(f.month) ?? 0) < 2) continue; // others file that month too
    if (freeText.has(f.uscc) || named.has(f.uscc) || f.records.some((r) => named.has(r.id))) continue;
    out.push(f);
  }
  return out.sort((a, b) => (a.uscc + a.month < b.uscc + b.month ? -1 : 1));
}

/**
 * Withholds a few filings of each ledger kind (the COMPLETENESS rate of the eligible ones, at least one),
 * each reporter at most once, and records them.
 */
export function withholdFilings(ctx: ScenarioContext, industrial: IndustrialData): void {
  const rng = ctx.rng.fork('completeness');
  const named = namedInTruth(ctx);
  const freeText = new Set<string>();
  for (const record of industrial.streams['general-ledgers']) {
    const body = finalBody(record, ctx.horizon);
    if (body && !body.fwdm && typeof body.tyshxydm === 'string') freeText.add(body.tyshxydm);
  }
  const withheldUscc = new Set<string>();
  for (const { kind, stream } of LEDGER_KINDS) {
    const filings = filingsOf(industrial.streams[stream], ctx.horizon, new Set(ctx.monthKeys));
    const candidates = eligibleFilings(filings, ctx.horizon, named, freeText);
    const reportersLeft = new Map<string, number>();
    for (const f of filings.values()) reportersLeft.set(f.month, (reportersLeft.get(f.month) ?? 0) + 1);
    const removed = new Set<VersionedRecord>();
    const wanted = ctx.injectionCount('COMPLETENESS', candidates.length);
    for (let n = 0; n < wanted; n++) {
      // someone else still files the month: TAX-PLATFORM/STAT-PLATFORM then see this reporter's period as incomplete
      const open = candidates.filter((f) => !withheldUscc.has(f.uscc) && (reportersLeft.get(f.month) ?? 0) > 1);
      if (open.length === 0) break;
      const filing = rng.pick(open);
      withheldUscc.add(filing.uscc);
      reportersLeft.set(filing.month, (reportersLeft.get(filing.month) ?? 0) - 1);
      for (const record of filing.records) removed.add(record);
      ctx.truth.add('COMPLETENESS', { uscc: filing.uscc, kind, month: filing.month }, { kind: 'WITHHELD', rows: filing.records.length, dueEnd: new Date(monthlyDueEnd(filing.month)).toISOString() });
    }
    industrial.streams[stream] = industrial.streams[stream].filter((r) => !removed.has(r));
  }
}

// ---------------------------------------------------------------------------------------------------
// Delays (LATE): a filing that arrives after its due day, complete at the horizon. Its content is
// untouched, so no other rule's truth changes; only the time it becomes visible moves. The hub marks it
// LATE only when it watched the stream before the due day (the ground-truth tests say whether they did:
// `detail.kind` DELAYED, `detail.dueEnd`).

/** The end of a day's weigh-ticket due day: the end of the following day, 24:00 CST (the hub's default). */
export function dailyDueEnd(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`) + 2 * DAY_MS;
}

/** The arrival instant of a delayed filing: `days` days and `hours` hours after its due instant. */
const delayedTo = (due: number, days: number, hours: number) => due + days * DAY_MS + hours * HOUR_MS;

/** Moves every version of `records` by the same amount so the first arrives at `at`. */
function shiftTo(records: readonly VersionedRecord[], at: number): void {
  const first = Math.min(...records.map((r) => r.versions[0]?.at ?? Infinity));
  const delta = at - first;
  for (const record of records) {
    for (const v of record.versions) {
      v.at += delta;
      if (typeof v.body.updatedAt === 'string') v.body = { ...v.body, updatedAt: cstIso(v.at) };
    }
  }
}

const MONTH_FILE = /^(ledgers|receipts)\/([^/]+)\/(\d{4}-\d{2})\.(csv|xlsx)$/;

/**
 * Delays a few filings of every kind the hub's calendar expects and the sandbox can time: monthly general
 * and HW ledgers (their rows' `updatedAt`), medical ledger files and the disposer's receipt files (the
 * drop's `modifiedAt`), a facility's day of weigh tickets (their `updatedAt`). Only filings that:
 * - are due before the horizon by more than the delay (they arrive by the horizon: complete data);
 * - have one version (a corrected filing keeps its correction before the due day);
 * - whose records no other truth entry or malformed record names (a record time some rule reads stays
 *   where it was), of a reporter whose filing of that kind is not withheld;
 * each reporter at most once per kind. A delayed first filing is still a filing: the calendar expects
 * the kind from it on, and it is LATE. Recorded as COMPLETENESS, `detail.kind` DELAYED.
 */
export function delayFilings(ctx: ScenarioContext, industrial: IndustrialData, household: { streams: { 'weigh-tickets': VersionedRecord[]; facilities: VersionedRecord[] } }, medical: { files: PublishedFile[] }): void {
  const rng = ctx.rng.fork('completeness-delays');
  const named = namedInTruth(ctx);
  const withheld = new Set(ctx.truth.discrepancies.filter((d) => d.rule === 'COMPLETENESS').map((d) => d.subject.uscc));
  const months = new Set(ctx.monthKeys);

  // industrial ledgers: the rows of an enterprise-month, their `updatedAt` after the due day
  for (const { kind, stream } of LEDGER_KINDS) {
    const filings = filingsOf(industrial.streams[stream], ctx.horizon, months);
    const candidates = [...filings.values()]
      .filter((f) => delayedTo(monthlyDueEnd(f.month), 3, 0) < ctx.horizon)
      .filter((f) => f.records.every((r) => r.versions.length === 1) && !withheld.has(f.uscc) && !f.records.some((r) => named.has(r.id)))
      .sort((a, b) => (a.uscc + a.month < b.uscc + b.month ? -1 : 1));
    const taken = new Set<string>();
    for (let n = ctx.injectionCount('COMPLETENESS', candidates.length); n > 0; n--) {
      const open = candidates.filter((f) => !taken.has(f.uscc));
      if (open.length === 0) break;
      const filing = rng.pick(open);
      taken.add(filing.uscc);
      const at = delayedTo(monthlyDueEnd(filing.month), rng.int(0, 2), rng.int(9, 17));
      shiftTo(filing.records, at);
      ctx.truth.add('COMPLETENESS', { uscc: filing.uscc, kind, month: filing.month }, { kind: 'DELAYED', filedAt: cstIso(at), dueEnd: new Date(monthlyDueEnd(filing.month)).toISOString() });
    }
  }

  // medical: a ledger file of an institution (or the disposer's receipts) uploaded after the due day
  for (const [kind, folder] of [['MEDICAL_LEDGER', 'ledgers'], ['MEDICAL_RECEIPTS', 'receipts']] as const) {
    const candidates = medical.files.filter((file) => {
      const match = MONTH_FILE.exec(file.path);
      if (!match || match[1] !== folder) return false;
      const [, , uscc = '', month = ''] = match;
      return months.has(month) && uscc !== '' && file.versions.length === 1 && delayedTo(monthlyDueEnd(month), 3, 0) < ctx.horizon
        && ![...named].some((key) => key.startsWith(`${file.path}#`));
    });
    const taken = new Set<string>();
    for (let n = ctx.injectionCount('COMPLETENESS', candidates.length); n > 0; n--) {
      const open = candidates.filter((f) => !taken.has(f.path.split('/')[1]!));
      if (open.length === 0) break;
      const file = rng.pick(open);
      const [, , uscc = '', month = ''] = MONTH_FILE.exec(file.path)!;
      taken.add(uscc);
      const at = delayedTo(monthlyDueEnd(month), rng.int(0, 2), rng.int(9, 17));
      file.versions[0]!.at = at;
      ctx.truth.add('COMPLETENESS', { uscc, kind, month }, { kind: 'DELAYED', path: file.path, filedAt: cstIso(at), dueEnd: new Date(monthlyDueEnd(month)).toISOString() });
    }
  }

  // weigh tickets: a transfer station's or plant's day, every ticket of it uploaded after the next day
  const weighing = new Set(household.streams.facilities.map((f) => f.versions.at(-1)?.body).filter((b) => b && ['TRANSFER_STATION', 'INCINERATOR', 'FOOD_WASTE_PLANT'].includes(String(b.type))).map((b) => String(b!.facilityId)));
  const days = new Map<string, VersionedRecord[]>();
  for (const record of household.streams['weigh-tickets']) {
    const body = finalBody(record, ctx.horizon);
    if (!body || typeof body.facilityId !== 'string' || !weighing.has(body.facilityId) || typeof body.weighedAt !== 'string') continue;
    const at = parseCst(body.weighedAt);
    if (Number.isNaN(at)) continue;
    const key = `${body.facilityId}|${cstDate(at)}`;
    days.set(key, [...(days.get(key) ?? []), record]);
  }
  const candidates = [...days.entries()]
    .filter(([key, records]) => {
      const day = key.split('|')[1] ?? '';
      return delayedTo(dailyDueEnd(day), 1, 0) < ctx.horizon && !records.some((r) => named.has(r.id) || r.versions.some((v) => named.has(String(v.body.ticketNo))));
    })
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const taken = new Set<string>();
  for (let n = ctx.injectionCount('COMPLETENESS', candidates.length); n > 0; n--) {
    const open = candidates.filter(([key]) => !taken.has(key.split('|')[0]!));
    if (open.length === 0) break;
    const [key, records] = rng.pick(open);
    const [facilityId = '', day = ''] = key.split('|');
    taken.add(facilityId);
    const at = delayedTo(dailyDueEnd(day), 0, rng.int(1, 20));
    shiftTo(records, at);
    ctx.truth.add('COMPLETENESS', { facilityId, kind: 'WEIGH_TICKETS', day }, { kind: 'DELAYED', tickets: records.length, filedAt: cstIso(at), dueEnd: new Date(dailyDueEnd(day)).toISOString() });
  }
}
