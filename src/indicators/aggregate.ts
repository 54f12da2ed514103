/**
 * Period inputs: one streamed pass over the Movements and PeriodReports of the months computed (each
 * query on an index by period/months), summing exact integers (BigInt) per input × area, applying the
 * golden values of resolved flags and counting the mass under open flags. The result is stored as
 * PeriodAggregate documents (the district and each street), so the API and quarter/year values never
 * scan movements. Joins (party → street, facility → type, project → street) happen in code from small
 * reference collections loaded once per run.
 *
 * What counts follows the sandbox's ground truth (sandbox/scenario/groundTruth.ts): voided/cancelled
 * movements are excluded; manifests count by shipping month (route from lyczfs, received mass jsl of
 * received/closed manifests); waybills by exit month; weigh tickets by weighing month; medical coverage
 * by the month a receipt was received.
 */
import type { Types } from 'mongoose';
import { CommunityModel, FacilityModel, MovementModel, PartyModel, PeriodReportModel, ProjectModel, type Movement, type PeriodReport } from '../model';
import { FlagModel, type FlagRecord } from '../reconcile/flagModel';
import { goldenValues } from '../reconcile/flags';
import { usccKey } from '../reconcile/rules/rule';
import { INPUTS, INPUT_NAMES, type InputName } from './definitions';
import { PeriodAggregateModel, DISTRICT_AREA, type AggregateInput, type FlowLink, type PartyTotal, type PeriodAggregate } from './periodAggregateModel';
import { writeKeyedSet, type KeyedModel } from '../store/keyed';
import { addMonths, daysInMonth, monthRange, quarterOf, yearOf } from './periods';

/** Which quantity a resolved flag's golden value replaces, per rule (subject key = the movement's sourceKey). */
export const GOLDEN_TARGETS: Readonly<Record<string, { stream: string; role: 'RECEIVED' | 'ENTRY' | 'NET' | 'RECEIPT' }>> = {
  'HW-QTY': { stream: 'industrial', role: 'RECEIVED' },
  'CDW-WEIGHT': { stream: 'construction', role: 'ENTRY' },
  'HH-NET': { stream: 'household', role: 'NET' },
  'MED-QTY': { stream: 'medical', role: 'RECEIPT' },
};

interface Cell {
  amount: bigint;
  flagged: bigint;
  golden: number;
  records: number;
  sources: Set<string>;
}

/** The model document a contribution came from, for lineage (src/indicators/lineage.ts). */
export interface ContributingDocument {
  kind: 'MOVEMENT' | 'REPORT' | 'COMMUNITY' | 'PARTY';
  id: Types.ObjectId;
  sourceRecordIds: readonly Types.ObjectId[];
}

export interface Contribution {
  amount: bigint;
  flagged?: boolean;
  golden?: boolean;
  source: string;
  document?: ContributingDocument | null;
}

/** Sees every contribution as it is added to an area's input (lineage); aggregation itself needs none. */
export type ContributionObserver = (name: InputName, area: string, c: Contribution) => void;

/** Sums per area (district + streets) and input, plus flows and party totals. Pure accumulation. */
export class MonthAccumulator {
  private readonly cells = new Map<string, Map<InputName, Cell>>();
  private readonly flows = new Map<string, bigint>();
  private readonly parties = new Map<string, { total: PartyTotal; grams: bigint }>();
  /** institutions (USCC) with a disposer receipt received in the month */
  readonly covered = new Set<string>();

  constructor(
    readonly month: string,
    private readonly observer?: ContributionObserver,
  ) {
    this.area(DISTRICT_AREA);
  }

  private area(area: string): Map<InputName, Cell> {
    let cells = this.cells.get(area);
    if (!cells) {
      cells = new Map();
      this.cells.set(area, cells);
    }
    return cells;
  }

  private addTo(area: string, name: InputName, c: Contribution): void {
    const cells = this.area(area);
    let cell = cells.get(name);
    if (!cell) {
      cell = { amount: 0n, flagged: 0n, golden: 0, records: 0, sources: new Set() };
      cells.set(name, cell);
    }
    cell.amount += c.amount;
    if (c.flagged) cell.flagged += c.amount;
    if (c.golden) cell.golden += 1;
    cell.records += 1;
    cell.sources.add(c.source);
    this.observer?.(name, area, c);
  }

  /** Adds to the district and, when known, to the street. */
  add(name: InputName, street: string | null, c: Contribution): void {
    this.addTo(DISTRICT_AREA, name, c);
    if (street) this.addTo(street, name, c);
  }

  /** Adds to one area only (figures a source states per area, such as econ). */
  addAreaOnly(name: InputName, area: string, c: Contribution): void {
    this.addTo(area, name, c);
  }

  markCovered(uscc: string): void {
    const key = usccKey(uscc);
    if (key) this.covered.add(key);
  }

  flow(stream: string, from: string, to: string, grams: bigint): void {
    if (grams === 0n) return;
    const key = `${stream}\u0000${from}\u0000${to}`;
    this.flows.set(key, (this.flows.get(key) ?? 0n) + grams);
  }

  party(stream: string, measure: string, ref: { partyId: Types.ObjectId | null; uscc: string | null; name: string | null } | null, grams: bigint): void {
    if (!ref || grams === 0n) return;
    const key = `${stream}|${measure}|${ref.partyId?.toHexString() ?? ref.uscc ?? ref.name ?? '?'}`;
    const entry = this.parties.get(key) ?? { total: { stream, measure, partyId: ref.partyId, uscc: ref.uscc, name: ref.name, grams: '0' }, grams: 0n };
    entry.grams += grams;
    this.parties.set(key, entry);
  }

  /** Names the party totals whose documents gave no name, by the resolved party's. */
  nameParties(names: ReadonlyMap<string, string>): void {
    for (const { total } of this.parties.values()) {
      if (!total.name && total.partyId) total.name = names.get(total.partyId.toHexString()) ?? null;
    }
  }

  documents(computedAt: Date): PeriodAggregate[] {
    const flows: FlowLink[] = [...this.flows.entries()]
      .map(([key, grams]) => {
        const [stream, from, to] = key.split('\u0000') as [string, string, string];
        return { stream, from, to, grams: grams.toString() };
      })
      .sort((a, b) => (a.stream + a.from + a.to < b.stream + b.from + b.to ? -1 : 1));
    const partyTotals = [...this.parties.values()].map((p) => ({ ...p.total, grams: p.grams.toString() }));
    return [...this.cells.entries()].map(([area, cells]) => ({
      month: this.month,
      area,
      inputs: INPUT_NAMES.filter((name) => cells.has(name) || area === DISTRICT_AREA).map((name): AggregateInput => {
        const cell = cells.get(name);
        return {
          name,
          unit: INPUTS[name].unit,
          amount: (cell?.amount ?? 0n).toString(),
          flagged: (cell?.flagged ?? 0n).toString(),
          goldenApplied: cell?.golden ?? 0,
          records: cell?.records ?? 0,
          sources: [...(cell?.sources ?? [])].sort(),
        };
      }),
      flows: area === DISTRICT_AREA ? flows : [],
      partyTotals: area === DISTRICT_AREA ? partyTotals : [],
      computedAt,
    }));
  }
}

/** What one month's pass needs besides the records: flags, golden values, reference joins. */
export interface AggregationContext {
  /** golden grams by `RULE|subjectKey` */
  golden: Map<string, number>;
  /** movement source keys under open flags, per stream */
  flaggedKeys: Map<string, Set<string>>;
  /** party USCCs under open PARTY flags, per stream */
  flaggedParties: Map<string, Set<string>>;
  partyStreet: Map<string, string | null>;
  /** each party's resolved name, by id: the name of a party total whose documents named it by USCC alone */
  partyName: Map<string, string>;
  usccStreet: Map<string, string | null>;
  facilityType: Map<string, string>;
  projectStreet: Map<string, string | null>;
  hospitals: { partyId?: Types.ObjectId; uscc: string | null; street: string | null }[];
  communities: { communityId?: Types.ObjectId; street: string | null; sortedCollection: boolean | null; hazardousCollection: boolean | null }[];
}

const OPEN_STATUSES = ['OPEN', 'ACKNOWLEDGED'];

/** The reference joins of an aggregation: the same for every month of a run, loaded once. */
type Registries = Omit<AggregationContext, 'golden' | 'flaggedKeys' | 'flaggedParties'>;

async function loadRegistries(): Promise<Registries> {
  const partyStreet = new Map<string, string | null>();
  const partyName = new Map<string, string>();
  const usccStreet = new Map<string, string | null>();
  const hospitals: AggregationContext['hospitals'] = [];
  for await (const party of PartyModel.find({ status: { $ne: 'MERGED' } }).select({ uscc: 1, name: 1, street: 1, roles: 1, institution: 1, aliases: 1 }).lean().cursor()) {
    partyStreet.set(party._id.toHexString(), party.street ?? null);
    if (party.name) partyName.set(party._id.toHexString(), party.name);
    if (party.uscc) usccStreet.set(party.uscc, party.street ?? null);
    // a registered institution is one the registry describes (a receipt naming an institution does not
    // register it); it is covered under the code it registered with, valid or not, as its receipts are
    if (party.roles?.includes('HOSPITAL') && party.institution) {
      const registered = party.aliases?.find((a) => a.source === 'medical' && a.sourceKey !== null)?.usccRaw;
      hospitals.push({ partyId: party._id, uscc: usccKey(registered) ?? usccKey(party.uscc), street: party.street ?? null });
    }
  }
  const facilityType = new Map<string, string>();
  for (const f of await FacilityModel.find({}).select({ stream: 1, code: 1, type: 1 }).lean()) facilityType.set(`${f.stream}|${f.code}`, f.type);
  const projectStreet = new Map<string, string | null>();
  for (const p of await ProjectModel.find({}).select({ projectCode: 1, street: 1 }).lean()) projectStreet.set(p.projectCode, p.street ?? null);
  const communities = (await CommunityModel.find({}).select({ street: 1, sortedCollection: 1, hazardousCollection: 1 }).lean()).map((c) => ({
    communityId: c._id,
    street: c.street ?? null,
    sortedCollection: c.sortedCollection ?? null,
    hazardousCollection: c.hazardousCollection ?? null,
  }));
  return { partyStreet, partyName, usccStreet, facilityType, projectStreet, hospitals, communities };
}

/** Each month's context: its golden values and open flags (one query each for all the months), and the registries. */
export async function loadAggregationContexts(months: readonly string[]): Promise<Map<string, AggregationContext>> {
  const registries = await loadRegistries();
  const contexts = new Map<string, AggregationContext>(months.map((month) => [month, { ...registries, golden: new Map(), flaggedKeys: new Map(), flaggedParties: new Map() }]));
  for await (const g of goldenValues({ periods: [...months], rules: Object.keys(GOLDEN_TARGETS) })) {
    if (g.grams !== null) contexts.get(g.period)?.golden.set(`${g.rule}|${g.subject.key}`, g.grams);
  }
  // a quarter's or a year's open PARTY flag puts the party's mass under a flag in each of its months
  const periods = [...new Set(months.flatMap((m) => [m, quarterOf(m), yearOf(m)]))];
  const open = await FlagModel.find({ period: { $in: periods }, status: { $in: OPEN_STATUSES } })
    .select({ stream: 1, subject: 1, period: 1 })
    .lean<Pick<FlagRecord, 'stream' | 'subject' | 'period'>[]>();
  for (const [month, ctx] of contexts) {
    for (const flag of open) {
      if (flag.period !== month && flag.period !== quarterOf(month) && flag.period !== yearOf(month)) continue;
      if (flag.period === month) setOf(ctx.flaggedKeys, flag.stream).add(flag.subject.key);
      if (flag.subject.kind === 'PARTY') setOf(ctx.flaggedParties, flag.stream).add(flag.subject.partyUscc ?? flag.subject.key);
    }
  }
  return contexts;
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

type PartyRefLike = { partyId: Types.ObjectId | null; uscc: string | null; name: string | null } | null | undefined;

function streetOfParty(ctx: AggregationContext, ref: PartyRefLike): string | null {
  if (!ref) return null;
  if (ref.partyId) {
    const street = ctx.partyStreet.get(ref.partyId.toHexString());
    if (street !== undefined) return street;
  }
  return ref.uscc ? (ctx.usccStreet.get(ref.uscc) ?? null) : null;
}

const big = (n: number | null | undefined) => BigInt(n ?? 0);

/** A document's id and source records, when it was read with them (lineage needs them, unit tests do not). */
type Provenance = { _id?: Types.ObjectId; sources?: Types.ObjectId[] };

type ReportSlice = Pick<PeriodReport, 'source' | 'kind' | 'periodKind' | 'period' | 'party' | 'area' | 'lines' | 'measures'> & Provenance;

function documentOf(kind: ContributingDocument['kind'], doc: Provenance): ContributingDocument | null {
  return doc._id ? { kind, id: doc._id, sourceRecordIds: doc.sources ?? [] } : null;
}

/** One period report into the accumulator (pure over the context). */
export function addReport(acc: MonthAccumulator, ctx: AggregationContext, report: ReportSlice): void {
  const source = `${report.source}/${report.kind}`;
  const document = documentOf('REPORT', report);
  const street = report.area?.street ?? streetOfParty(ctx, report.party);
  const flagged = Boolean(report.party?.uscc && ctx.flaggedParties.get(report.source)?.has(report.party.uscc));
  const line = (measure: string) => report.lines.filter((l) => l.measure === measure).reduce((s, l) => s + big(l.grams), 0n);
  switch (report.kind) {
    case 'GENERAL_LEDGER': {
      const generated = line('GENERATED');
      const utilised = line('UTILISED_ONSITE') + line('UTILISED_CONTRACTED');
      const disposed = line('DISPOSED_ONSITE') + line('DISPOSED_CONTRACTED');
      const closing = line('STOCK_END');
      acc.add('industrial.general.generated', street, { amount: generated, flagged, source, document });
      acc.add('industrial.general.utilised', street, { amount: utilised, flagged, source, document });
      acc.add('industrial.general.utilisedFromStock', street, { amount: line('UTILISED_FROM_STOCK'), flagged, source, document });
      acc.add('industrial.general.disposed', street, { amount: disposed, flagged, source, document });
      acc.add('industrial.general.closingStock', street, { amount: closing, flagged, source, document });
      acc.flow('industrial-general', 'generated', 'utilised', utilised);
      acc.flow('industrial-general', 'generated', 'disposed', disposed);
      acc.flow('industrial-general', 'generated', 'storage', closing);
      acc.party('industrial', 'GENERAL_GENERATED', report.party, generated);
      return;
    }
    case 'HW_LEDGER': {
      const generated = line('GENERATED');
      const onSite = line('UTILISED_DISPOSED_ONSITE');
      acc.add('industrial.hw.generated', street, { amount: generated, flagged, source, document });
      acc.add('industrial.hw.onSite', street, { amount: onSite, flagged, source, document });
      acc.flow('industrial-hw', 'generated', 'on-site utilisation/disposal', onSite);
      acc.party('industrial', 'HW_GENERATED', report.party, generated);
      return;
    }
    case 'ECON': {
      if (report.periodKind !== 'MONTH') return;
      const area = report.area?.level === 'STREET' ? report.area.street : report.area?.level === 'DISTRICT' ? DISTRICT_AREA : null;
      if (!area) return;
      const measure = (name: string) => report.measures.filter((m) => m.measure === name).reduce((s, m) => s + big(m.amount), 0n);
      acc.addAreaOnly('taxstat.econ.industrialValueAdded', area, { amount: measure('INDUSTRIAL_VALUE_ADDED'), source, document });
      acc.addAreaOnly('taxstat.econ.personDays', area, { amount: measure('RESIDENT_POPULATION') * BigInt(daysInMonth(report.period)), source, document });
      return;
    }
    case 'RECYCLABLES': {
      const recovered = line('RECOVERED');
      acc.add('household.recyclablesStream', street, { amount: recovered, flagged, source, document });
      acc.flow('household', 'recyclables (street collection)', 'recycled', recovered);
      return;
    }
    case 'MEDICAL_RECYCLABLES': {
      acc.add('medical.recyclablesGenerated', street, { amount: line('GENERATED'), flagged, source, document });
      acc.add('medical.recyclablesRecovered', street, { amount: line('RECOVERED'), flagged, source, document });
      return;
    }
    default:
      return;
  }
}

type MovementSlice = Pick<Movement, 'stream' | 'kind' | 'sourceKey' | 'status' | 'from' | 'to' | 'carrier' | 'category' | 'route' | 'direction' | 'quantities'> & Provenance;

function quantity(m: MovementSlice, role: string): bigint | null {
  const qs = m.quantities.filter((q) => q.role === role);
  return qs.length ? qs.reduce((s, q) => s + big(q.grams), 0n) : null;
}

/** One movement into the accumulator (pure over the context); `month` is the aggregated month. */
export function addMovement(acc: MonthAccumulator, ctx: AggregationContext, m: MovementSlice, month: string): void {
  if (m.status === 'VOIDED') return;
  const source = `${m.stream}/${m.kind}`;
  const document = documentOf('MOVEMENT', m);
  const flagged = Boolean(ctx.flaggedKeys.get(m.stream)?.has(m.sourceKey));
  const goldenFor = (rule: string) => ctx.golden.get(`${rule}|${m.sourceKey}`);
  switch (m.kind) {
    case 'HW_MANIFEST': {
      acc.party('industrial', 'HW_SHIPPED', m.from.party, quantity(m, 'DECLARED') ?? 0n);
      if (m.status !== 'RECEIVED' && m.status !== 'CLOSED') return;
      const golden = goldenFor('HW-QTY');
      const received = golden !== undefined ? BigInt(golden) : quantity(m, 'RECEIVED');
      if (received === null || !m.route) return;
      const street = streetOfParty(ctx, m.from.party);
      const c = { amount: received, flagged, golden: golden !== undefined, source, document };
      const code = m.route.code;
      if (code.startsWith('R')) {
        acc.add('industrial.hw.receivedUtilised', street, c);
        acc.flow('industrial-hw', 'generated', 'utilisation', received);
      }
      if (code === 'D1') acc.add('industrial.hw.receivedLandfilled', street, c);
      if (code.startsWith('D')) {
        acc.add('industrial.hw.receivedDisposed', street, c);
        acc.flow('industrial-hw', 'generated', code === 'D1' ? 'landfill' : m.route.incineration ? 'incineration' : 'other disposal', received);
      }
      if (code.startsWith('C')) acc.flow('industrial-hw', 'generated', 'storage', received);
      return;
    }
    case 'WEIGH_TICKET': {
      if (m.direction !== 'IN') return;
      const golden = goldenFor('HH-NET');
      const net = golden !== undefined ? BigInt(golden) : (quantity(m, 'NET') ?? 0n);
      const c = { amount: net, flagged, golden: golden !== undefined, source, document };
      const type = m.to.facilityCode ? ctx.facilityType.get(`household|${m.to.facilityCode}`) : undefined;
      const street = m.from.street;
      if (street) {
        acc.add('household.collected', street, c);
        acc.party('household', 'COLLECTED', { partyId: null, uscc: null, name: street }, net);
      }
      if (m.category === 'RECYCLABLE' && type === 'SORTING_CENTER') acc.add('household.recyclablesTicketed', street, c);
      if ((m.category === 'KITCHEN' || m.category === 'FOOD_SERVICE') && type === 'FOOD_WASTE_PLANT') acc.add('household.perishables', street, c);
      if (type === 'LANDFILL') acc.add('household.landfilled', street, c);
      acc.flow('household', street ? `collected: ${m.category ?? '?'}` : 'transfer station', type ?? 'unknown facility', net);
      return;
    }
    case 'CDW_WAYBILL': {
      const street = m.from.projectCode ? (ctx.projectStreet.get(m.from.projectCode) ?? null) : null;
      const exit = quantity(m, 'EXIT') ?? 0n;
      acc.add('construction.hauled', street, { amount: exit, flagged, source, document });
      acc.party('construction', 'HAULED', m.carrier, exit);
      const golden = goldenFor('CDW-WEIGHT');
      const entry = golden !== undefined ? BigInt(golden) : quantity(m, 'ENTRY');
      const type = m.to.facilityCode ? ctx.facilityType.get(`construction|${m.to.facilityCode}`) : undefined;
      if (entry !== null) {
        const c = { amount: entry, flagged, golden: golden !== undefined, source, document };
        if (type === 'RECYCLING_PLANT') acc.add('construction.toRecycling', street, c);
        if (type === 'DISPOSAL_SITE') acc.add('construction.toDisposalSite', street, c);
        acc.flow('construction', m.category ?? '?', type ?? 'unknown facility', entry);
      } else {
        acc.flow('construction', m.category ?? '?', 'in transit', exit);
      }
      return;
    }
    case 'MEDICAL_HANDOVER': {
      // Handovers are read for the month and the two before it: coverage counts receipts received in `month`.
      const { start, end } = monthRange(month);
      const receipts = m.quantities.filter((q) => q.role === 'RECEIPT' && q.at && q.at >= start && q.at < end);
      if (receipts.length > 0 && m.from.party?.uscc) acc.markCovered(m.from.party.uscc);
      const ledger = m.quantities.filter((q) => q.role === 'LEDGER' && q.at && q.at >= start && q.at < end).reduce((s, q) => s + big(q.grams), 0n);
      acc.party('medical', 'HANDED_OVER', m.from.party, ledger);
      const golden = goldenFor('MED-QTY');
      const received = golden !== undefined && receipts.length ? BigInt(golden) : receipts.reduce((s, q) => s + big(q.grams), 0n);
      acc.flow('medical', 'handed over', m.route?.incineration ? 'incineration' : 'disposal', received);
      return;
    }
  }
}

/** Registries (communities, medical institutions) into the accumulator, after the month's movements. */
export function addRegistries(acc: MonthAccumulator, ctx: AggregationContext): void {
  for (const c of ctx.communities) {
    const source = 'household/COMMUNITY';
    const document = c.communityId ? { kind: 'COMMUNITY' as const, id: c.communityId, sourceRecordIds: [] } : null;
    acc.add('household.communities', c.street, { amount: 1n, source, document });
    acc.add('household.communitiesSorted', c.street, { amount: c.sortedCollection ? 1n : 0n, source, document });
    acc.add('household.communitiesHazardous', c.street, { amount: c.hazardousCollection ? 1n : 0n, source, document });
  }
  for (const h of ctx.hospitals) {
    const source = 'medical/HOSPITAL';
    const document = h.partyId ? { kind: 'PARTY' as const, id: h.partyId, sourceRecordIds: [] } : null;
    acc.add('medical.institutions', h.street, { amount: 1n, source, document });
    acc.add('medical.institutionsCovered', h.street, { amount: h.uscc && acc.covered.has(h.uscc) ? 1n : 0n, source: 'medical/MEDICAL_HANDOVER', document });
  }
}

const REPORT_KINDS_READ = ['GENERAL_LEDGER', 'HW_LEDGER', 'ECON', 'RECYCLABLES', 'MEDICAL_RECYCLABLES'] as const;

/**
 * Aggregates months from the model and makes their PeriodAggregate documents equal to the result (an
 * aggregate computed again unchanged is not written, and keeps its computedAt; an area the months no
 * longer have is deleted). One streamed pass over the months' documents (passMonths): memory grows
 * with months × areas and parties, not with records.
 */
export async function aggregateMonths(months: readonly string[], now: Date = new Date()): Promise<PeriodAggregate[]> {
  if (months.length === 0) return [];
  const accumulators = await passMonths(months);
  const docs = [...accumulators.values()].flatMap((acc) => acc.documents(now));
  const stored = await PeriodAggregateModel.find({ month: { $in: [...months] } }).lean<Array<PeriodAggregate & { _id: Types.ObjectId }>>();
  await writeKeyedSet(PeriodAggregateModel as unknown as KeyedModel, ['month', 'area'], docs as unknown as Record<string, unknown>[], stored as unknown as Array<Record<string, unknown> & { _id: unknown }>, { scope: AGGREGATE_SCOPE, stamps: ['computedAt'] });
  return docs;
}

/** The journal scope of aggregate replacements: the indicator writer's lock (engine.ts), which callers hold. */
export const AGGREGATE_SCOPE = 'indicator-writer';

/** One month's pass (lineage observes its contributions). */
export async function passMonth(month: string, observer?: ContributionObserver): Promise<MonthAccumulator> {
  return (await passMonths([month], observer)).get(month)!;
}

/**
 * One streamed pass over the months' model documents into one accumulator per month: one cursor over
 * their reports, one over their movements and the medical handovers that can count in them (a receipt
 * counts in the month it was received in, up to two months after the handover's).
 */
export async function passMonths(months: readonly string[], observer?: ContributionObserver): Promise<Map<string, MonthAccumulator>> {
  const contexts = await loadAggregationContexts(months);
  const accumulators = new Map(months.map((month) => [month, new MonthAccumulator(month, observer)]));
  const reports = PeriodReportModel.find({ months: months.length === 1 ? months[0] : { $in: [...months] }, kind: { $in: [...REPORT_KINDS_READ] } })
    .select({ source: 1, kind: 1, periodKind: 1, period: 1, party: 1, area: 1, lines: 1, measures: 1, ...(observer ? { sources: 1 } : {}) })
    .lean<ReportSlice[]>()
    .cursor();
  for await (const report of reports) {
    // Monthly figures only: a quarterly or annual report (tax, statistics, annual econ) covers this month too.
    const acc = report.periodKind === 'MONTH' ? accumulators.get(report.period) : undefined;
    if (acc) addReport(acc, contexts.get(report.period)!, report);
  }
  const projection = { period: 1, stream: 1, kind: 1, sourceKey: 1, status: 1, from: 1, to: 1, carrier: 1, category: 1, route: 1, direction: 1, quantities: 1, ...(observer ? { sources: 1 } : {}) };
  // Medical receipts are counted by the month they were received in, which can follow the handover's
  // month by up to two. A handover counts in a month only through a quantity dated in it (its receipts,
  // its ledger rows), so of the earlier months' handovers only those with such a quantity are read: the
  // cost follows the receipts that arrived, not the months of handovers stored before. The months'
  // movements and those handovers come in one cursor (`$or`, each branch on its index): one read of the
  // collection on the embedded store, not two.
  const sorted = [...months].sort();
  const handoverMonths = [...new Set(months.flatMap((m) => [addMonths(m, -2), addMonths(m, -1), m]))];
  const movements = MovementModel.find({
    $or: [
      { period: months.length === 1 ? months[0] : { $in: [...months] }, stream: { $in: ['industrial', 'household', 'construction'] } },
      { period: { $in: handoverMonths }, stream: 'medical', 'quantities.at': { $gte: monthRange(sorted[0]!).start, $lt: monthRange(sorted.at(-1)!).end } },
    ],
  })
    .select(projection)
    .lean<Array<MovementSlice & { period: string }>>()
    .cursor();
  for await (const movement of movements) {
    if (movement.stream !== 'medical') {
      addMovement(accumulators.get(movement.period)!, contexts.get(movement.period)!, movement, movement.period);
      continue;
    }
    for (const month of [movement.period, addMonths(movement.period, 1), addMonths(movement.period, 2)]) {
      const acc = accumulators.get(month);
      if (acc) addMovement(acc, contexts.get(month)!, movement, month);
    }
  }
  for (const [month, acc] of accumulators) {
    addRegistries(acc, contexts.get(month)!);
    acc.nameParties(contexts.get(month)!.partyName);
  }
  return accumulators;
}
