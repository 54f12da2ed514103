/**
 * What a reconciliation rule is (DESIGN §5, STYLE "a rule is a file"): its id, what it reads, its key,
 * a pure comparison over plain values, the evidence it records, and its default tolerance and
 * severity. The engine (../engine.ts) knows nothing of any particular rule: it hands each rule a
 * context and an `emit` sink, and feeds movement-scanning rules from one shared cursor per movement
 * kind and period, so five manifest rules cost one read of the manifests, not five.
 *
 * Also here: the small exact helpers every rule's comparison uses (integer percentages, evidence sides).
 */
import type { Types } from 'mongoose';
import type { Stream } from '../../auth/roles';
import type { Movement, MovementKind, MovementQuantity, QuantityRole } from '../../model/movement';
import type { PeriodReport, ReportKind } from '../../model/periodReport';
import { formatGramsAsKg, formatGramsAsTonnes } from '../../model/quantities';
import type { FlagSeverity, FlagSide, SubjectKind } from '../flagModel';
import type { RaisedFlag } from '../flags';
import { monthRange } from '../../indicators/periods';

export type RuleId =
  | 'HW-QTY' | 'HW-LATE' | 'HW-LEDGER' | 'HW-LICENCE' | 'HW-CODE' | 'GIS-BALANCE' | 'TAX-PLATFORM'
  | 'STAT-PLATFORM' | 'COVERAGE' | 'CDW-WEIGHT' | 'CDW-OPEN' | 'CDW-SPEED' | 'CDW-VEHICLE' | 'CDW-PROJECT'
  | 'HH-CHAIN' | 'HH-CATEGORY' | 'HH-NET' | 'MED-QTY' | 'MED-48H' | 'ID-USCC' | 'DATA-QUALITY' | 'COMPLETENESS';

/** The unit a rule's tolerance is stated in; `any` rules flag every occurrence (tolerance unused). */
export type ToleranceUnit = '%' | 'h' | 'd' | 'km/h' | 'any';

/** A rule's configuration for one period: what the versioned rule set (../tolerances.ts) resolves to. */
export interface RuleSettings {
  tolerance: number;
  severity: FlagSeverity;
}

/** Collections a rule reads: the engine's incremental mode re-runs a rule when one of them changed. */
export type ReadCollection = 'movements' | 'periodreports' | 'parties' | 'facilities' | 'projects' | 'vehicles' | 'resolutioncases';

/** A movement as read with `.lean()`. */
export type MovementRecord = Movement & { _id: Types.ObjectId };

export interface RuleContext {
  /** the rule's own period: a month for most rules, a quarter (TAX-PLATFORM) or year (STAT-PLATFORM) */
  period: string;
  /** "now" for time rules (HW-LATE, CDW-OPEN): the ground truth holds at the sandbox horizon */
  asOf: Date;
  settings: RuleSettings;
  /** small reference sets, loaded once per run and shared by all rules */
  refs: ReferenceSets;
}

/** Reference sets small enough to hold whole (facilities by code, vehicles by plate, …); loaded lazily. */
export interface ReferenceSets {
  facilities(): Promise<ReadonlyMap<string, FacilityRef>>;
  vehicles(): Promise<ReadonlyMap<string, VehicleRef>>;
  projects(): Promise<ReadonlyMap<string, ProjectRef>>;
  /** licensed HW operators by USCC (as stated) → their licences' HW classes */
  hwLicences(): Promise<ReadonlyMap<string, HwLicenceRef>>;
  /** every party's street by USCC (as stated), so subjects carry `street` for the stewards' filter */
  partyStreets(): Promise<ReadonlyMap<string, string | null>>;
  /** the months any movement exists for, sorted (a rule reading history skips months without data) */
  movementMonths(): Promise<readonly string[]>;
  /**
   * CDW-PROJECT's running totals: each project's exit grams and trips over the months before `month`
   * (non-voided waybills), and recording `month`'s own totals for later months to read.
   */
  projectHauls: {
    before(month: string, codes: readonly string[]): Promise<ReadonlyMap<string, { grams: number; trips: number }>>;
    record(month: string, totals: ReadonlyMap<string, { grams: number; trips: number }>): Promise<void>;
  };
  /** USCCs (as stated) the industrial platform registers: parties with an industrial alias */
  platformRegistered(): Promise<ReadonlySet<string>>;
  /** USCCs (as stated) the industrial platform knows as HW or general-waste generators (role GENERATOR) */
  platformGenerators(): Promise<ReadonlySet<string>>;
  /**
   * The period reports of `kind` whose months include any of `months` (as `{ months: { $in } }` would
   * match): every report the run needs is read once, in one pass, and shared by every rule.
   */
  reports(kind: ReportKind, months: string | readonly string[]): Promise<readonly ReportRow[]>;
}

/**
 * A period report as rules read it: its lines reduced to measure and grams, its attributes to the HW
 * class (held for the whole run, so only what rules compare and cite).
 */
export type ReportRow = Pick<PeriodReport, 'kind' | 'reportKey' | 'period' | 'periodKind' | 'months' | 'party' | 'category' | 'categoryName' | 'sources' | 'qualityFindings'> & {
  lines: Pick<PeriodReport['lines'][number], 'measure' | 'grams'>[];
  attributes: { hwClass?: PeriodReport['attributes'][string] };
};

export interface FacilityRef {
  code: string;
  stream: Stream;
  type: string;
  street: string | null;
  location: { lat: number; lon: number } | null;
  sources: string[];
}

export interface VehicleRef {
  plate: string;
  haulerUscc: string | null;
  permitValidTo: Date | null;
  ratedLoadGrams: number | null;
  ratedLoadText: string | null;
  sources: string[];
}

export interface ProjectRef {
  code: string;
  street: string | null;
  builderUscc: string | null;
  approvedGrams: number | null;
  approvedText: string | null;
  location: { lat: number; lon: number } | null;
  sources: string[];
}

export interface HwLicenceRef {
  uscc: string;
  name: string;
  street: string | null;
  /** the industrial platform's enterprise registry lists the party: its licences (or their absence) are known */
  registered: boolean;
  classes: string[];
  licenceNumbers: string[];
  sources: string[];
}

/** Where a rule's flags go; awaited so the engine can write a batch before the rule reads on. */
export type Emit = (flag: RaisedFlag) => Promise<void>;

/** One rule evaluating one period: `visit` receives the period's movements of `scan.kind`; `finish` reads the rest. */
export interface RuleEvaluation {
  visit?(movement: MovementRecord): void | Promise<void>;
  finish(): Promise<void>;
}

export interface Rule {
  id: RuleId;
  title: string;
  stream: Stream;
  subjectKind: SubjectKind;
  /** the subject key, as DESIGN §5 states it */
  key: string;
  reads: readonly ReadCollection[];
  /**
   * The kinds of movements and period reports the rule reads, when it reads movements or reports: an
   * incremental run re-evaluates a period for changed records of these kinds only (a late medical
   * receipt does not re-run the manifest rules over its month). Without it, any changed movement or
   * report of the month re-runs the rule.
   */
  kinds?: { movements?: readonly MovementKind[]; reports?: readonly ReportKind[] };
  toleranceUnit: ToleranceUnit;
  defaults: RuleSettings;
  /** the movements this rule visits in the shared per-period scan */
  scan?: { kind: MovementKind };
  /** true when the verdict depends on `asOf` (incremental runs re-evaluate it even without data changes) */
  timeDependent?: boolean;
  /**
   * For a time-dependent rule: the instant after which the clock alone no longer changes its verdict
   * for `period` (a deadline passed for every subject of the period). Incremental runs re-evaluate a
   * settled period only when its data change; without it, every period is re-evaluated on every run.
   */
  settlesAt?(period: string, settings: RuleSettings): Date;
  /** the rule's periods for a set of months (default: the months themselves) */
  periodsOf?(months: readonly string[]): string[];
  evaluate(context: RuleContext, emit: Emit): RuleEvaluation;
}

// ---------------------------------------------------------------------------------------------------
// Exact comparisons

/**
 * |a − b| / |base| > pct %, exactly: grams × 10 000 overflow doubles at city scale, so BigInt. A zero base
 * makes any difference exceed the tolerance (one side missing or zero is itself the discrepancy).
 */
export function exceedsPct(a: number, b: number, base: number, pct: number): boolean {
  const gap = absBig(BigInt(a) - BigInt(b));
  if (base === 0) return gap > 0n;
  return gap * 10_000n > BigInt(Math.round(pct * 100)) * absBig(BigInt(base));
}

function absBig(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** (a − b) / base as a percentage text with one decimal, for messages (exactness is in `exceedsPct`). */
export function pctText(a: number, b: number, base: number): string {
  if (base === 0) return a === b ? '0 %' : 'n/a (one side is zero)';
  const pct = ((a - b) / Math.abs(base)) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} %`;
}

export function tonnesText(grams: number): string {
  return `${formatGramsAsTonnes(grams)} t`;
}

export function kgText(grams: number): string {
  return `${formatGramsAsKg(grams)} kg`;
}

/** Σ grams of a movement's quantities with this role, or null when no source stated it. */
export function roleGrams(movement: Pick<Movement, 'quantities'>, role: QuantityRole): { grams: number; quantities: MovementQuantity[] } | null {
  const quantities = movement.quantities.filter((q) => q.role === role);
  if (quantities.length === 0) return null;
  let total = 0n;
  for (const q of quantities) total += BigInt(q.grams);
  return { grams: Number(total), quantities };
}

export function idsOf(values: readonly (Types.ObjectId | string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) if (v) out.add(typeof v === 'string' ? v : v.toHexString());
  return [...out];
}

/** One side of the evidence: the value as stated, its grams when a mass, and where its records are. */
export function side(input: { source: Stream; label: string; value: string; unit: string; grams?: number | null; records: readonly (Types.ObjectId | string | null | undefined)[] }): FlagSide {
  const sourceRecordIds = idsOf(input.records);
  return {
    source: input.source,
    stream: input.source,
    label: input.label,
    value: input.value,
    unit: input.unit,
    grams: input.grams ?? null,
    sourceRecordIds,
    payloadRef: sourceRecordIds[0] ? `sourceRecords/${sourceRecordIds[0]}` : null,
  };
}

/** A mass side from quantities a movement carries (their original statements, summed when several). */
export function quantitySide(source: Stream, label: string, stated: { grams: number; quantities: readonly MovementQuantity[] } | null, unit: 't' | 'kg'): FlagSide {
  if (!stated) return side({ source, label, value: 'missing', unit, grams: null, records: [] });
  const only = stated.quantities.length === 1 ? stated.quantities[0]! : null;
  const value = only && only.original.unit === unit ? only.original.value : unit === 't' ? formatGramsAsTonnes(stated.grams) : formatGramsAsKg(stated.grams);
  return side({ source, label, value, unit, grams: stated.grams, records: stated.quantities.map((q) => q.sourceRecordId) });
}

/** USCC as written, compacted for keys (spaces removed, upper case); invalid codes are kept, not dropped. */
export function usccKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const key = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return key === '' ? null : key;
}

/** The month `YYYY-MM` of an instant in China Standard Time. */
export function cstMonth(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

export function cstDateTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} +08:00`;
}

/** The months of a quarter `YYYYQn` or a year `YYYY`; a month stands for itself. */
/** The end of a period (month, quarter or year) in China Standard Time: the start of the next month. */
export function periodEnd(period: string): Date {
  return monthRange(monthsOfPeriod(period).at(-1)!).end;
}

export function monthsOfPeriod(period: string): string[] {
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) {
    const first = (Number(quarter[2]) - 1) * 3 + 1;
    return [first, first + 1, first + 2].map((m) => `${quarter[1]}-${String(m).padStart(2, '0')}`);
  }
  if (/^\d{4}$/.test(period)) return Array.from({ length: 12 }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
  return [period];
}

export function quarterOf(month: string): string {
  return `${month.slice(0, 4)}Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

export function previousMonth(month: string): string {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${year - 1}-12` : `${year}-${String(m - 1).padStart(2, '0')}`;
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Keys per batched `$in` join against the store. */
export const JOIN_BATCH = 500;

/**
 * Documents per cursor batch for every read of a run. Small on purpose: a batch that outlives the young
 * generation is promoted, and promoted batches pile up as old-generation garbage until a full GC, so
 * the peak RSS would grow with the data scanned rather than with what the rules hold.
 */
export const CURSOR_BATCH = 200;

/** The subject of a movement flag: its source number, with the party and street it concerns. */
export function movementSubject(movement: Pick<Movement, 'sourceKey'>, label: string, partyUscc: string | null, street: string | null): { kind: 'MOVEMENT'; key: string; label: string; partyUscc: string | null; street: string | null } {
  return { kind: 'MOVEMENT', key: movement.sourceKey, label, partyUscc, street };
}

/**
 * A flag message in a steward's words, Chinese first (the agencies' working language), then English:
 * one string, so exports, history notes and the API carry both without a second field.
 */
export function stewardMessage(zh: string, en: string): string {
  return `${zh} | ${en}`;
}
