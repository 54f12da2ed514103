/**
 * CDW-VEHICLE — a truck that should not have hauled (DESIGN §5), keyed by canonical plate, one flag per
 * plate and month listing every finding over its non-voided waybills: plate not registered, permit
 * expired before the trip's date, exit weight above the rated load, hauler on the waybill not the
 * vehicle's registered hauler, and two trips on the road at once ([exit, entry or ∞) overlapping —
 * a cloned plate, 套牌). Any occurrence is flagged.
 *
 * Join state is per plate: the findings and each trip's [exit, entry) interval (two numbers and a waybill
 * number), bounded by the month's trips of the fleet; vehicles are a reference set read once.
 */
import type { Types } from 'mongoose';
import { cstDate } from '../../model/validators';
import type { FlagSide } from '../flagModel';
import { roleGrams, side, tonnesText, usccKey, type ProjectRef, type Rule, type VehicleRef } from './rule';

export type VehicleFindingKind = 'UNREGISTERED' | 'PERMIT_EXPIRED' | 'OVERLOAD' | 'HAULER_MISMATCH' | 'OVERLAPPING_TRIPS';

export interface TripFacts {
  waybillNo: string;
  exitAt: Date;
  exitGrams: number | null;
  haulerUscc: string | null;
}

/** Pure: what is wrong with one trip given the registry entry (null = plate not registered). */
export function tripFindings(trip: TripFacts, vehicle: Pick<VehicleRef, 'haulerUscc' | 'permitValidTo' | 'ratedLoadGrams'> | null): VehicleFindingKind[] {
  if (!vehicle) return ['UNREGISTERED'];
  const out: VehicleFindingKind[] = [];
  if (vehicle.permitValidTo && cstDate(vehicle.permitValidTo) < cstDate(trip.exitAt)) out.push('PERMIT_EXPIRED');
  if (vehicle.ratedLoadGrams !== null && trip.exitGrams !== null && trip.exitGrams > vehicle.ratedLoadGrams) out.push('OVERLOAD');
  const hauler = usccKey(trip.haulerUscc);
  const registered = usccKey(vehicle.haulerUscc);
  if (hauler && registered && hauler !== registered) out.push('HAULER_MISMATCH');
  return out;
}

export interface TripInterval {
  waybillNo: string;
  start: number;
  /** Infinity while the trip is open */
  end: number;
}

/** Pure: the waybills of trips that overlap another trip of the same plate. */
export function overlappingTrips(trips: readonly TripInterval[]): string[] {
  const sorted = [...trips].sort((a, b) => a.start - b.start || (a.waybillNo < b.waybillNo ? -1 : 1));
  const overlapping = new Set<string>();
  let latest: TripInterval | null = null;
  for (const trip of sorted) {
    if (latest && trip.start < latest.end) {
      overlapping.add(latest.waybillNo);
      overlapping.add(trip.waybillNo);
    }
    if (!latest || trip.end > latest.end) latest = trip;
  }
  return [...overlapping].sort();
}

interface PlateState {
  trips: TripInterval[];
  findings: Map<VehicleFindingKind, Set<string>>;
  records: Types.ObjectId[];
  haulerUscc: string | null;
  street: string | null;
}

export const cdwVehicle: Rule = {
  id: 'CDW-VEHICLE',
  title: 'unregistered plate, expired permit, overload, hauler mismatch, two open trips',
  stream: 'construction',
  subjectKind: 'VEHICLE',
  key: 'plate',
  reads: ['movements', 'vehicles', 'projects'],
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'HIGH' },
  scan: { kind: 'CDW_WAYBILL' },
  evaluate({ period, settings, refs }, emit) {
    const plates = new Map<string, PlateState>();
    let vehicles: ReadonlyMap<string, VehicleRef> | null = null;
    let projects: ReadonlyMap<string, ProjectRef> | null = null;
    return {
      async visit(m) {
        if (m.status === 'VOIDED' || !m.vehicle?.plate || !m.departedAt) return;
        vehicles ??= await refs.vehicles();
        projects ??= await refs.projects();
        const plate = m.vehicle.plate.replace(/\s+/g, '').toUpperCase();
        const vehicle = vehicles.get(plate) ?? null;
        const exit = roleGrams(m, 'EXIT');
        const state: PlateState = plates.get(plate) ?? { trips: [], findings: new Map(), records: [], haulerUscc: null, street: null };
        plates.set(plate, state);
        state.trips.push({ waybillNo: m.sourceKey, start: m.departedAt.getTime(), end: m.arrivedAt ? m.arrivedAt.getTime() : Infinity });
        state.haulerUscc ??= usccKey(m.carrier?.uscc);
        state.street ??= (m.from.projectCode ? projects.get(m.from.projectCode)?.street : null) ?? null;
        const findings = tripFindings({ waybillNo: m.sourceKey, exitAt: m.departedAt, exitGrams: exit?.grams ?? null, haulerUscc: m.carrier?.uscc ?? null }, vehicle);
        for (const kind of findings) {
          const set = state.findings.get(kind) ?? new Set<string>();
          set.add(m.sourceKey);
          state.findings.set(kind, set);
        }
        if (findings.length) state.records.push(...m.sources);
      },
      async finish() {
        vehicles ??= await refs.vehicles();
        for (const plate of [...plates.keys()].sort()) {
          const state = plates.get(plate)!;
          const overlapping = overlappingTrips(state.trips);
          if (overlapping.length) state.findings.set('OVERLAPPING_TRIPS', new Set(overlapping));
          if (state.findings.size === 0) continue;
          const vehicle = vehicles.get(plate) ?? null;
          const kinds = [...state.findings.keys()].sort();
          const listed = kinds.map((k) => `${k}: ${[...state.findings.get(k)!].sort().join(', ')}`);
          const registry: FlagSide = vehicle
            ? side({ source: 'construction', label: 'vehicle registry (hauler, permitValidTo, ratedLoadT)', value: `${vehicle.haulerUscc ?? '-'}, ${vehicle.permitValidTo ? cstDate(vehicle.permitValidTo) : '-'}, ${vehicle.ratedLoadGrams !== null ? tonnesText(vehicle.ratedLoadGrams) : '-'}`, unit: 'registration', records: vehicle.sources })
            : side({ source: 'construction', label: 'vehicle registry', value: 'not registered', unit: 'registration', records: [] });
          await emit({
            rule: 'CDW-VEHICLE',
            severity: settings.severity,
            stream: 'construction',
            period,
            subject: { kind: 'VEHICLE', key: plate, label: plate, partyUscc: vehicle?.haulerUscc ?? state.haulerUscc, street: state.street },
            evidence: {
              sides: [side({ source: 'construction', label: 'waybills (findings)', value: listed.join('; '), unit: 'waybills', records: state.records }), registry],
              difference: kinds.join(', '),
              tolerance: 'any',
              message: `vehicle ${plate} in ${period}: ${listed.join('; ')}`,
            },
          });
        }
        plates.clear();
      },
    };
  },
};
