/**
 * Indicators, dashboards, flows, rankings and the monthly close (schema/indicators.graphql). Every read
 * is answered from pre-aggregated documents (IndicatorValue, PeriodAggregate, Period) with one query
 * per field; a dashboard year page is a single `find`. Definitions are in memory. Computing and closing
 * run on the workers: the mutations enqueue jobs.
 */
import { randomUUID } from 'node:crypto';
import { JobRunModel } from '../../../jobs/jobRun';
import { callerActor } from '../../reconcile/flags';
import { STREET_CODES } from '../../model/reference/streets';
import { INDICATORS, PRIORITY_CODES, indicatorDefinition, type IndicatorDefinition } from '../../indicators/definitions';
import { IndicatorInputError, setIndicatorInput } from '../../indicators/engine';
import { coverageOf, defaultDashboardMonth } from '../../indicators/dashboardMonth';
import { IndicatorValueModel, type IndicatorValueRecord } from '../../indicators/indicatorValueModel';
import { DISTRICT_AREA, PeriodAggregateModel, type PeriodAggregateRecord } from '../../indicators/periodAggregateModel';
import { PeriodModel, type PeriodRecord } from '../../indicators/periodModel';
import { keptPriorityValues } from '../../indicators/prioritySnapshot';
import { parsePeriod, type PeriodKey } from '../../indicators/periods';
import type { PeriodKind } from '../../indicators/targets';
import { config } from '../../config';
import { keyedObjectId } from '../../store/keys';
import { findByIds } from '../../store/reads';
import type { GraphQLContext } from '../context';
import { badInput, echo, forbidden, notFound } from '../errors';
import { recomputeAfterDecision } from '../recompute';
import { assertWritable, indicatorStreams, readableStreams } from '../streamScope';
import type { Resolvers } from '../generated/resolvers';

export interface DashboardRowParent {
  definition: IndicatorDefinition;
  yearValue: IndicatorValueRecord | null;
  monthly: (IndicatorValueRecord | null)[];
}

const AREAS: readonly string[] = [DISTRICT_AREA, ...STREET_CODES];
/** What the aggregates hold (indicators/aggregate.ts): Sankey streams, and party measures per stream. */
const FLOW_STREAMS: readonly string[] = ['industrial-general', 'industrial-hw', 'household', 'construction', 'medical'];
const TOP_PARTY_MEASURES: Readonly<Record<string, readonly string[]>> = {
  industrial: ['GENERAL_GENERATED', 'HW_GENERATED', 'HW_SHIPPED'],
  household: ['COLLECTED'],
  construction: ['HAULED'],
  medical: ['HANDED_OVER'],
};
const DASHBOARD_BATCH = 1000;
const ORDER = new Map(INDICATORS.map((d, i) => [d.code, i]));

function period(raw: string, field = 'period', expected?: PeriodKind): PeriodKey {
  try {
    return parsePeriod(raw, expected);
  } catch (err) {
    throw badInput(`${field}: ${(err as Error).message}`, field);
  }
}

function area(raw: string | null | undefined): string {
  const value = raw ?? DISTRICT_AREA;
  if (!AREAS.includes(value)) throw badInput(`area must be DISTRICT or a street code (${STREET_CODES.join(', ')}); got "${value}"`, 'area');
  return value;
}

function definition(code: string): IndicatorDefinition {
  const def = indicatorDefinition(code);
  if (!def) throw notFound('indicator', code);
  return def;
}

const byDefinitionOrder = (a: { code: string }, b: { code: string }) => (ORDER.get(a.code) ?? 0) - (ORDER.get(b.code) ?? 0);

type DistrictAggregate = Pick<PeriodAggregateRecord, 'month' | 'flows' | 'partyTotals'>;

/**
 * The district's aggregates of `months`, by the `_id` their (month, area) key derives (written keyed:
 * indicators/aggregate.ts), so the store answers with point reads; months not found so (no aggregate,
 * or one written before keyed ids) are asked for by their key fields.
 */
async function districtAggregates(months: readonly string[], field: 'flows' | 'partyTotals'): Promise<DistrictAggregate[]> {
  const projection = { month: 1, [field]: 1 } as const;
  const ids = months.map((month) => keyedObjectId(PeriodAggregateModel.modelName, month, DISTRICT_AREA));
  const found = await findByIds<DistrictAggregate>(PeriodAggregateModel, ids, { projection });
  const missing = months.filter((month) => !found.some((doc) => doc.month === month));
  if (missing.length === 0) return found;
  return [...found, ...(await PeriodAggregateModel.find({ month: { $in: missing }, area: DISTRICT_AREA }).select(projection).lean<DistrictAggregate[]>())];
}

/**
 * The area's current priority values of every period, read once per request: `dashboardMonths`, a
 * `dashboard` of the priority indicators and the month `dashboard`, `flows` and `topParties` default to
 * all answer from it, so a console page asking for them together costs one indicator read.
 */
const priorityReads = new WeakMap<GraphQLContext, Map<string, Promise<IndicatorValueRecord[]>>>();

function priorityValues(context: GraphQLContext, where: string): Promise<IndicatorValueRecord[]> {
  const reads = priorityReads.get(context) ?? new Map<string, Promise<IndicatorValueRecord[]>>();
  priorityReads.set(context, reads);
  let values = reads.get(where);
  if (!values) {
    // kept between requests until a writer changes current values (prioritySnapshot.ts)
    values = keptPriorityValues(where);
    reads.set(where, values);
  }
  return values;
}

async function monthCoverage(context: GraphQLContext, where: string) {
  return coverageOf((await priorityValues(context, where)).filter((v) => v.periodKind === 'MONTH'));
}

/** The month a dashboard opens on (dashboardMonth.ts); the current month when no month has a value. */
async function dashboardMonth(context: GraphQLContext, where: string): Promise<string> {
  return defaultDashboardMonth(await monthCoverage(context, where)) ?? new Date().toISOString().slice(0, 7);
}

/** The values `indicators(period, area, version)` lists (and /exports/indicators exports): BAD_USER_INPUT for a bad argument. */
export function indicatorValuesQuery(args: { period: string; area?: string | null; version?: number | null }): Record<string, unknown> {
  const query: Record<string, unknown> = { period: period(args.period).key, area: area(args.area) };
  if (args.version != null) {
    if (!Number.isInteger(args.version) || args.version < 0) throw badInput('version must be 0 (live) or a frozen version number', 'version');
    query.version = args.version;
  } else {
    query.current = true;
  }
  return query;
}

/** Enqueues a manual job for the workers and returns its JobRun row. */
async function enqueue(jobs: GraphQLContext['jobs'], kind: 'indicators' | 'close', periodKey: string, requestedBy: string) {
  const jobId = `manual-${kind}-${randomUUID()}`;
  await jobs.enqueue(kind, { period: periodKey }, jobId, { origin: 'manual', requestedBy });
  return (await JobRunModel.findOne({ jobId }).lean())!;
}

export const indicatorResolvers: Resolvers = {
  Query: {
    indicatorDefinitions: (_p, { priorityOnly }) =>
      priorityOnly ? PRIORITY_CODES.map((code) => definition(code)) : [...INDICATORS],
    indicator: (_p, { code }) => indicatorDefinition(code),
    indicators: async (_p, args) => {
      const values = await IndicatorValueModel.find(indicatorValuesQuery(args)).lean<IndicatorValueRecord[]>();
      return values.sort(byDefinitionOrder);
    },
    dashboard: async (_p, args, context) => {
      const where = area(args.area);
      const year = period(args.year ?? (await dashboardMonth(context, where)).slice(0, 4), 'year', 'YEAR');
      const codes = args.codes?.length ? [...new Set(args.codes)] : [...PRIORITY_CODES];
      const defs = codes.map((code) => definition(code));
      const pagePeriods = new Set([...year.months, year.key]);
      // Priority indicators: from the request's one read of them. Others: one query whatever the number of
      // indicators and months; the whole page (≤ 45 indicators × 13 periods) fits in the first batch.
      const values = codes.every((code) => PRIORITY_CODES.includes(code))
        ? (await priorityValues(context, where)).filter((v) => pagePeriods.has(v.period))
        : await IndicatorValueModel.find({ area: where, period: { $in: [...pagePeriods] }, current: true, code: { $in: codes } })
            .batchSize(DASHBOARD_BATCH)
            .lean<IndicatorValueRecord[]>();
      const byKey = new Map(values.map((v) => [`${v.code}|${v.period}`, v]));
      return {
        year: year.key,
        area: where,
        months: year.months,
        rows: defs.map((def) => ({
          definition: def,
          yearValue: byKey.get(`${def.code}|${year.key}`) ?? null,
          monthly: year.months.map((m) => byKey.get(`${def.code}|${m}`) ?? null),
        })),
      };
    },
    dashboardMonths: async (_p, args, context) => {
      const months = await monthCoverage(context, area(args.area));
      return { months, defaultMonth: defaultDashboardMonth(months), priorityCount: PRIORITY_CODES.length };
    },
    flows: async (_p, args, context) => {
      const key = period(args.period ?? (await dashboardMonth(context, DISTRICT_AREA)));
      if (!FLOW_STREAMS.includes(args.stream)) throw badInput(`stream must be one of ${FLOW_STREAMS.join(', ')}; got "${echo(args.stream)}"`, 'stream');
      const totals = new Map<string, bigint>();
      for (const doc of await districtAggregates(key.months, 'flows')) {
        for (const link of doc.flows) {
          if (link.stream !== args.stream) continue;
          const k = `${link.from}\u0000${link.to}`;
          totals.set(k, (totals.get(k) ?? 0n) + BigInt(link.grams));
        }
      }
      const links = [...totals.entries()].map(([k, grams]) => {
        const [source, target] = k.split('\u0000') as [string, string];
        return { source, target, grams: grams.toString() };
      });
      const nodeIds = [...new Set(links.flatMap((l) => [l.source, l.target]))];
      return { period: key.key, stream: args.stream, nodes: nodeIds.map((id) => ({ id, label: id })), links };
    },
    topParties: async (_p, args, context) => {
      const { caller } = context;
      const measures = TOP_PARTY_MEASURES[args.stream];
      if (!measures) throw badInput(`stream must be one of ${Object.keys(TOP_PARTY_MEASURES).join(', ')}; got "${echo(args.stream)}"`, 'stream');
      if (!measures.includes(args.measure)) throw badInput(`measure of ${args.stream} must be one of ${measures.join(', ')}; got "${echo(args.measure)}"`, 'measure');
      // party-level totals are detail of the stream: the agency must read it
      if (!(readableStreams(caller!) as readonly string[]).includes(args.stream)) throw forbidden(`a ${caller!.role} of ${caller!.agency} may not read ${args.stream} party totals`);
      const first = args.first ?? 10;
      if (first < 0 || first > config().API_MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${config().API_MAX_PAGE_SIZE}`, 'first');
      const key = period(args.period ?? (await dashboardMonth(context, DISTRICT_AREA)));
      const totals = new Map<string, { partyId: string | null; uscc: string | null; name: string | null; grams: bigint }>();
      for (const doc of await districtAggregates(key.months, 'partyTotals')) {
        for (const t of doc.partyTotals) {
          if (t.stream !== args.stream || t.measure !== args.measure) continue;
          const id = t.partyId?.toHexString() ?? null;
          const k = id ?? t.uscc ?? t.name ?? '?';
          const entry = totals.get(k) ?? { partyId: id, uscc: t.uscc, name: t.name, grams: 0n };
          entry.grams += BigInt(t.grams);
          totals.set(k, entry);
        }
      }
      return [...totals.values()]
        .sort((a, b) => (a.grams === b.grams ? 0 : a.grams > b.grams ? -1 : 1))
        .slice(0, first)
        .map((t) => ({ ...t, grams: t.grams.toString() }));
    },
    periods: (_p, { status }) => PeriodModel.find(status ? { status } : {}).sort({ period: -1 }).lean<PeriodRecord[]>().exec(),
  },
  Mutation: {
    computeIndicators: async (_p, args, { caller, jobs }) => {
      return enqueue(jobs, 'indicators', period(args.period).key, caller!.keyId);
    },
    closePeriod: async (_p, args, { caller, jobs }) => {
      return enqueue(jobs, 'close', period(args.period, 'period', 'MONTH').key, caller!.keyId);
    },
    setIndicatorInput: async (_p, args, context) => {
      const def = indicatorDefinition(args.code);
      if (def) assertWritable(context.caller!, indicatorStreams(def.subcategory), `enter a value for ${def.code} (${def.subcategory})`);
      try {
        const value = await setIndicatorInput(args.code, args.period, args.area ?? DISTRICT_AREA, args.value, args.reason, callerActor(context.caller!));
        await recomputeAfterDecision(context, [value.period]);
        return value;
      } catch (err) {
        if (err instanceof IndicatorInputError) throw err.code === 'NOT_FOUND' ? notFound('indicator', args.code) : badInput(err.message, err.field);
        throw err;
      }
    },
  },
  Indicator: {
    target: (def) => def.target,
    inputs: (def) => [...def.inputs],
    periodKinds: (def) => [...def.periods],
    areaLevels: (def) => [...def.areas],
    statusScale: (def) => (def.statusScale ? [...def.statusScale] : null),
    notes: (def) => def.notes ?? null,
    history: async (def, args) => {
      const where = area(args.area);
      const first = args.first ?? 60;
      if (first < 0 || first > config().API_MAX_PAGE_SIZE) throw badInput(`first must be between 0 and ${config().API_MAX_PAGE_SIZE}`, 'first');
      const values = await IndicatorValueModel.find({ code: def.code, area: where, periodKind: args.periodKind ?? 'MONTH', current: true })
        .sort({ period: -1 })
        .limit(first)
        .lean<IndicatorValueRecord[]>();
      return values.reverse();
    },
  },
  IndicatorTarget: {
    value: (t) => (t.kind === 'AT_LEAST' || t.kind === 'AT_MOST' ? t.value : null),
    strict: (t) => (t.kind === 'AT_LEAST' || t.kind === 'AT_MOST' ? t.strict : null),
    min: (t) => (t.kind === 'RANGE' ? t.min : null),
    max: (t) => (t.kind === 'RANGE' ? t.max : null),
    status: (t) => (t.kind === 'STATUS' ? t.status : null),
    note: (t) => t.note ?? null,
  },
  IndicatorValue: {
    indicator: (v) => definition(v.code),
    computedBy: (v) => v.computedBy.label,
  },
  ManualProvenance: {
    enteredBy: (m) => m.actor.label,
    enteredAt: (m) => m.at,
  },
  DashboardRow: {
    indicator: (row) => row.definition,
  },
  PeriodVersion: {
    closedBy: (v) => v.closedBy.label,
  },
  PartyTotal: {
    // the movements' stated name when they carried one, else the resolved party's (a manifest names its
    // parties by USCC alone): a steward reads names, not codes
    name: async (t, _args, { loaders }) => {
      if (t.name || !t.partyId) return t.name ?? null;
      return (await loaders.partyById.load(t.partyId))?.name ?? null;
    },
  },
};
