/**
 * Rule-set configuration: each rule's tolerance and severity, versioned with effective dates.
 *
 * Choice: the versions live in code, here, not in the database. A change of tolerance changes which
 * flags exist, so it is reviewed and deployed like code, and every run can name exactly the version it
 * applied (ReconcileRun.ruleSetVersions). A period is reconciled under the version in force on its first
 * day, so re-running an old period later applies the rules of its time. Callers (CLI, tests, a steward's
 * what-if) may still pass overrides per run; the run records them with a `+override` version suffix.
 * A rule missing from a version falls back to its file's defaults (DESIGN §5 values).
 */
import { FLAG_SEVERITIES, type FlagSeverity } from './flagModel';
import { RULES } from './rules';
import type { RuleId, RuleSettings } from './rules/rule';

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
  const inForce = [...versions].filter((v) => v.effectiveFrom <= day).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).at(-1);
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
