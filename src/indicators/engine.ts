/**
 * computeIndicators: aggregate each month once (the only scan of movements), then compute every
 * computable indicator per month × area from the aggregates, then quarters and years by summing the
 * months' numerators and denominators, then steward-entered values, each with the previous period's
 * value. Makes the stored live version (0) of the periods' IndicatorValues equal to what it computed,
 * writing only what changed: a value computed again unchanged is not written (its computedAt stays
 * when it last changed), one no longer computed is deleted. A closed month's live values are kept out
 * of dashboards (`current: false`) until the month is re-closed.
 *
 * setIndicatorInput: a steward's value for an indicator the sources cannot compute, append-only.
 */
import { COMPUTABLE, INDICATORS, indicatorDefinition } from './definitions';
import { scaledDecimal } from './decimals';
import { IndicatorValueModel, LIVE_VERSION, type IndicatorValue, type IndicatorValueRecord, type ValueActor } from './indicatorValueModel';
import { detectLateData } from './lateData';
import { ManualInputModel, type ManualInputRecord } from './manualInputModel';
import { AGGREGATE_SCOPE, aggregateMonths } from './aggregate';
import { PeriodAggregateModel, DISTRICT_AREA, type PeriodAggregate, type PeriodAggregateRecord } from './periodAggregateModel';
import { PeriodModel } from './periodModel';
import { inPriorityHistory, keepPriorityValues, keptPriorityValues, priorityHistoryFilter, priorityRevision, raisePriorityRevision } from './prioritySnapshot';
import { parsePeriod, previousPeriod, quarterOf, yearOf, type PeriodKey } from './periods';
import { STREET_CODES } from '../model/reference/streets';
import { acquireLockWaiting } from '../infra/lock';
import { keyedObjectId } from '../store/keys';
import { writeKeyedSet, type KeyedModel, type KeyedSetCounts } from '../store/keyed';
import { findByIds } from '../store/reads';
import { finishReplacements } from '../store/replace';
import { computedValue, manualValue, previousComparison, sumInputs, type LiveValue } from './values';
import { CodedError } from '../errors';

export const INDICATOR_ENGINE_ACTOR: ValueActor = { id: 'indicators', label: 'indicator engine' };

export interface ComputeIndicatorsResult {
  months: string[];
  periods: string[];
  /** live values computed */
  values: number;
  /** of which inserted, replaced (changed), unchanged (not written); and stored ones no longer computed, deleted */
  written: KeyedSetCounts;
  /** when the run computed (a value's computedAt is when it last changed, which may be an earlier run) */
  computedAt: Date;
  lateData: { period: string; records: number }[];
}

/**
 * Computes (and stores) every indicator for the months of `periods` (months, quarters or years) and
 * for the quarters and years containing them. `actor` is recorded on every value.
 */
/** Fault injection (src/killPoints.ts): `point` runs after each write, named `month:<YYYY-MM>` or `chunk:<n>`. */
export interface IndicatorHooks {
  afterWrite?: (point: string) => void;
}

export async function computeIndicators(options: { periods: readonly string[]; actor?: ValueActor; now?: Date; hooks?: IndicatorHooks }): Promise<ComputeIndicatorsResult> {
  const actor = options.actor ?? INDICATOR_ENGINE_ACTOR;
  const now = options.now ?? new Date();
  const months = [...new Set(options.periods.flatMap((p) => parsePeriod(p).months))].sort();
  const lateData: ComputeIndicatorsResult['lateData'] = [];
  for (const month of months) {
    const late = await detectLateData(month, now);
    if (late > 0) lateData.push({ period: month, records: late });
  }
  return withIndicatorWriter(async () => {
    const aggregated = await aggregateMonths(months, now);
    for (const month of months) options.hooks?.afterWrite?.(`month:${month}`);
    const { history, ...computed } = await computeFromAggregates(months, aggregated, actor, now, options.hooks);
    return { result: { months, ...computed, computedAt: now, lateData }, written: computed.written, history };
  });
}

/**
 * Every value of the months' periods (and their quarters and years) from the aggregates: `aggregated`,
 * what the run just stored for `months`, and the stored ones of the quarters' and years' other months;
 * under the writer lock.
 */
async function computeFromAggregates(
  months: readonly string[],
  aggregated: readonly PeriodAggregate[],
  actor: ValueActor,
  now: Date,
  hooks?: IndicatorHooks,
): Promise<Pick<ComputeIndicatorsResult, 'periods' | 'values' | 'written'> & { history: KeptHistory }> {
  const periods: PeriodKey[] = [
    ...months.map((m) => parsePeriod(m, 'MONTH')),
    ...[...new Set(months.map(quarterOf))].map((q) => parsePeriod(q, 'QUARTER')),
    ...[...new Set(months.map(yearOf))].map((y) => parsePeriod(y, 'YEAR')),
  ];
  // a year's run aggregated all its months: only a month's or a quarter's run reads the others
  const otherMonths = [...new Set(periods.flatMap((p) => p.months))].filter((m) => !months.includes(m));
  const others = otherMonths.length ? await PeriodAggregateModel.find({ month: { $in: otherMonths } }).lean<PeriodAggregateRecord[]>() : [];
  const byMonthArea = new Map([...aggregated, ...others].map((a) => [`${a.month}|${a.area}`, a]));
  const manual = await latestManualInputs(periods.map((p) => p.key));
  const live: LiveValue[] = [];
  for (const period of periods) {
    const ctx = { period: period.key, periodKind: period.kind, actor, now };
    for (const area of [DISTRICT_AREA, ...STREET_CODES]) {
      const monthsWithData = period.months.map((m) => byMonthArea.get(`${m}|${area}`)).filter((a): a is PeriodAggregateRecord => Boolean(a));
      if (monthsWithData.length === 0) continue;
      const inputs = sumInputs(monthsWithData.map((a) => a.inputs));
      for (const def of COMPUTABLE) {
        if (area !== DISTRICT_AREA && !def.areas.includes('STREET')) continue;
        live.push(computedValue(def, inputs, { ...ctx, area }));
      }
    }
    for (const entry of manual.filter((e) => e.period === period.key)) {
      const def = indicatorDefinition(entry.code);
      if (def && !def.computable) live.push(manualValue(def, { id: entry._id, value: entry.value, reason: entry.reason, actor: entry.actor, at: entry.at }, { ...ctx, area: entry.area }));
    }
  }
  // One query (each `$or` branch on its index; the embedded store reads the collection once, not three
  // times): every live value stored for these periods, those the run no longer computes are removed; the
  // current values of the periods before them, which the values compare with; and the district's
  // priority history, which the dashboard keeps (prioritySnapshot.ts), read at the revision before it.
  const keys = new Set(periods.map((p) => p.key));
  const previousKeys = new Set(periods.map((p) => previousPeriod(p)));
  const revisionBefore = await priorityRevision();
  const read = await IndicatorValueModel.find({
    $or: [{ period: { $in: [...keys] }, version: LIVE_VERSION }, { period: { $in: [...previousKeys] }, current: true }, priorityHistoryFilter(DISTRICT_AREA)],
  }).lean<IndicatorValueRecord[]>();
  const stored = read.filter((v) => keys.has(v.period) && v.version === LIVE_VERSION);
  const currentBefore = read.filter((v) => previousKeys.has(v.period) && v.current);
  // the history as the writes leave it: the live values of these periods as written, the rest as read
  const history = read.filter((v) => inPriorityHistory(v, DISTRICT_AREA) && !(keys.has(v.period) && v.version === LIVE_VERSION));
  const written = await writeLive(live, stored, hooks, currentBefore, (doc) => {
    if (inPriorityHistory(doc, DISTRICT_AREA)) history.push(doc);
  });
  return { periods: periods.map((p) => p.key), values: live.length, written, history: { revisionBefore, values: history } };
}

/** The latest steward entry per (code, period, area) for these periods. */
async function latestManualInputs(periods: readonly string[]): Promise<ManualInputRecord[]> {
  const entries = await ManualInputModel.find({ period: { $in: [...periods] } }).sort({ at: -1, _id: -1 }).lean<ManualInputRecord[]>();
  const latest = new Map<string, ManualInputRecord>();
  for (const e of entries) {
    const key = `${e.code}|${e.period}|${e.area}`;
    if (!latest.has(key)) latest.set(key, e);
  }
  return [...latest.values()];
}

/**
 * Writes live values with their previous-period comparison (a steward's value): each is compared with
 * the one stored under its key, read by keyed `_id`, and written only when it differs. A closed
 * month's live value is not `current` (dashboards keep showing the frozen version until a re-close).
 */
export function writeLiveValues(live: readonly LiveValue[], hooks?: IndicatorHooks): Promise<KeyedSetCounts> {
  return withIndicatorWriter(async () => {
    const ids = live.map((v) => keyedObjectId(IndicatorValueModel.modelName, ...LIVE_KEY.map((field) => String(v[field]))));
    const written = await writeLive(live, await findByIds<IndicatorValueRecord>(IndicatorValueModel, ids), hooks);
    return { result: written, written };
  });
}

/** The natural key of an IndicatorValue (its keyed `_id` derives from it). */
const LIVE_KEY = ['code', 'period', 'area', 'version'] as const;
/** when and by whom a value was last written: a run that computes the same value again leaves them */
const VALUE_STAMPS = ['computedAt', 'computedBy'] as const;

type PreviousValue = Pick<IndicatorValueRecord, 'code' | 'period' | 'area' | 'value'>;

/**
 * Makes the stored live values `stored` equal to `live` (with their previous-period comparison): new
 * ones inserted, changed ones replaced, stored ones `live` no longer has deleted, equal ones not written.
 * `currentBefore`: the current values of the periods before the live ones, when the caller read them
 * with `stored`; otherwise they are read here.
 */
async function writeLive(
  live: readonly LiveValue[],
  stored: readonly IndicatorValueRecord[],
  hooks?: IndicatorHooks,
  currentBefore?: readonly PreviousValue[],
  onStored?: (value: IndicatorValueRecord) => void,
): Promise<KeyedSetCounts> {
  const monthKeys = [...new Set(live.filter((v) => v.periodKind === 'MONTH').map((v) => v.period))];
  const closed = new Set(monthKeys.length ? (await PeriodModel.find({ period: { $in: monthKeys }, status: 'CLOSED' }).select({ period: 1 }).lean()).map((p) => p.period) : []);
  const previousKeys = [...new Set(live.map((v) => previousPeriod(parsePeriod(v.period, v.periodKind))))];
  const written = new Map(live.map((v) => [`${v.code}|${v.period}|${v.area}`, v.value]));
  const previous = new Map<string, string | null>();
  // a previous period this run computes compares with what it computed; only the others are read
  const livePeriods = new Set(live.map((v) => v.period));
  const outside = previousKeys.filter((key) => !livePeriods.has(key));
  const before = currentBefore
    ? currentBefore.filter((p) => outside.includes(p.period))
    : outside.length ? await IndicatorValueModel.find({ period: { $in: outside }, current: true }).select({ code: 1, period: 1, area: 1, value: 1 }).lean<PreviousValue[]>() : [];
  for (const p of before) previous.set(`${p.code}|${p.period}|${p.area}`, p.value);
  const docs: IndicatorValue[] = live.map((v) => {
    const prevKey = previousPeriod(parsePeriod(v.period, v.periodKind));
    const prevValue = written.get(`${v.code}|${prevKey}|${v.area}`) ?? previous.get(`${v.code}|${prevKey}|${v.area}`);
    return { ...v, current: !closed.has(v.period), previous: prevValue === undefined ? null : previousComparison(prevKey, v.value, prevValue) };
  });
  return writeKeyedSet(IndicatorValueModel as unknown as KeyedModel, LIVE_KEY, docs as unknown as Record<string, unknown>[], stored as unknown as Array<Record<string, unknown> & { _id: unknown }>, {
    scope: INDICATOR_WRITER,
    stamps: VALUE_STAMPS,
    afterChunk: (index) => hooks?.afterWrite?.(`chunk:${index}`),
    onStored: onStored as ((doc: Record<string, unknown>) => void) | undefined,
  });
}

/** Aggregates and live values are written by one writer at a time: its lock names the journal scope of their replacements. */
const INDICATOR_WRITER = AGGREGATE_SCOPE;

/** The district's priority history a run read at `revisionBefore`, as its writes left it (prioritySnapshot.ts). */
interface KeptHistory {
  revisionBefore: number;
  values: IndicatorValueRecord[];
}

/** What a writer's work answers: its result, what it wrote of the live values, and the history it kept when it read it. */
interface WriterOutcome<T> {
  result: T;
  written: KeyedSetCounts;
  history?: KeptHistory;
}

async function withIndicatorWriter<T>(work: () => Promise<WriterOutcome<T>>): Promise<T> {
  const lock = await acquireLockWaiting(INDICATOR_WRITER, 2 * 60_000);
  let outcome: WriterOutcome<T> | undefined;
  let reread: boolean;
  try {
    await finishReplacements(INDICATOR_WRITER, [IndicatorValueModel, PeriodAggregateModel] as unknown as KeyedModel[]);
    outcome = await work();
  } finally {
    try {
      // a failed run may have written some values: the dashboard's kept ones are reread
      reread = outcome ? await keepWrittenHistory(outcome) : (await raisePriorityRevision(), true);
    } finally {
      await lock.release();
    }
  }
  // the district's, now and outside the lock, so the console's first dashboard after a run does not;
  // a failed read fails no run: the next dashboard request reads them
  if (reread) await keptPriorityValues(DISTRICT_AREA).catch(() => undefined);
  return outcome.result;
}

/**
 * After a run's writes: raises the priority revision when it changed a value, and keeps the district's
 * history as the run left it when no other writer raised the revision since the run read it (a close
 * publishing a version raises it too). Answers whether the district's values must be read again.
 */
async function keepWrittenHistory({ written, history }: WriterOutcome<unknown>): Promise<boolean> {
  const changed = written.inserted + written.replaced + written.deleted > 0;
  if (!changed) {
    // the values are as read at `revisionBefore`: a later raise makes readers read them again
    if (history) await keepPriorityValues(DISTRICT_AREA, history.revisionBefore, history.values);
    return false;
  }
  const revision = await raisePriorityRevision();
  if (!history || revision !== history.revisionBefore + 1) return true;
  await keepPriorityValues(DISTRICT_AREA, revision, history.values);
  return false;
}

export type IndicatorInputErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND';

export class IndicatorInputError extends CodedError {
  constructor(
    readonly code: IndicatorInputErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

const AREAS: readonly string[] = [DISTRICT_AREA, ...STREET_CODES];

/**
 * Records a steward's value for an indicator the sources do not provide (a count, a status, a survey
 * result) with its reason and author, and writes the live value. Earlier entries stay as history.
 */
export async function setIndicatorInput(code: string, period: string, area: string, value: string, reason: string, actor: ValueActor, now: Date = new Date()): Promise<IndicatorValueRecord> {
  const def = indicatorDefinition(code);
  if (!def) throw new IndicatorInputError('NOT_FOUND', `indicator ${code} does not exist`, 'code');
  if (def.computable) throw new IndicatorInputError('BAD_USER_INPUT', `${code} is computed from the sources; steward values are for the indicators they cannot provide`, 'code');
  let key: PeriodKey;
  try {
    key = parsePeriod(period);
  } catch (err) {
    throw new IndicatorInputError('BAD_USER_INPUT', `period: ${(err as Error).message}`, 'period');
  }
  if (!def.periods.includes(key.kind)) throw new IndicatorInputError('BAD_USER_INPUT', `${code} is reported per ${def.periods.join('/').toLowerCase()}, not per ${key.kind.toLowerCase()}`, 'period');
  if (!AREAS.includes(area) || (area !== DISTRICT_AREA && !def.areas.includes('STREET'))) throw new IndicatorInputError('BAD_USER_INPUT', `area must be ${def.areas.includes('STREET') ? 'DISTRICT or a street code' : 'DISTRICT'}`, 'area');
  const text = value.trim();
  if (def.valueKind === 'STATUS') {
    if (!def.statusScale?.includes(text)) throw new IndicatorInputError('BAD_USER_INPUT', `${code} takes one of: ${def.statusScale?.join(', ')}`, 'value');
  } else if (scaledDecimal(text) === null || text.startsWith('-') || (def.valueKind === 'COUNT' && !/^\d+$/.test(text))) {
    throw new IndicatorInputError('BAD_USER_INPUT', `${code} takes a non-negative ${def.valueKind === 'COUNT' ? 'whole number' : 'decimal number'} (${def.unit})`, 'value');
  }
  const why = reason.trim();
  if (!why) throw new IndicatorInputError('BAD_USER_INPUT', 'a reason is required', 'reason');
  const entry = await ManualInputModel.create({ code, period: key.key, area, value: text, reason: why, actor, at: now });
  await writeLiveValues([manualValue(def, { id: entry._id, value: text, reason: why, actor, at: now }, { period: key.key, periodKind: key.kind, area, actor, now })]);
  return (await IndicatorValueModel.findOne({ code, period: key.key, area, version: LIVE_VERSION }).lean<IndicatorValueRecord>())!;
}

/** Every steward entry for an indicator × period × area, newest first (the provenance history). */
export function manualInputHistory(code: string, period: string, area: string): Promise<ManualInputRecord[]> {
  return ManualInputModel.find({ code, period, area }).sort({ at: -1, _id: -1 }).lean<ManualInputRecord[]>();
}

export { INDICATORS };
