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

export function fakeRefs(rows: readonly ReportRow[], registered: readonly string[] = [], generators: readonly string[] = registered): ReferenceSets {
  const never = () => Promise.reject(new Error('not used by this rule'));
  return {
    facilities: never,
    vehicles: never,
    projects: never,
    hwLicences: never,
    partyStreets: () => Promise.resolve(new Map()),
    movementMonths: () => Promise.resolve([]),
    platformRegistered: () => Promise.resolve(new Set(registered)),
    platformGenerators: () => Promise.resolve(new Set(generators)),
    reports: (kind, months) => {
      const wanted = new Set(typeof months === 'string' ? [months] : months);
      return Promise.resolve(rows.filter((r) => r.kind === kind && r.months.some((m) => wanted.has(m))));
    },
  };
}

/** `movements` are fed to the rule's `visit` as the shared scan would. */
export async function runRule(rule: Rule, period: string, rows: readonly ReportRow[], options: { registered?: string[]; generators?: string[]; tolerance?: number; movements?: readonly MovementRecord[] } = {}): Promise<RaisedFlag[]> {
  const flags: RaisedFlag[] = [];
  const evaluation = rule.evaluate(
    { period, asOf: new Date('2027-01-01T00:00:00Z'), settings: { tolerance: options.tolerance ?? rule.defaults.tolerance, severity: rule.defaults.severity }, refs: fakeRefs(rows, options.registered, options.generators ?? options.registered) },
    (flag) => {
      flags.push(flag);
      return Promise.resolve();
    },
  );
  for (const movement of options.movements ?? []) await evaluation.visit?.(movement);
  await evaluation.finish();
  return flags;
}

const end = (uscc: string | null, name: string | null = null) => ({ party: uscc ? { partyId: null, uscc, name } : null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null });

/** An HW manifest as the shared scan hands it to rules (t → grams; `jsl` null = not received). */
export function manifestRecord(input: { ldbh: string; ycdw: string; fwdm: string; ycl: number; jsl?: number | null; status?: MovementRecord['status']; departedAt?: Date | null; period?: string; qualityFindings?: MovementRecord['qualityFindings'] }): MovementRecord {
  const sourceRecordId = new Types.ObjectId();
  const quantity = (role: 'DECLARED' | 'RECEIVED', tonnes: number) => ({ role, grams: Math.round(tonnes * 1_000_000), original: { value: String(tonnes), unit: 't' }, sourceRecordId, at: null, category: null });
  return {
    _id: new Types.ObjectId(),
    stream: 'industrial',
    kind: 'HW_MANIFEST',
    sourceKey: input.ldbh,
    period: input.period ?? '2026-10',
    status: input.status ?? (input.jsl === undefined || input.jsl === null ? 'IN_TRANSIT' : 'RECEIVED'),
    statusRaw: null,
    from: end(input.ycdw),
    to: end(null),
    carrier: null,
    vehicle: null,
    category: null,
    wasteCode: input.fwdm,
    hwClass: `HW${input.fwdm.slice(-2)}`,
    physicalForm: null,
    route: null,
    direction: null,
    packages: null,
    departedAt: input.departedAt === undefined ? new Date('2026-10-10T08:00:00+08:00') : input.departedAt,
    arrivedAt: null,
    quantities: [quantity('DECLARED', input.ycl), ...(input.jsl === undefined || input.jsl === null ? [] : [quantity('RECEIVED', input.jsl)])],
    linkedMovementIds: [],
    attributes: {},
    qualityFindings: input.qualityFindings ?? [],
    sources: [sourceRecordId],
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}
