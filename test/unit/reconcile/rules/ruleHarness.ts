/**
 * Runs one rule's evaluation in memory: movements built from a few fields, reference sets from plain
 * maps, the flags it raises collected. For rule tests that need the rule's own visit/finish wiring
 * (what it skips, how it groups), not only its pure comparison. Rules that read the store are not for it.
 */
import { Types } from 'mongoose';
import type { MovementQuantity, QuantityRole } from '../../../../src/model/movement';
import type { RaisedFlag } from '../../../../src/reconcile/flags';
import type { FacilityRef, MovementRecord, ProjectRef, ReferenceSets, Rule, VehicleRef } from '../../../../src/reconcile/rules/rule';

export function grams(role: QuantityRole, grams: number, extra: Partial<MovementQuantity> = {}): MovementQuantity {
  return { role, grams, original: { value: String(grams), unit: 'g' }, sourceRecordId: new Types.ObjectId(), at: null, category: null, ...extra };
}

export function movement(fields: Partial<MovementRecord> & Pick<MovementRecord, 'kind' | 'sourceKey'>): MovementRecord {
  const end = { party: null, facilityId: null, facilityCode: null, projectId: null, projectCode: null, street: null };
  return {
    _id: new Types.ObjectId(),
    stream: 'construction',
    period: '2026-10',
    status: 'CLOSED',
    statusRaw: null,
    from: { ...end },
    to: { ...end },
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
    sources: [new Types.ObjectId()],
    createdAt: new Date(0),
    updatedAt: new Date(0),
    ...fields,
  };
}

export interface HarnessRefs {
  facilities?: FacilityRef[];
  vehicles?: VehicleRef[];
  projects?: ProjectRef[];
}

function refsOf(input: HarnessRefs): ReferenceSets {
  const none = () => Promise.reject(new Error('not available in the rule harness'));
  return {
    facilities: () => Promise.resolve(new Map((input.facilities ?? []).map((f) => [`${f.stream}:${f.code}`, f]))),
    vehicles: () => Promise.resolve(new Map((input.vehicles ?? []).map((v) => [v.plate, v]))),
    projects: () => Promise.resolve(new Map((input.projects ?? []).map((p) => [p.code, p]))),
    hwLicences: none,
    partyStreets: () => Promise.resolve(new Map()),
    movementMonths: () => Promise.resolve([]),
    platformRegistered: none,
    reports: none,
  };
}

/** The flags `rule` raises for `period` over `movements` at `asOf`, with its default settings. */
export async function runRule(rule: Rule, movements: readonly MovementRecord[], options: { period?: string; asOf: Date; refs?: HarnessRefs }): Promise<RaisedFlag[]> {
  const flags: RaisedFlag[] = [];
  const evaluation = rule.evaluate({ period: options.period ?? '2026-10', asOf: options.asOf, settings: rule.defaults, refs: refsOf(options.refs ?? {}) }, (flag) => {
    flags.push(flag);
    return Promise.resolve();
  });
  for (const m of movements) await evaluation.visit?.(m);
  await evaluation.finish();
  return flags;
}
