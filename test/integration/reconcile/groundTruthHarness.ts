/**
 * Maps the sandbox ground truth's subjects (sandbox/scenario/types.ts `Discrepancy.subject`) to the flag
 * keys the rules raise, and scores a set of flags against it: recall, precision, the misses, the extras
 * and any near miss (a gap inside tolerance) that was flagged. Independent of the engine: it reads only
 * the ground truth and `{ rule, subject.key, period }` of stored flags.
 */
import type { GroundTruth } from '../../../sandbox';

type Subject = Record<string, string>;

/** The flag subject key a rule raises for a ground-truth subject. */
export function flagSubjectKey(rule: string, subject: Subject): string {
  switch (rule) {
    case 'HW-QTY':
    case 'HW-LATE':
    case 'HW-LICENCE':
    case 'MED-QTY':
      return subject.manifestNo!;
    case 'HW-CODE':
      return `${subject.stream}/${subject.id}`;
    case 'DATA-QUALITY':
      return `${subject.stream}/${subject.id}/${subject.field}`;
    case 'HW-LEDGER':
    case 'GIS-BALANCE':
      return `${subject.uscc}/${subject.code}`;
    case 'TAX-PLATFORM':
      return `${subject.uscc}/${subject.kind}`;
    case 'STAT-PLATFORM':
    case 'COVERAGE':
    case 'ID-USCC':
    case 'MED-48H':
      return subject.uscc!;
    case 'CDW-WEIGHT':
    case 'CDW-OPEN':
    case 'CDW-SPEED':
      return subject.waybillNo!;
    case 'CDW-VEHICLE':
      return subject.plateNo!.replace(/\s+/g, '').toUpperCase();
    case 'CDW-PROJECT':
      return subject.projectCode!;
    case 'HH-CHAIN':
    case 'HH-CATEGORY':
    case 'HH-NET':
      return subject.ticketNo!;
    case 'COMPLETENESS':
      // the rule's subject: reporter + kind of filing (src/reconcile/rules/COMPLETENESS.ts completenessSubjectKey)
      return `${subject.uscc}|${subject.kind}`;
    default:
      throw new Error(`no subject mapping for rule ${rule}`);
  }
}

export interface FlagLike {
  rule: string;
  subject: { key: string };
  period: string;
}

export interface Score {
  expected: number;
  raised: number;
  matched: number;
  recall: number;
  precision: number;
  missed: string[];
  extra: string[];
  flaggedNearMisses: string[];
}

/** Rule + subject, ignoring the period: one ground-truth subject may span a rule's periods. */
const id = (rule: string, key: string) => `${rule}|${key}`;

export function score(truth: Pick<GroundTruth, 'discrepancies' | 'nearMisses'>, flags: readonly FlagLike[]): Score {
  const expected = new Set(truth.discrepancies.map((d) => id(d.rule, flagSubjectKey(d.rule, d.subject as Subject))));
  const raised = new Set(flags.map((f) => id(f.rule, f.subject.key)));
  const matched = [...expected].filter((k) => raised.has(k));
  const near = new Set(truth.nearMisses.map((n) => id(n.rule, flagSubjectKey(n.rule, n.subject as Subject))));
  return {
    expected: expected.size,
    raised: raised.size,
    matched: matched.length,
    recall: expected.size ? matched.length / expected.size : 1,
    precision: raised.size ? matched.length / raised.size : 1,
    missed: [...expected].filter((k) => !raised.has(k)).sort(),
    extra: [...raised].filter((k) => !expected.has(k)).sort(),
    flaggedNearMisses: [...near].filter((k) => raised.has(k) && !expected.has(k)).sort(),
  };
}
