/**
 * Typed targets (DESIGN §6): at least, at most, a range, zero, or a status on an ordered scale; each
 * with where it comes from (the district plan's 2027 targets in seed 000, else the pilot's 2020 target
 * from the digest) and whether it judges a single month or only a whole year (annual caps such as
 * ZW18's 8 205 t say nothing about one month). Evaluation is exact decimal comparison.
 */
import { compareDecimal } from './decimals';

export type TargetSource = 'SEED_000_2027' | 'DIGEST_2020';
export type TargetPeriodScope = 'ANY' | 'YEAR';

interface TargetBase {
  /** the year the target is for */
  year: number;
  source: TargetSource;
  /** the value as the document writes it, e.g. "≥ 99 %" */
  text: string;
  /** caps on annual quantities only judge a YEAR value */
  scope: TargetPeriodScope;
  note?: string;
}

export type Target =
  | (TargetBase & { kind: 'AT_LEAST'; value: string; strict: boolean })
  | (TargetBase & { kind: 'AT_MOST'; value: string; strict: boolean })
  | (TargetBase & { kind: 'RANGE'; min: string; max: string })
  | (TargetBase & { kind: 'ZERO' })
  | (TargetBase & { kind: 'STATUS'; status: string; scale: readonly string[] });

export type TargetEvaluation = 'MET' | 'NOT_MET' | 'NOT_APPLICABLE';

export type PeriodKind = 'MONTH' | 'QUARTER' | 'YEAR';

/**
 * Whether a value meets the target: NOT_APPLICABLE when there is no target, no value, or the target
 * only judges whole years and the period is not one.
 */
export function evaluateTarget(target: Target | null, value: string | null, periodKind: PeriodKind): TargetEvaluation {
  if (!target || value === null) return 'NOT_APPLICABLE';
  if (target.scope === 'YEAR' && periodKind !== 'YEAR') return 'NOT_APPLICABLE';
  switch (target.kind) {
    case 'AT_LEAST': {
      const c = compareNumeric(value, target.value);
      if (c === null) return 'NOT_APPLICABLE';
      return (target.strict ? c > 0 : c >= 0) ? 'MET' : 'NOT_MET';
    }
    case 'AT_MOST': {
      const c = compareNumeric(value, target.value);
      if (c === null) return 'NOT_APPLICABLE';
      return (target.strict ? c < 0 : c <= 0) ? 'MET' : 'NOT_MET';
    }
    case 'RANGE': {
      const low = compareNumeric(value, target.min);
      const high = compareNumeric(value, target.max);
      if (low === null || high === null) return 'NOT_APPLICABLE';
      return low >= 0 && high <= 0 ? 'MET' : 'NOT_MET';
    }
    case 'ZERO': {
      const c = compareNumeric(value, '0');
      if (c === null) return 'NOT_APPLICABLE';
      return c === 0 ? 'MET' : 'NOT_MET';
    }
    case 'STATUS': {
      const reached = target.scale.indexOf(value);
      const wanted = target.scale.indexOf(target.status);
      if (reached < 0 || wanted < 0) return 'NOT_APPLICABLE';
      return reached >= wanted ? 'MET' : 'NOT_MET';
    }
  }
}

function compareNumeric(a: string, b: string): -1 | 0 | 1 | null {
  try {
    return compareDecimal(a, b);
  } catch {
    return null;
  }
}
