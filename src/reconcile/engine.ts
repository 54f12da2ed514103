/**
 * The reconciliation engine (issue #6): runs the rules of ./rules over the unified model and writes what
 * they raise through the flag workflow's engine API (./flags.ts `upsertFlags` / `closeMissing`).
 *
 * - **Full** run for a set of periods: every selected rule over every period.
 * - **Incremental** run (after each sync): only the (rule, period) pairs whose inputs changed since the
 *   previous run's watermark — movements and reports by their `updatedAt` (mapped to their months and
 *   kinds: a rule re-runs over a month only for changes of the kinds it reads, `Rule.kinds`, so a late
 *   medical receipt in an earlier month costs that month's medical rules, not every rule's scan of it),
 *   reference collections (parties, vehicles…) by theirs. Within a re-evaluated period, subjects whose
 *   evidence is unchanged cost no write (upsertFlags compares evidence hashes), so "only subjects whose
 *   inputs changed" holds for writes; reads are per period. Time rules (HW-LATE, CDW-OPEN, COMPLETENESS…)
 *   are re-evaluated for each of their periods in play until it settles (Rule.settlesAt), because the
 *   clock alone can raise them.
 *
 * Reads stream: one cursor per month over the movements feeds every scanning rule, by kind; the run's
 * period reports and party facts are read once and shared (reference sets); the rest are batched `$in`
 * joins inside the rules. The flags in scope are read in 500-flag batches as raised, and once more to
 * close what was not raised again. Memory is bounded by per-rule state keyed by party / plate / project
 * (HH-CHAIN: the month's weigh tickets, reduced) within a period, the reference sets (facilities,
 * vehicles, projects, licensed operators, party streets, the run's period reports) and a 500-flag buffer.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { FacilityModel, type Facility } from '../model/facility';
import { MovementModel, type MovementKind } from '../model/movement';
import { PartyModel, type Party } from '../model/party';
import { PeriodReportModel, type ReportKind } from '../model/periodReport';
import { SOURCES } from '../model/reference/agencies';
import { ProjectModel, type Project } from '../model/project';
import { ResolutionCaseModel } from '../model/resolutionCase';
import { SyncRunModel, type SyncRun } from '../model/syncRun';
import { validatePeriod } from '../model/validators';
import { VehicleModel, type Vehicle } from '../model/vehicle';
import type { Types } from 'mongoose';
import type { FlagActor } from './flagModel';
import { addDiffs, closeMissingByRule, emptyDiff, flagKey, upsertFlags, type FlagDiff, type FlagRun, type RaisedFlag } from './flags';
import { observeReconcileRun } from './metrics';
import { abortDeadReconcileRuns, takeRunLease } from './runLease';
import { ReconcileRunModel, type ReconcileRun, type ReconcileRunRecord, type RuleRunCounts, type SyncCheckpoint } from './reconcileRunModel';
import { RULES } from './rules';
import { CURSOR_BATCH, idsOf, usccKey, type FacilityRef, type HwLicenceRef, type MovementRecord, type ProjectRef, type ReadCollection, type ReferenceSets, type ReportRow, type Rule, type RuleEvaluation, type RuleSettings, type VehicleRef } from './rules/rule';
import { loadRuleSetVersions, ruleSetFor, type RuleSetOverrides } from './tolerances';
import { projectHaulStore } from './projectHauls';

export interface ReconcileOptions {
  /** `YYYY-MM`, `YYYYQn` or `YYYY` (expanded to months). Full runs without periods cover every month with data. */
  periods?: readonly string[];
  /** true: every selected rule over every period; false (default): only what changed since the last run */
  full?: boolean;
  /** rule ids (default: all) */
  rules?: readonly string[];
  /** "now" for time rules; default the wall clock (the sandbox's ground truth holds at its horizon) */
  asOf?: Date;
  /** who asked: an actor, or a label (e.g. `cli`, `job reconcile-…`) */
  actor: FlagActor | string;
  jobId?: string | null;
  /** per-run tolerance/severity overrides (recorded as version `<v>+override`) */
  overrides?: RuleSetOverrides;
  /** fault injection (src/killPoints.ts): runs after each write, named `flush:<n>` (a batch of flags) or `closed` */
  hooks?: { afterWrite?: (point: string) => void };
}

const FLUSH_SIZE = 500;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** `2026Q4` → its three months; `2026` → twelve; a month stays. Throws a readable error on nonsense. */
export function expandPeriods(periods: readonly string[]): string[] {
  const months = new Set<string>();
  for (const raw of periods) {
    const checked = validatePeriod(raw);
    if (!checked.ok) throw new Error(`period "${raw}": ${checked.reason}`);
    for (const m of checked.value.months) months.add(m);
  }
  return [...months].sort();
}

function selectRules(ids: readonly string[] | undefined): Rule[] {
  if (!ids || ids.length === 0) return [...RULES];
  const unknown = ids.filter((id) => !RULES.some((r) => r.id === id));
  if (unknown.length) throw new Error(`unknown rule(s): ${unknown.join(', ')} (known: ${RULES.map((r) => r.id).join(', ')})`);
  return RULES.filter((r) => ids.includes(r.id));
}

function periodsOf(rule: Rule, months: readonly string[]): string[] {
  const sorted = [...new Set(months)].sort();
  return rule.periodsOf ? [...new Set(rule.periodsOf(sorted))].sort() : sorted;
}

// ---------------------------------------------------------------------------------------------------
// Reference sets: small collections loaded whole, once per run, on first use

function memo<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => (value ??= load());
}

const hex = (ids: readonly Types.ObjectId[]) => idsOf(ids);

const REPORT_ROW = { kind: 1, reportKey: 1, period: 1, periodKind: 1, months: 1, 'party.uscc': 1, 'party.name': 1, 'party.partyId': 1, category: 1, categoryName: 1, 'attributes.hwClass': 1, 'lines.measure': 1, 'lines.grams': 1, qualityFindings: 1, sources: 1 };

/** The report kinds the rules say they read (Rule.kinds): the ones read in the run's one pass over its months' reports. */
const RULE_REPORT_KINDS: ReadonlySet<ReportKind> = new Set(RULES.flatMap((r) => r.kinds?.reports ?? []));

/**
 * The run's reference sets. Period reports: those of the run's months, of the kinds rules read, in one
 * pass on the `{ months, kind }` index, shared by every rule; any other month or kind (a previous
 * month's opening stock, a quarter's or a year's months for TAX-PLATFORM and STAT-PLATFORM) per kind, on
 * first use, so a run reads the declarations of such a period first and its ledgers only when there is
 * a declaration to compare, never a whole year of reports because a year rule is in play.
 */
export function createReferenceSets(periods: readonly string[], movementMonthsOnce: () => Promise<string[]> = memo(movementMonths)): ReferenceSets {
  const runMonths = new Set(periods.filter((p) => MONTH.test(p)));
  const rowsByKindMonth = new Map<string, ReportRow[]>();
  const collect = (row: ReportRow & { _id: Types.ObjectId }, months: ReadonlySet<string>) => {
    for (const month of row.months) {
      if (!months.has(month)) continue;
      const key = `${row.kind}|${month}`;
      const list = rowsByKindMonth.get(key) ?? [];
      list.push(row);
      rowsByKindMonth.set(key, list);
    }
  };
  const read = async (filter: Record<string, unknown>, months: ReadonlySet<string>) => {
    const rows = PeriodReportModel.find(filter).select(REPORT_ROW).lean<(ReportRow & { _id: Types.ObjectId })[]>().cursor({ batchSize: CURSOR_BATCH });
    for await (const row of rows) collect(row, months);
  };
  const runMonthReports = memo(() => read({ months: { $in: [...runMonths] }, kind: { $in: [...RULE_REPORT_KINDS] } }, runMonths));
  const inRunRead = (kind: ReportKind, month: string) => runMonths.has(month) && RULE_REPORT_KINDS.has(kind);
  const otherMonths = new Map<string, Promise<void>>();
  const loadReports = async (kind: ReportKind, months: readonly string[]): Promise<void> => {
    const pending: Promise<void>[] = [];
    if (months.some((m) => inRunRead(kind, m))) pending.push(runMonthReports());
    const missing = [...new Set(months)].filter((m) => !inRunRead(kind, m) && !otherMonths.has(`${kind}|${m}`)).sort();
    if (missing.length > 0) {
      const load = read({ months: missing.length === 1 ? missing[0] : { $in: missing }, kind }, new Set(missing));
      for (const m of missing) otherMonths.set(`${kind}|${m}`, load);
    }
    for (const m of months) if (!inRunRead(kind, m)) pending.push(otherMonths.get(`${kind}|${m}`)!);
    await Promise.all(new Set(pending));
  };
  const parties = memo(async () => {
    const streets = new Map<string, string | null>();
    const registered = new Set<string>();
    const generators = new Set<string>();
    const cursor = PartyModel.find().select({ uscc: 1, street: 1, roles: 1, 'aliases.source': 1, 'aliases.usccRaw': 1 }).lean<Pick<Party, 'uscc' | 'street' | 'roles' | 'aliases'>[]>().cursor({ batchSize: CURSOR_BATCH });
    for await (const p of cursor) {
      for (const key of new Set([usccKey(p.uscc), ...p.aliases.map((a) => usccKey(a.usccRaw))])) if (key && !streets.get(key)) streets.set(key, p.street);
      for (const alias of p.aliases) {
        const key = alias.source === 'industrial' ? (usccKey(alias.usccRaw) ?? usccKey(p.uscc)) : null;
        if (key) registered.add(key);
        if (key && p.roles.includes('GENERATOR')) generators.add(key);
      }
    }
    return { streets, registered, generators };
  });
  return {
    movementMonths: movementMonthsOnce,
    projectHauls: projectHaulStore(movementMonthsOnce),
    reports: async (kind, months) => {
      const wanted = typeof months === 'string' ? [months] : months;
      await loadReports(kind, wanted);
      const seen = new Set<string>();
      const out: ReportRow[] = [];
      for (const m of wanted) {
        for (const row of rowsByKindMonth.get(`${kind}|${m}`) ?? []) {
          const id = String((row as ReportRow & { _id: Types.ObjectId })._id);
          if (seen.has(id)) continue;
          seen.add(id);
          out.push(row);
        }
      }
      return out;
    },
    partyStreets: async () => (await parties()).streets,
    platformRegistered: async () => (await parties()).registered,
    platformGenerators: async () => (await parties()).generators,
    facilities: memo(async () => {
      const map = new Map<string, FacilityRef>();
      for await (const f of FacilityModel.find().lean<(Facility & { _id: Types.ObjectId })[]>().cursor({ batchSize: CURSOR_BATCH })) {
        map.set(`${f.stream}:${f.code}`, { code: f.code, stream: f.stream, type: f.type, street: f.street, location: f.location ?? null, sources: hex(f.sources) });
      }
      return map;
    }),
    vehicles: memo(async () => {
      const map = new Map<string, VehicleRef>();
      for await (const v of VehicleModel.find().lean<(Vehicle & { _id: Types.ObjectId })[]>().cursor({ batchSize: CURSOR_BATCH })) {
        map.set(v.plate.replace(/\s+/g, '').toUpperCase(), {
          plate: v.plate,
          haulerUscc: usccKey(v.hauler?.uscc),
          permitValidTo: v.permitValidTo,
          ratedLoadGrams: v.ratedLoad?.grams ?? null,
          ratedLoadText: v.ratedLoad?.original.value ?? null,
          sources: hex(v.sources),
        });
      }
      return map;
    }),
    projects: memo(async () => {
      const map = new Map<string, ProjectRef>();
      for await (const p of ProjectModel.find().lean<(Project & { _id: Types.ObjectId })[]>().cursor({ batchSize: CURSOR_BATCH })) {
        map.set(p.projectCode, {
          code: p.projectCode,
          street: p.street,
          builderUscc: usccKey(p.builder?.uscc),
          approvedGrams: p.approved?.grams ?? null,
          approvedText: p.approved?.original.value ?? null,
          location: p.location ?? null,
          sources: hex(p.sources),
        });
      }
      return map;
    }),
    hwLicences: memo(async () => {
      const map = new Map<string, HwLicenceRef>();
      const operators = PartyModel.find({ $or: [{ roles: 'LICENSED_OPERATOR' }, { 'licences.kind': 'HW_BUSINESS' }] })
        .select({ uscc: 1, name: 1, street: 1, licences: 1, aliases: 1, sources: 1 })
        .lean<Pick<Party, 'uscc' | 'name' | 'street' | 'licences' | 'aliases' | 'sources'>[]>()
        .cursor({ batchSize: CURSOR_BATCH });
      for await (const p of operators) {
        const hw = p.licences.filter((l) => l.kind === 'HW_BUSINESS' || l.hwClasses.length > 0);
        // A registry row (enterprises) names the party by its platform id; manifests only by USCC (or, without
        // one, by name|street): a receiver only manifests mention has licences nobody has told the hub about.
        const registered = hw.length > 0 || p.aliases.some((a) => a.source === 'industrial' && a.sourceKey !== usccKey(a.usccRaw) && a.sourceKey !== a.usccRaw && !a.sourceKey.includes('|'));
        const ref: HwLicenceRef = { uscc: p.uscc ?? '', name: p.name, street: p.street, registered, classes: [...new Set(hw.flatMap((l) => l.hwClasses))].sort(), licenceNumbers: hw.map((l) => l.number), sources: hex(p.sources) };
        for (const key of new Set([usccKey(p.uscc), ...p.aliases.map((a) => usccKey(a.usccRaw))])) if (key) map.set(key, ref);
      }
      return map;
    }),
  };
}

// ---------------------------------------------------------------------------------------------------
// Flag sink: raised flags of every rule written in batches through upsertFlags

class FlagSink {
  private buffer: RaisedFlag[] = [];
  private flushes = 0;
  readonly seen = new Set<string>();
  readonly diffs = new Map<string, FlagDiff>();
  readonly raised = new Map<string, number>();

  constructor(
    private readonly run: Required<FlagRun>,
    private readonly afterWrite: (point: string) => void = () => undefined,
  ) {}

  emitterFor(rule: Rule, period: string): (flag: RaisedFlag) => Promise<void> {
    return async (flag) => {
      // A rule raising outside its own rule/period would escape closeMissing's scope: a bug, stop loudly.
      if (flag.rule !== rule.id) throw new Error(`rule ${rule.id} raised a flag for rule ${flag.rule}`);
      if (flag.period !== period) throw new Error(`rule ${rule.id} evaluating ${period} raised a flag for period ${flag.period}`);
      const key = flagKey(flag.rule, flag.subject.key, flag.period);
      if (this.seen.has(key)) throw new Error(`flag ${key} was raised twice: ${rule.id}'s keys must be unique per subject and period`);
      this.seen.add(key);
      this.raised.set(rule.id, (this.raised.get(rule.id) ?? 0) + 1);
      this.buffer.push(flag);
      if (this.buffer.length >= FLUSH_SIZE) await this.flush();
    };
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    const { diffByRule } = await upsertFlags(this.run, batch);
    for (const [rule, diff] of diffByRule) this.diffs.set(rule, addDiffs(this.diffs.get(rule) ?? emptyDiff(), diff));
    this.afterWrite(`flush:${++this.flushes}`);
  }
}

// ---------------------------------------------------------------------------------------------------
// What changed since the previous run

interface Changes {
  /** months with changed movements or reports */
  months: Set<string>;
  /** per month, the kinds changed: `movements:<MovementKind>` and `periodreports:<ReportKind>` */
  kindsByMonth: Map<string, Set<string>>;
  /** reference collections with changed documents */
  referenceChanged: Set<ReadCollection>;
  counts: Record<string, number>;
}

async function changesSince(since: Date): Promise<Changes> {
  const changes: Changes = { months: new Set(), kindsByMonth: new Map(), referenceChanged: new Set(), counts: {} };
  // what changed, by month and kind (one statement per collection, on the updatedAt index): a rule is
  // re-run over a month only for changes of the kinds it reads (Rule.kinds)
  const movementGroups = await MovementModel.aggregate<{ _id: { month: string; kind: string }; n: number }>([{ $match: { updatedAt: { $gte: since } } }, { $group: { _id: { month: '$period', kind: '$kind' }, n: { $sum: 1 } } }]);
  const reportGroups = await PeriodReportModel.aggregate<{ _id: { month: string; kind: string }; n: number }>([{ $match: { updatedAt: { $gte: since } } }, { $unwind: '$months' }, { $group: { _id: { month: '$months', kind: '$kind' }, n: { $sum: 1 } } }]);
  changes.counts.movements = movementGroups.reduce((s, m) => s + m.n, 0);
  changes.counts.periodreports = await PeriodReportModel.countDocuments({ updatedAt: { $gte: since } });
  const kindsOf = (month: string) => changes.kindsByMonth.get(month) ?? changes.kindsByMonth.set(month, new Set()).get(month)!;
  for (const [collection, groups] of [['movements', movementGroups], ['periodreports', reportGroups]] as const) {
    for (const { _id } of groups) {
      if (!MONTH.test(_id.month)) continue;
      changes.months.add(_id.month);
      kindsOf(_id.month).add(`${collection}:${_id.kind}`);
    }
  }
  const references: [ReadCollection, () => Promise<number>][] = [
    ['parties', () => PartyModel.countDocuments({ updatedAt: { $gte: since } })],
    ['facilities', () => FacilityModel.countDocuments({ updatedAt: { $gte: since } })],
    ['projects', () => ProjectModel.countDocuments({ updatedAt: { $gte: since } })],
    ['vehicles', () => VehicleModel.countDocuments({ updatedAt: { $gte: since } })],
    ['resolutioncases', () => ResolutionCaseModel.countDocuments({ $or: [{ openedAt: { $gte: since } }, { decidedAt: { $gte: since } }] })],
  ];
  for (const [collection, count] of references) {
    const n = await count();
    changes.counts[collection] = n;
    if (n > 0) changes.referenceChanged.add(collection);
  }
  return changes;
}

/** The months movements exist for, sorted (a distinct over {period, stream, category}). */
async function movementMonths(): Promise<string[]> {
  const months = (await MovementModel.distinct('period')) as string[];
  return months.filter((m) => MONTH.test(m)).sort();
}

/** Every month the model holds data for (full runs without periods). */
async function monthsWithData(movementMonthsOnce: () => Promise<string[]>): Promise<string[]> {
  const reportMonths = (await PeriodReportModel.distinct('period', { periodKind: 'MONTH' })) as string[];
  return [...new Set([...(await movementMonthsOnce()), ...reportMonths.filter((m) => MONTH.test(m))])].sort();
}

/** The latest SyncRun of every source stream: what the run saw of each connector. */
export async function syncCheckpoints(): Promise<SyncCheckpoint[]> {
  // distinct per connector rather than $group on {connector, stream}: the embedded store cannot group on a compound key.
  const out: SyncCheckpoint[] = [];
  for (const connector of SOURCES) {
    const streams = ((await SyncRunModel.distinct('stream', { connector })) as string[]).sort();
    for (const stream of streams) {
      const latest = await SyncRunModel.findOne({ connector, stream }).sort({ startedAt: -1 }).lean<SyncRun & { _id: Types.ObjectId }>();
      if (latest) out.push({ connector: latest.connector, stream: latest.stream, syncRunId: latest._id, status: latest.status, startedAt: latest.startedAt, finishedAt: latest.finishedAt });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The run

/** Which periods each rule evaluates in this run. */
type Plan = Map<Rule, string[]>;

async function planIncremental(
  rules: readonly Rule[],
  restrict: string[] | null,
  previous: ReconcileRunRecord | null,
  changes: Changes,
  settingsFor: (rule: Rule, period: string) => RuleSettings,
  allMonths: () => Promise<string[]>,
): Promise<Plan> {
  const recent = restrict ?? [...new Set([...(previous?.periods ?? []), ...changes.months])].sort();
  // the clock alone moves a time-dependent verdict only until the period settles (Rule.settlesAt): a
  // period that had settled when the previous run evaluated it has its final verdict already. Judged per
  // period, not per month: a year still open must not bring back every settled month of it. A rule's
  // quarters and years evaluated last time are carried by its own periods (the run's are months)
  const previousAsOf = previous ? new Date(previous.asOf).getTime() : -Infinity;
  const previousPeriods = (rule: Rule) => (restrict ? [] : (previous?.perRule.find((r) => r.rule === rule.id)?.periods ?? []));
  const unsettled = (rule: Rule, period: string) => !rule.settlesAt || rule.settlesAt(period, settingsFor(rule, period)).getTime() > previousAsOf;
  const plan: Plan = new Map();
  for (const rule of rules) {
    const months = new Set<string>();
    for (const m of changes.months) if (readsChanged(rule, changes.kindsByMonth.get(m))) months.add(m);
    // a changed registry (parties, facilities …) can change any month's verdict
    if (rule.reads.some((c) => changes.referenceChanged.has(c))) for (const m of restrict ?? (await allMonths())) months.add(m);
    const periods = new Set(periodsOf(rule, [...months].filter((m) => !restrict || restrict.includes(m))));
    if (rule.timeDependent) for (const p of [...periodsOf(rule, recent), ...previousPeriods(rule)]) if (unsettled(rule, p)) periods.add(p);
    if (periods.size) plan.set(rule, [...periods].sort());
  }
  return plan;
}

/** Whether a month's changed kinds include one the rule reads (any movement or report when it does not say which). */
export function readsChanged(rule: Pick<Rule, 'reads' | 'kinds'>, changed: ReadonlySet<string> | undefined): boolean {
  if (!changed) return false;
  const reads = (collection: 'movements' | 'periodreports', kinds: readonly string[] | undefined) =>
    rule.reads.includes(collection) && [...changed].some((c) => c.startsWith(`${collection}:`) && (!rule.kinds || (kinds ?? []).includes(c.slice(collection.length + 1))));
  return reads('movements', rule.kinds?.movements) || reads('periodreports', rule.kinds?.reports);
}

function actorOf(actor: FlagActor | string): { id: string; label: string } {
  return typeof actor === 'string' ? { id: actor, label: actor } : actor;
}

/**
 * Runs reconciliation and records it as a ReconcileRun (returned). Throws after recording a FAILED run
 * when a rule or a write fails; flags already written stay (every write is idempotent, a re-run converges).
 */
export async function runReconciliation(options: ReconcileOptions): Promise<ReconcileRunRecord> {
  const startedAt = new Date();
  const runId = `rec-${startedAt.toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${randomUUID().slice(0, 8)}`;
  const asOf = options.asOf ?? startedAt;
  const rules = selectRules(options.rules);
  const mode = options.full ? 'FULL' : 'INCREMENTAL';
  const restrict = options.periods?.length ? expandPeriods(options.periods) : null;
  const previous = await ReconcileRunModel.findOne({ status: 'SUCCEEDED' }).sort({ startedAt: -1 }).lean<ReconcileRunRecord>();

  const movementMonthsOnce = memo(movementMonths);
  // the code's versions and those ADMINs added through the API, read once for the run
  const ruleSets = await loadRuleSetVersions();
  let plan: Plan;
  let changedSince: Date | null = null;
  let changed: Record<string, number> = {};
  if (options.full) {
    const months = restrict ?? (await monthsWithData(movementMonthsOnce));
    plan = new Map(rules.map((r) => [r, periodsOf(r, months)]));
  } else {
    changedSince = previous?.watermark ?? new Date(0);
    const changes = await changesSince(changedSince);
    changed = changes.counts;
    plan = await planIncremental(rules, restrict, previous, changes, (rule, period) => ruleSetFor(period, options.overrides, ruleSets).settings[rule.id]!, () => monthsWithData(movementMonthsOnce));
  }
  const allPeriods = [...new Set([...plan.values()].flat())].sort();
  const months = allPeriods.filter((p) => MONTH.test(p));
  const versions = allPeriods.map((period) => ({ period, version: ruleSetFor(period, options.overrides, ruleSets).version }));
  const run: ReconcileRun = {
    runId,
    mode,
    status: 'RUNNING',
    periods: months,
    rules: [...plan.keys()].map((r) => r.id),
    asOf,
    actor: actorOf(options.actor),
    jobId: options.jobId ?? null,
    ruleSetVersion: [...new Set(versions.map((v) => v.version))].join(',') || ruleSetFor(`${asOf.getUTCFullYear()}`, options.overrides, ruleSets).version,
    ruleSetVersions: versions,
    checkpoints: await syncCheckpoints(),
    // Changes written while this run reads are picked up by the next one: the watermark is the start.
    watermark: startedAt,
    changedSince,
    changed,
    perRule: [],
    diff: emptyDiff(),
    error: null,
    startedAt,
    finishedAt: null,
    durationMs: null,
  };
  // the lease says this run is alive; runs whose process died are marked ABORTED
  const lease = await takeRunLease(runId);
  await abortDeadReconcileRuns();
  await ReconcileRunModel.create(run);

  const sink = new FlagSink({ runId, at: startedAt }, options.hooks?.afterWrite);
  const refs = createReferenceSets(allPeriods, movementMonthsOnce);
  const timings = new Map<string, number>();
  const timed = async <T>(rule: Rule, work: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      timings.set(rule.id, (timings.get(rule.id) ?? 0) + performance.now() - t0);
    }
  };
  const contextFor = (rule: Rule, period: string) => ({ period, asOf, settings: ruleSetFor(period, options.overrides, ruleSets).settings[rule.id]!, refs });

  try {
    // Movement-scanning rules: one cursor per month shared by every rule that scans, dispatched by kind.
    for (const month of months) {
      const byKind = new Map<MovementKind, { rule: Rule; evaluation: RuleEvaluation }[]>();
      for (const [rule, periods] of plan) {
        if (!rule.scan || !periods.includes(month)) continue;
        const list = byKind.get(rule.scan.kind) ?? [];
        list.push({ rule, evaluation: rule.evaluate(contextFor(rule, month), sink.emitterFor(rule, month)) });
        byKind.set(rule.scan.kind, list);
      }
      if (byKind.size === 0) continue;
      const cursor = MovementModel.find({ period: month, kind: { $in: [...byKind.keys()] } }).lean<MovementRecord[]>().cursor({ batchSize: CURSOR_BATCH });
      for await (const movement of cursor) {
        for (const { rule, evaluation } of byKind.get(movement.kind) ?? []) if (evaluation.visit) await timed(rule, () => evaluation.visit!(movement));
      }
      for (const evaluations of byKind.values()) for (const { rule, evaluation } of evaluations) await timed(rule, () => evaluation.finish());
    }
    // Everything else once per rule period: rules that read on their own, and a scanning rule's
    // non-month periods (COVERAGE's quarters).
    for (const [rule, periods] of plan) {
      for (const period of periods) {
        if (rule.scan && MONTH.test(period)) continue;
        const evaluation = rule.evaluate(contextFor(rule, period), sink.emitterFor(rule, period));
        await timed(rule, () => evaluation.finish());
      }
    }
    await sink.flush();

    // One pass over the flags in the run's scope closes those no evaluated (rule, period) raised again.
    const evaluated = new Set([...plan].flatMap(([rule, periods]) => periods.map((period) => `${rule.id}|${period}`)));
    const closed = await closeMissingByRule(
      { runId, at: startedAt },
      { rules: [...plan.keys()].map((r) => r.id), periods: allPeriods, evaluated: (rule, period) => evaluated.has(`${rule}|${period}`) },
      sink.seen,
    );
    options.hooks?.afterWrite?.('closed');
    const perRule: RuleRunCounts[] = [];
    let total = emptyDiff();
    for (const [rule, periods] of plan) {
      const diff = addDiffs(sink.diffs.get(rule.id) ?? emptyDiff(), closed.get(rule.id) ?? emptyDiff());
      total = addDiffs(total, diff);
      perRule.push({ rule: rule.id, periods, raised: sink.raised.get(rule.id) ?? 0, diff, durationMs: Math.round(timings.get(rule.id) ?? 0) });
    }
    const finishedAt = new Date();
    const done = await ReconcileRunModel.findOneAndUpdate(
      { runId },
      { $set: { status: 'SUCCEEDED', perRule, diff: total, finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() } },
      { new: true },
    ).lean<ReconcileRunRecord>();
    observeReconcileRun({ mode, status: 'SUCCEEDED', startedAt, finishedAt, raised: perRule });
    return done!;
  } catch (err) {
    const finishedAt = new Date();
    observeReconcileRun({ mode, status: 'FAILED', startedAt, finishedAt });
    await ReconcileRunModel.updateOne({ runId }, { $set: { status: 'FAILED', error: err instanceof Error ? err.message : String(err), finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime() } });
    throw err;
  } finally {
    await lease?.release();
  }
}
