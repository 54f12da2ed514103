/**
 * CDW-SPEED — an impossible trip (DESIGN §5), keyed by waybill no. Compares the straight-line
 * (haversine) distance from the project site (project lat/lon) to the receiving facility (facility
 * lat/lon) with the time from site exit to facility entry. Flagged above 60 km/h (exactly 60 is inside),
 * or an entry at or before the exit over a non-zero distance. Straight-line distance under-states the
 * road, so a flag is conservative.
 * Unknown: no entry yet (an open trip is CDW-OPEN's alone), a project or facility without coordinates,
 * an unknown project or facility — nothing to judge, no flag.
 * Not a finding: a voided waybill; a slow trip.
 * Projects and facilities are small reference sets, read once.
 */
import { cstDateTime, movementSubject, side, stewardMessage, type FacilityRef, type ProjectRef, type Rule } from './rule';

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Pure: the implied speed when above `limitKmh` (an entry at or before the exit is infinitely fast). */
export function compareCdwSpeed(input: { distanceKm: number; exitAt: Date; entryAt: Date }, limitKmh: number): { kmh: number } | null {
  const hours = (input.entryAt.getTime() - input.exitAt.getTime()) / 3_600_000;
  if (hours <= 0) return input.distanceKm > 0 ? { kmh: Infinity } : null;
  const kmh = input.distanceKm / hours;
  return kmh > limitKmh ? { kmh } : null;
}

export const cdwSpeed: Rule = {
  id: 'CDW-SPEED',
  title: 'impossible trip time',
  stream: 'construction',
  subjectKind: 'MOVEMENT',
  key: 'waybill no.',
  reads: ['movements', 'projects', 'facilities'],
  kinds: { movements: ['CDW_WAYBILL'] },
  toleranceUnit: 'km/h',
  defaults: { tolerance: 60, severity: 'MEDIUM' },
  scan: { kind: 'CDW_WAYBILL' },
  evaluate({ period, settings, refs }, emit) {
    let projects: ReadonlyMap<string, ProjectRef> | null = null;
    let facilities: ReadonlyMap<string, FacilityRef> | null = null;
    return {
      async visit(m) {
        if (m.status === 'VOIDED' || !m.departedAt || !m.arrivedAt || !m.from.projectCode || !m.to.facilityCode) return;
        projects ??= await refs.projects();
        facilities ??= await refs.facilities();
        const project = projects.get(m.from.projectCode);
        const facility = facilities.get(`construction:${m.to.facilityCode}`);
        if (!project?.location || !facility?.location) return;
        const distanceKm = haversineKm(project.location, facility.location);
        const verdict = compareCdwSpeed({ distanceKm, exitAt: m.departedAt, entryAt: m.arrivedAt }, settings.tolerance);
        if (!verdict) return;
        const minutes = Math.round((m.arrivedAt.getTime() - m.departedAt.getTime()) / 60_000);
        const speed = Number.isFinite(verdict.kmh) ? `${verdict.kmh.toFixed(1)} km/h` : 'arrived before it left';
        await emit({
          rule: 'CDW-SPEED',
          severity: settings.severity,
          stream: 'construction',
          period,
          subject: movementSubject(m, `电子联单 ${m.sourceKey}`, m.carrier?.uscc ?? null, project.street),
          evidence: {
            sides: [
              side({ source: 'construction', label: 'waybill exit → entry (exitAt, entryAt)', value: `${cstDateTime(m.departedAt)} → ${cstDateTime(m.arrivedAt)} (${minutes} min)`, unit: 'datetime', records: m.sources }),
              side({ source: 'construction', label: `straight-line distance ${project.code} → ${facility.code}`, value: distanceKm.toFixed(2), unit: 'km', records: [...project.sources, ...facility.sources] }),
            ],
            difference: speed,
            tolerance: `${settings.tolerance} km/h`,
            message: stewardMessage(
              `电子运单 ${m.sourceKey}：直线距离 ${distanceKm.toFixed(1)} 公里仅用 ${minutes} 分钟（${speed}），超过 ${settings.tolerance} km/h，行程时间不可能`,
              `waybill ${m.sourceKey} covered ${distanceKm.toFixed(1)} km in ${minutes} min (${speed}), above ${settings.tolerance} km/h: an impossible trip time`,
            ),
          },
        });
      },
      async finish() {},
    };
  },
};
