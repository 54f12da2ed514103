/**
 * CDW-OPEN — a construction trip that never arrived (suspected illegal dumping, 偷倒乱倒; DESIGN §5).
 *
 * Compares: a waybill's site exit time (exitAt) with the run's `asOf`; keyed by waybill no. Flagged when
 * the waybill is still DEPARTED with no facility entry (entryAt) more than 24 h after it left.
 * Unknown: no exit time — nothing to measure from, no flag.
 * Not a finding: a voided waybill; a waybill weighed in at the facility (entryAt stated), whatever its
 * status says; a trip that arrived late (a later update closes it, and the flag is closed with it); a
 * trip open for 24 h or less; an older nightly-export row (DEPARTED) read after the API's arrived
 * version (the construction mapping's versionRank keeps the arrived one). The trip's later consequences
 * (the vehicle's next trips, a weight or speed that cannot be measured) are not findings of other rules:
 * one never-closed trip is one flag, here.
 */
import { cstDateTime, movementSubject, periodEnd, stewardMessage, quantitySide, roleGrams, side, type ProjectRef, type Rule } from './rule';

/** Pure: open for longer than `toleranceHours` as of `asOf`. */
export function compareCdwOpen(input: { status: string; departedAt: Date | null; arrivedAt: Date | null; asOf: Date }, toleranceHours: number): boolean {
  if (input.status !== 'IN_TRANSIT' && input.status !== 'OPEN') return false;
  // weighed in at the facility: it arrived, even if the status was not moved on
  if (input.arrivedAt) return false;
  if (!input.departedAt) return false;
  return input.asOf.getTime() - input.departedAt.getTime() > toleranceHours * 3_600_000;
}

export const cdwOpen: Rule = {
  id: 'CDW-OPEN',
  title: 'trip never arrived',
  stream: 'construction',
  subjectKind: 'MOVEMENT',
  key: 'waybill no.',
  reads: ['movements', 'projects'],
  kinds: { movements: ['CDW_WAYBILL'] },
  toleranceUnit: 'h',
  defaults: { tolerance: 24, severity: 'HIGH' },
  scan: { kind: 'CDW_WAYBILL' },
  timeDependent: true,
  // a waybill of the period left before its end: open too long or not once `tolerance` hours have passed
  settlesAt: (period, settings) => new Date(periodEnd(period).getTime() + settings.tolerance * 3_600_000),
  evaluate({ period, settings, refs, asOf }, emit) {
    let projects: ReadonlyMap<string, ProjectRef> | null = null;
    return {
      async visit(m) {
        if (!compareCdwOpen({ status: m.status, departedAt: m.departedAt, arrivedAt: m.arrivedAt, asOf }, settings.tolerance)) return;
        projects ??= await refs.projects();
        const project = m.from.projectCode ? projects.get(m.from.projectCode) : undefined;
        // No age in the evidence: it would change with every run's clock and re-open acknowledged flags.
        await emit({
          rule: 'CDW-OPEN',
          severity: settings.severity,
          stream: 'construction',
          period,
          subject: movementSubject(m, `电子联单 ${m.sourceKey}`, m.carrier?.uscc ?? null, project?.street ?? null),
          evidence: {
            sides: [
              side({ source: 'construction', label: 'site exit (exitAt)', value: cstDateTime(m.departedAt!), unit: 'datetime', records: m.sources }),
              quantitySide('construction', 'site exit weight (exitWeightT)', roleGrams(m, 'EXIT'), 't'),
              side({ source: 'construction', label: 'facility entry (entryAt)', value: 'missing', unit: 'datetime', records: [] }),
            ],
            difference: `open more than ${settings.tolerance} h`,
            tolerance: `${settings.tolerance} h`,
            message: stewardMessage(
              `电子运单 ${m.sourceKey}（${m.vehicle?.plate ?? '无车牌'}）${cstDateTime(m.departedAt!)} 从 ${m.from.projectCode ?? '?'} 出场前往 ${m.to.facilityCode ?? '?'}，超过 ${settings.tolerance} 小时仍未入场，疑似偷倒乱倒`,
              `waybill ${m.sourceKey} (${m.vehicle?.plate ?? 'no plate'}) left ${m.from.projectCode ?? '?'} at ${cstDateTime(m.departedAt!)} for ${m.to.facilityCode ?? '?'} and has not arrived after more than ${settings.tolerance} h: suspected illegal dumping`,
            ),
          },
        });
      },
      async finish() {},
    };
  },
};
