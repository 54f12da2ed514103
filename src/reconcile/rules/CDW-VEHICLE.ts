/**
 * CDW-VEHICLE — a truck that should not have hauled (DESIGN §5), keyed by canonical plate (no spaces,
 * upper case) and month: one flag per plate listing every finding over its non-voided waybills —
 * plate not registered; permit (permitValidTo) expired before the trip's date; exit weight above the
 * rated load (exactly at it is inside); hauler on the waybill not the vehicle's registered hauler; and
 * one plate on two trips at once (a cloned plate, 套牌): two arrived trips whose [exit, entry)
 * intervals intersect, an open trip that left while an arrived one was on the road, or two open trips
 * both still in progress (left no more than 24 h before `asOf`).
 * Unknown: a registry entry without a permit date, rated load or hauler; a waybill without a hauler —
 * that part is not compared.
 * Not a finding: a never-closed trip by itself (CDW-OPEN's finding: it says nothing about where the truck
 * was afterwards, so the plate's later trips are not overlaps); back-to-back trips (next exit = previous
 * entry); voided waybills.
 *
 * Join state is per plate: the findings and each trip's [exit, entry) interval (two numbers and a waybill
 * number), bounded by the month's trips of the fleet; vehicles are a reference set read once.
 */
import type { Types } from 'mongoose';
import { cstDate } from '../../model/validators';
import type { FlagSide } from '../flagModel';
import { cdwOpen } from './CDW-OPEN';
import { MovementModel } from '../../model/movement';
import { JOIN_BATCH, periodEnd, previousMonth, roleGrams, side, stewardMessage, tonnesText, usccKey, type MovementRecord, type ProjectRef, type Rule, type VehicleRef } from './rule';

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
  /** entry time; null while the trip is open (never weighed in) */
  end: number | null;
  /** a trip of an earlier month still on the road at this month's start: context, judged with this month's trips only */
  earlier?: boolean;
}

/**
 * Pure: the waybills of trips that overlap another trip of the same plate, on evidence of two trucks at
 * once: two closed trips whose [exit, entry) intervals intersect; an open trip that left while a closed
 * trip was on the road; or two open trips both still in progress at `asOf` (left no more than
 * `openHours` ago). An open trip older than that is a suspected dump, CDW-OPEN's finding alone: it says
 * nothing about where the truck was afterwards, so it never overlaps a later trip by itself.
 */
export function overlappingTrips(trips: readonly TripInterval[], asOf: number, openHours: number): string[] {
  const inProgress = (t: TripInterval) => t.end === null && t.start <= asOf && asOf - t.start <= openHours * 3_600_000;
  const during = (instant: number, t: TripInterval) => t.end !== null && t.start <= instant && instant < t.end;
  const overlapping = new Set<string>();
  for (let i = 0; i < trips.length; i++) {
    for (let j = i + 1; j < trips.length; j++) {
      const a = trips[i]!;
      const b = trips[j]!;
      // two earlier trips were judged in their own month
      if (a.earlier && b.earlier) continue;
      let together: boolean;
      if (a.end !== null && b.end !== null) together = a.start < b.end && b.start < a.end;
      else if (a.end === null && b.end === null) together = inProgress(a) && inProgress(b);
      else together = a.end === null ? during(a.start, b) : during(b.start, a);
      if (together) {
        overlapping.add(a.waybillNo);
        overlapping.add(b.waybillNo);
      }
    }
  }
  return [...overlapping].sort();
}

/**
 * The previous month's arrived trips of these plates that were still on the road when this month began
 * (a trip across the month end), so a trip of this month that overlaps one is found.
 */
async function addEarlierTrips(period: string, plates: ReadonlyMap<string, PlateState>, months: readonly string[]): Promise<void> {
  const previous = previousMonth(period);
  if (!months.includes(previous) || plates.size === 0) return;
  const monthStart = new Date(`${period}-01T00:00:00+08:00`);
  const stored = [...plates.values()].map((p) => p.storedPlate);
  const byStored = new Map([...plates.values()].map((p) => [p.storedPlate, p]));
  // a waybill's month is its exit's (CST): the previous month's trips of a plate are a departedAt range
  // of {vehicle.plate, departedAt}; those still on the road at the month's start are kept here
  const previousStart = new Date(`${previous}-01T00:00:00+08:00`);
  for (let i = 0; i < stored.length; i += JOIN_BATCH) {
    const found = (
      await MovementModel.find({ kind: 'CDW_WAYBILL', status: { $ne: 'VOIDED' }, 'vehicle.plate': { $in: stored.slice(i, i + JOIN_BATCH) }, departedAt: { $gte: previousStart, $lt: monthStart } })
        .select({ sourceKey: 1, period: 1, vehicle: 1, departedAt: 1, arrivedAt: 1, sources: 1 })
        .lean<Pick<MovementRecord, 'sourceKey' | 'period' | 'vehicle' | 'departedAt' | 'arrivedAt' | 'sources'>[]>()
    ).filter((m) => m.period === previous && m.arrivedAt !== null && m.arrivedAt !== undefined && m.arrivedAt.getTime() > monthStart.getTime());
    for (const m of found) {
      const state = m.vehicle ? byStored.get(m.vehicle.plate) : undefined;
      if (!state || !m.departedAt || !m.arrivedAt) continue;
      state.trips.push({ waybillNo: m.sourceKey, start: m.departedAt.getTime(), end: m.arrivedAt.getTime(), earlier: true });
    }
  }
}

/** How long an open trip counts as on the road: CDW-OPEN's tolerance, after which it is a suspected dump. */
const OPEN_TRIP_HOURS = cdwOpen.defaults.tolerance;

/** What each finding means, for the steward's message. */
const FINDING_ZH: Readonly<Record<VehicleFindingKind, string>> = {
  UNREGISTERED: '车牌未登记（疑似无证或套牌）',
  PERMIT_EXPIRED: '准运许可已过期',
  OVERLOAD: '出场重量超过核定载重',
  HAULER_MISMATCH: '运单上的运输企业与车辆登记不符',
  OVERLAPPING_TRIPS: '同一车牌同时在两趟运输中（疑似套牌）',
};
const FINDING_EN: Readonly<Record<VehicleFindingKind, string>> = {
  UNREGISTERED: 'plate not registered (unlicensed or cloned)',
  PERMIT_EXPIRED: 'transport permit expired',
  OVERLOAD: 'exit weight above the rated load',
  HAULER_MISMATCH: 'hauler on the waybill is not the registered one',
  OVERLAPPING_TRIPS: 'one plate on two trips at once (cloned plate)',
};

interface PlateState {
  trips: TripInterval[];
  /** the plate as stored, to find its earlier trips by */
  storedPlate: string;
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
  kinds: { movements: ['CDW_WAYBILL'] },
  toleranceUnit: 'any',
  defaults: { tolerance: 0, severity: 'HIGH' },
  scan: { kind: 'CDW_WAYBILL' },
  // two open trips overlap only while both are in progress at `asOf`
  timeDependent: true,
  // no trip of the period is still in progress OPEN_TRIP_HOURS after its end
  settlesAt: (period) => new Date(periodEnd(period).getTime() + OPEN_TRIP_HOURS * 3_600_000),
  evaluate({ period, settings, refs, asOf }, emit) {
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
        const state: PlateState = plates.get(plate) ?? { trips: [], storedPlate: m.vehicle.plate, findings: new Map(), records: [], haulerUscc: null, street: null };
        plates.set(plate, state);
        state.trips.push({ waybillNo: m.sourceKey, start: m.departedAt.getTime(), end: m.arrivedAt ? m.arrivedAt.getTime() : null });
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
        await addEarlierTrips(period, plates, await refs.movementMonths());
        for (const plate of [...plates.keys()].sort()) {
          const state = plates.get(plate)!;
          const overlapping = overlappingTrips(state.trips, asOf.getTime(), OPEN_TRIP_HOURS);
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
              message: stewardMessage(
                `车辆 ${plate} ${period}：${kinds.map((k) => `${FINDING_ZH[k]}（${[...state.findings.get(k)!].sort().join('、')}）`).join('；')}`,
                `vehicle ${plate} in ${period}: ${kinds.map((k) => `${FINDING_EN[k]} (${[...state.findings.get(k)!].sort().join(', ')})`).join('; ')}`,
              ),
            },
          });
        }
        plates.clear();
      },
    };
  },
};
