/**
 * CDW-OPEN — a construction trip that never arrived (suspected illegal dumping, DESIGN §5): a waybill
 * still DEPARTED (not voided) more than 24 h after its site exit, as of the run's `asOf`. Keyed by waybill no.
 */
import { cstDateTime, movementSubject, quantitySide, roleGrams, side, type ProjectRef, type Rule } from './rule';

/** Pure: open for longer than `toleranceHours` as of `asOf`. */
export function compareCdwOpen(input: { status: string; departedAt: Date | null; asOf: Date }, toleranceHours: number): boolean {
  if (input.status !== 'IN_TRANSIT' && input.status !== 'OPEN') return false;
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
  toleranceUnit: 'h',
  defaults: { tolerance: 24, severity: 'HIGH' },
  scan: { kind: 'CDW_WAYBILL' },
  timeDependent: true,
  evaluate({ period, settings, refs, asOf }, emit) {
    let projects: ReadonlyMap<string, ProjectRef> | null = null;
    return {
      async visit(m) {
        if (!compareCdwOpen({ status: m.status, departedAt: m.departedAt, asOf }, settings.tolerance)) return;
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
            message: `waybill ${m.sourceKey} (${m.vehicle?.plate ?? 'no plate'}) left ${m.from.projectCode ?? '?'} at ${cstDateTime(m.departedAt!)} for ${m.to.facilityCode ?? '?'} and has not arrived`,
          },
        });
      },
      async finish() {},
    };
  },
};
