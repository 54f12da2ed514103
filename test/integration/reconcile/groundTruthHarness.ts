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
      return `${subject.uscc ?? subject.facilityId}|${subject.kind}`;
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

type Truth = Pick<GroundTruth, 'discrepancies' | 'nearMisses'>;

/**
 * The truth a hub knows when it first synced after every due day (one sync at the horizon): a delayed
 * filing (COMPLETENESS DELAYED) is then received with an unknown lateness — RECEIVED, no flag.
 */
export function unwatched<T extends Truth>(truth: T): T {
  return { ...truth, discrepancies: truth.discrepancies.filter((d) => !(d.rule === 'COMPLETENESS' && d.detail.kind === 'DELAYED')) };
}

/** One COMPLETENESS cell as the flags name it: subject key, flag period (a weigh-ticket day's month), status. */
function completenessCell(d: GroundTruth['discrepancies'][number]): { group: string; key: string } {
  const subject = d.subject as Subject;
  const status = d.detail.kind === 'DELAYED' ? 'LATE' : 'MISSING';
  const period = subject.month ?? subject.day!.slice(0, 7);
  return { group: `${subject.kind} ${status}`, key: `${flagSubjectKey('COMPLETENESS', subject)}|${period}|${status}` };
}

export interface CellScore {
  group: string;
  expected: number;
  found: number;
}

/**
 * COMPLETENESS scored cell by cell, stricter than `score`: each withheld filing must be a MISSING flag
 * and each delayed one a LATE flag of its reporter, kind and period, and every COMPLETENESS flag must be
 * one of them. Per filing kind and status: expected and found; `extra` are flags of no truth cell.
 */
export function completenessCells(truth: Truth, flags: readonly (FlagLike & { evidence: { difference: string } })[]): { groups: CellScore[]; missed: string[]; extra: string[]; recall: number; precision: number } {
  const expected = truth.discrepancies.filter((d) => d.rule === 'COMPLETENESS').map(completenessCell);
  const raised = new Set(flags.filter((f) => f.rule === 'COMPLETENESS').map((f) => `${f.subject.key}|${f.period}|${f.evidence.difference}`));
  const wanted = new Set(expected.map((e) => e.key));
  const groups = new Map<string, CellScore>();
  for (const e of expected) {
    const g = groups.get(e.group) ?? { group: e.group, expected: 0, found: 0 };
    g.expected += 1;
    if (raised.has(e.key)) g.found += 1;
    groups.set(e.group, g);
  }
  const found = expected.filter((e) => raised.has(e.key)).length;
  return {
    groups: [...groups.values()].sort((a, b) => a.group.localeCompare(b.group)),
    missed: expected.filter((e) => !raised.has(e.key)).map((e) => e.key).sort(),
    extra: [...raised].filter((k) => !wanted.has(k)).sort(),
    recall: expected.length ? found / expected.length : 1,
    precision: raised.size ? [...raised].filter((k) => wanted.has(k)).length / raised.size : 1,
  };
}
