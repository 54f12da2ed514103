/**
 * Rule-set configuration: each rule's tolerance and severity, versioned with effective dates.
 *
 * Choice: the versions live in code, here, not in the database. A change of tolerance changes which
 * flags exist, so it is reviewed and deployed like code, and every run can name exactly the version it
 * applied (ReconcileRun.ruleSetVersions). A period is reconciled under the version in force on its first
 * day, so re-running an old period later applies the rules of its time. Callers (CLI, tests, a steward's
 * what-if) may still pass overrides per run; the run records them with a `+override` version suffix.
 * A rule missing from a version falls back to its file's defaults (DESIGN §5 values).
 *
 * On top of the code's versions, ADMINs add versions through the API (`changeRuleSettings`), stored
 * append-only in `rulesetversions` with author and reason; a run loads them once (`loadRuleSetVersions`)
 * and records the version each period used. Of two versions with the same effective date, the later wins.
 */
import { FLAG_SEVERITIES, type FlagSeverity } from './flagModel';
import { RULES } from './rules';
import type { RuleId, RuleSettings } from './rules/rule';
import { RuleSetVersionModel, type StoredRuleSetVersionRecord } from './ruleSetVersionModel';
import { isDuplicateKey } from '../store/writes';
import { CodedError } from '../errors';

export interface RuleSetVersion {
  version: string;
  /** first day the version applies to (a period's first day is compared against it), `YYYY-MM-DD` */
  effectiveFrom: string;
  rules: Partial<Record<RuleId, Partial<RuleSettings>>>;
  note?: string;
}

/** Oldest first. DESIGN §5's first set, as agreed with the agencies for 2026. */
export const RULE_SET_VERSIONS: readonly RuleSetVersion[] = [
  {
    version: '2026.1',
    effectiveFrom: '2000-01-01',
    note: 'DESIGN §5 defaults',
    rules: {
      'HW-QTY': { tolerance: 5, severity: 'HIGH' },
      'HW-LATE': { tolerance: 5, severity: 'HIGH' },
      'HW-LEDGER': { tolerance: 5, severity: 'MEDIUM' },
      'HW-LICENCE': { tolerance: 0, severity: 'HIGH' },
      'HW-CODE': { tolerance: 0, severity: 'MEDIUM' },
      'GIS-BALANCE': { tolerance: 2, severity: 'MEDIUM' },
      'TAX-PLATFORM': { tolerance: 10, severity: 'MEDIUM' },
      'STAT-PLATFORM': { tolerance: 10, severity: 'LOW' },
      COVERAGE: { tolerance: 0, severity: 'MEDIUM' },
      'CDW-WEIGHT': { tolerance: 5, severity: 'MEDIUM' },
      'CDW-OPEN': { tolerance: 24, severity: 'HIGH' },
      'CDW-SPEED': { tolerance: 60, severity: 'MEDIUM' },
      'CDW-VEHICLE': { tolerance: 0, severity: 'HIGH' },
      'CDW-PROJECT': { tolerance: 100, severity: 'MEDIUM' },
      'HH-CHAIN': { tolerance: 3, severity: 'MEDIUM' },
      'HH-CATEGORY': { tolerance: 0, severity: 'MEDIUM' },
      'HH-NET': { tolerance: 0, severity: 'LOW' },
      'MED-QTY': { tolerance: 5, severity: 'HIGH' },
      'MED-48H': { tolerance: 48, severity: 'MEDIUM' },
      'ID-USCC': { tolerance: 0, severity: 'MEDIUM' },
      'DATA-QUALITY': { tolerance: 0, severity: 'MEDIUM' },
      COMPLETENESS: { tolerance: 0, severity: 'MEDIUM' },
    },
  },
];

export type RuleSetOverrides = Partial<Record<string, Partial<RuleSettings>>>;

export interface ResolvedRuleSet {
  version: string;
  settings: Record<string, RuleSettings>;
}

function firstDayOf(period: string): string {
  if (/^\d{4}-\d{2}$/.test(period)) return `${period}-01`;
  const quarter = /^(\d{4})Q([1-4])$/.exec(period);
  if (quarter) return `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return `${period.slice(0, 4)}-01-01`;
}

/** The version in force on a period's first day, with the run's overrides applied. */
export function ruleSetFor(period: string, overrides: RuleSetOverrides = {}, versions: readonly RuleSetVersion[] = RULE_SET_VERSIONS): ResolvedRuleSet {
  const day = firstDayOf(period);
  // a stable sort: of two versions with one effective date, the later in `versions` wins
  const inForce = [...versions].filter((v) => v.effectiveFrom <= day).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0)).at(-1);
  if (!inForce) throw new Error(`no rule-set version is in force on ${day}`);
  const settings: Record<string, RuleSettings> = {};
  for (const rule of RULES) {
    const merged = { ...rule.defaults, ...inForce.rules[rule.id], ...overrides[rule.id] };
    validateSettings(rule.id, merged);
    settings[rule.id] = merged;
  }
  const overridden = Object.keys(overrides).length > 0;
  return { version: overridden ? `${inForce.version}+override` : inForce.version, settings };
}

function validateSettings(rule: string, settings: RuleSettings): void {
  if (!Number.isFinite(settings.tolerance) || settings.tolerance < 0) throw new Error(`${rule}: tolerance must be a non-negative number, got ${settings.tolerance}`);
  if (!FLAG_SEVERITIES.includes(settings.severity as FlagSeverity)) throw new Error(`${rule}: unknown severity ${settings.severity}`);
}

export interface RuleSetVersionInfo extends RuleSetVersion {
  origin: 'CODE' | 'API';
  createdBy: { id: string; label: string } | null;
  createdAt: Date | null;
}

/** The code's versions, then the API's in the order they were made: what `ruleSetFor` takes. */
export async function loadRuleSetVersions(): Promise<RuleSetVersionInfo[]> {
  const stored = await RuleSetVersionModel.find({}).sort({ createdAt: 1, _id: 1 }).lean<StoredRuleSetVersionRecord[]>().exec();
  return [
    ...RULE_SET_VERSIONS.map((v) => ({ ...v, origin: 'CODE' as const, createdBy: null, createdAt: null })),
    ...stored.map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, rules: v.rules, note: v.note, origin: 'API' as const, createdBy: v.createdBy, createdAt: v.createdAt })),
  ];
}

export class RuleSettingsError extends CodedError {
  constructor(
    message: string,
    readonly code: 'BAD_USER_INPUT' | 'CONFLICT' = 'BAD_USER_INPUT',
  ) {
    super(message);
  }
}

export interface RuleSettingsChange {
  /** `YYYY-MM-01`: versions apply from a period's first day */
  effectiveFrom: string;
  changes: ReadonlyArray<{ rule: string; tolerance?: number | null; severity?: FlagSeverity | null }>;
  reason: string;
  actor: { id: string; label: string };
}

/**
 * A new version from `effectiveFrom`: the settings in force on that day with `changes` applied, stored
 * whole. Named `<year>.<n>` after the versions already named for that year.
 */
export async function changeRuleSettings(change: RuleSettingsChange): Promise<RuleSetVersionInfo> {
  const known = new Set(RULES.map((r) => r.id as string));
  if (!/^\d{4}-(0[1-9]|1[0-2])-01$/.test(change.effectiveFrom)) throw new RuleSettingsError(`effectiveFrom must be the first day of a month (YYYY-MM-01); got ${change.effectiveFrom}`);
  const unknown = change.changes.filter((c) => !known.has(c.rule)).map((c) => c.rule);
  if (unknown.length) throw new RuleSettingsError(`unknown rule ${unknown.join(', ')}`);
  if (change.changes.length === 0) throw new RuleSettingsError('a change names at least one rule');
  if (!change.reason.trim()) throw new RuleSettingsError('a change needs a reason');
  const versions = await loadRuleSetVersions();
  const base = ruleSetFor(change.effectiveFrom.slice(0, 7), {}, versions.filter((v) => v.effectiveFrom <= change.effectiveFrom));
  const rules: Record<string, RuleSettings> = { ...base.settings };
  for (const c of change.changes) {
    const merged = { ...rules[c.rule]!, ...(c.tolerance != null ? { tolerance: c.tolerance } : {}), ...(c.severity != null ? { severity: c.severity } : {}) };
    try {
      validateSettings(c.rule, merged);
    } catch (err) {
      throw new RuleSettingsError((err as Error).message);
    }
    rules[c.rule] = merged;
  }
  const year = change.effectiveFrom.slice(0, 4);
  const sameYear = versions.filter((v) => v.version.startsWith(`${year}.`)).length;
  const version = `${year}.${sameYear + 1}`;
  const createdAt = new Date();
  try {
    await RuleSetVersionModel.create({ version, effectiveFrom: change.effectiveFrom, rules, note: change.reason.trim(), createdBy: change.actor, createdAt });
  } catch (err) {
    if (isDuplicateKey(err)) throw new RuleSettingsError(`version ${version} was just created by someone else; read the versions again and retry`, 'CONFLICT');
    throw err;
  }
  return { version, effectiveFrom: change.effectiveFrom, rules, note: change.reason.trim(), origin: 'API', createdBy: change.actor, createdAt };
}
