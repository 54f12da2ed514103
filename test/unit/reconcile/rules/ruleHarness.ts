/**
 * Runs one rule's `evaluate` over in-memory period reports (no store): the reference sets answer from
 * the rows given, and the flags the rule raises are collected. For rules that read period reports.
 */
import { Types } from 'mongoose';
import type { RaisedFlag } from '../../../../src/reconcile/flags';
import { monthsOfPeriod, type MovementRecord, type ReferenceSets, type ReportRow, type Rule } from '../../../../src/reconcile/rules/rule';

export type RowInput = Partial<ReportRow> & Pick<ReportRow, 'kind' | 'period'> & { uscc?: string; name?: string; lines?: ReportRow['lines'] };

let nextKey = 0;

export function reportRow(input: RowInput): ReportRow {
  const periodKind = /Q/.test(input.period) ? 'QUARTER' : /^\d{4}$/.test(input.period) ? 'YEAR' : 'MONTH';
  return {
    reportKey: input.reportKey ?? `R${++nextKey}`,
    periodKind,
    months: monthsOfPeriod(input.period),
    party: input.party ?? (input.uscc ? { partyId: null, uscc: input.uscc, name: input.name ?? null } : null),
    category: null,
    categoryName: null,
    attributes: {},
    sources: [new Types.ObjectId()],
    qualityFindings: [],
    lines: [],
    ...input,
  };
}

/** t → grams line */
export const t = (measure: ReportRow['lines'][number]['measure'], tonnes: number): ReportRow['lines'][number] => ({ measure, grams: Math.round(tonnes * 1_000_000) });

export function fakeRefs(rows: readonly ReportRow[], registered: readonly string[] = []): ReferenceSets {
  const never = () => Promise.reject(new Error('not used by this rule'));
  return {
    facilities: never,
    vehicles: never,
    projects: never,
    hwLicences: never,
    partyStreets: () => Promise.resolve(new Map()),
    movementMonths: () => Promise.resolve([]),
    platformRegistered: () => Promise.resolve(new Set(registered)),
    reports: (kind, months) => {
      const wanted = new Set(typeof months === 'string' ? [months] : months);
      return Promise.resolve(rows.filter((r) => r.kind === kind && r.months.some((m) => wanted.has(m))));
    },
  };
}

/** `movements` are fed to the rule's `visit` as the shared scan would. */
export async function runRule(rule: Rule, period: string, rows: readonly ReportRow[], options: { registered?: string[]; tolerance?: number; movements?: readonly MovementRecord[] } = {}): Promise<RaisedFlag[]> {
  const flags: RaisedFlag[] = [];
  const evaluation = rule.evaluate(
    { period, asOf: new Date('2027-01-01T00:00:00Z'), settings: { tolerance: options.tolerance ?? rule.defaults.tolerance, severity: rule.defaults.severity }, refs: fakeRefs(rows, options.registered) },
    (flag) => {
      flags.push(flag);
      return Promise.resolve();
    },
  );
  for (const movement of options.movements ?? []) await evaluation.visit?.(movement);
  await evaluation.finish();
  return flags;
}
