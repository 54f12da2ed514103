/**
 * Runs one rule's `evaluate` in memory, as the engine would: movements fed to `visit` as the shared scan
 * hands them, period reports and registries answered from plain rows, the flags it raises collected.
 * For rule tests that need the rule's own wiring (what it skips, how it groups), not only its pure
 * comparison.
 */
import { Types } from 'mongoose';
import type { MovementQuantity, QuantityRole } from '../../../../src/model/movement';
import type { RaisedFlag } from '../../../../src/reconcile/flags';
import { monthsOfPeriod, type FacilityRef, type MovementRecord, type ProjectRef, type ReferenceSets, type ReportRow, type Rule, type VehicleRef } from '../../../../src/reconcile/rules/rule';

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

export function grams(role: QuantityRole, grams: number, extra: Partial<MovementQuantity> = {}): MovementQuantity {
  return { role, grams, original: { value: String(grams), unit: 'g' }, sourceRecordId: new Types.ObjectId(), at: null, category: null, ...extra };
}

const end = (uscc: string | null = null, name: string | null = null) => ({ party: uscc ? { partyId: null, uscc, name } : null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null });

/** A movement from a few fields; the rest empty. */
export function movement(fields: Partial<MovementRecord> & Pick<MovementRecord, 'kind' | 'sourceKey'>): MovementRecord {
  return {
    _id: new Types.ObjectId(),
    stream: 'construction',
    period: '2026-10',
    status: 'CLOSED',
    statusRaw: null,
    from: end(),
    to: end(),
    carrier: null,
    vehicle: null,
    category: null,
    wasteCode: null,
    hwClass: null,
    physicalForm: null,
    route: null,
    direction: null,
    packages: null,
    departedAt: null,
    arrivedAt: null,
    quantities: [],
    linkedMovementIds: [],
    attributes: {},
    qualityFindings: [],
    sources: [new Types.ObjectId()],
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...fields,
  };
}

/** An HW manifest as the shared scan hands it to rules (t → grams; `jsl` null = not received). */
export function manifestRecord(input: { ldbh: string; ycdw: string; fwdm: string; ycl: number; jsl?: number | null; status?: MovementRecord['status']; departedAt?: Date | null; period?: string; qualityFindings?: MovementRecord['qualityFindings'] }): MovementRecord {
  const sourceRecordId = new Types.ObjectId();
  const quantity = (role: 'DECLARED' | 'RECEIVED', tonnes: number) => ({ role, grams: Math.round(tonnes * 1_000_000), original: { value: String(tonnes), unit: 't' }, sourceRecordId, at: null, category: null });
  const received = input.jsl !== undefined && input.jsl !== null;
  return movement({
    stream: 'industrial',
    kind: 'HW_MANIFEST',
    sourceKey: input.ldbh,
    period: input.period ?? '2026-10',
    status: input.status ?? (received ? 'RECEIVED' : 'IN_TRANSIT'),
    from: end(input.ycdw),
    wasteCode: input.fwdm,
    hwClass: `HW${input.fwdm.slice(-2)}`,
    departedAt: input.departedAt === undefined ? new Date('2026-10-10T08:00:00+08:00') : input.departedAt,
    quantities: [quantity('DECLARED', input.ycl), ...(received ? [quantity('RECEIVED', input.jsl as number)] : [])],
    qualityFindings: input.qualityFindings ?? [],
    sources: [sourceRecordId],
  });
}

export interface HarnessInput {
  period?: string;
  asOf?: Date;
  movements?: readonly MovementRecord[];
  reports?: readonly ReportRow[];
  /** USCCs registered on the industrial platform, and those among them registered as generators */
  registered?: readonly string[];
  generators?: readonly string[];
  facilities?: readonly FacilityRef[];
  vehicles?: readonly VehicleRef[];
  projects?: readonly ProjectRef[];
  tolerance?: number;
}

function referenceSets(input: HarnessInput): ReferenceSets {
  const none = () => Promise.reject(new Error('not available in the rule harness'));
  const rows = input.reports ?? [];
  const registered = input.registered ?? [];
  return {
    facilities: () => Promise.resolve(new Map((input.facilities ?? []).map((f) => [`${f.stream}:${f.code}`, f]))),
    vehicles: () => Promise.resolve(new Map((input.vehicles ?? []).map((v) => [v.plate, v]))),
    projects: () => Promise.resolve(new Map((input.projects ?? []).map((p) => [p.code, p]))),
    hwLicences: none,
    partyStreets: () => Promise.resolve(new Map()),
    movementMonths: () => Promise.resolve([]),
    // the harness holds one month: nothing was hauled before it, and its totals go nowhere
    projectHauls: { before: (_month, codes) => Promise.resolve(new Map(codes.map((code) => [code, { grams: 0, trips: 0 }]))), record: () => Promise.resolve() },
    platformRegistered: () => Promise.resolve(new Set(registered)),
    platformGenerators: () => Promise.resolve(new Set(input.generators ?? registered)),
    reports: (kind, months) => {
      const wanted = new Set(typeof months === 'string' ? [months] : months);
      return Promise.resolve(rows.filter((r) => r.kind === kind && r.months.some((m) => wanted.has(m))));
    },
  };
}

/** The flags `rule` raises for the period (default 2026-10) at `asOf`, with its default severity. */
export async function runRule(rule: Rule, input: HarnessInput): Promise<RaisedFlag[]> {
  const flags: RaisedFlag[] = [];
  const settings = { tolerance: input.tolerance ?? rule.defaults.tolerance, severity: rule.defaults.severity };
  const evaluation = rule.evaluate({ period: input.period ?? '2026-10', asOf: input.asOf ?? new Date('2027-01-01T00:00:00Z'), settings, refs: referenceSets(input) }, (flag) => {
    flags.push(flag);
    return Promise.resolve();
  });
  for (const m of input.movements ?? []) await evaluation.visit?.(m);
  await evaluation.finish();
  return flags;
}
