/**
 * The construction-waste e-waybill system (sources/construction.md): projects, receiving facilities,
 * vehicles and one waybill per trip, scheduled per vehicle so clean trips never overlap, with the
 * CDW-* discrepancies and an invalid hauler USCC (ID-USCC) injected.
 */
import { cstDate, cstIso, cstMidnight, DAY_MS, daysInMonth, HOUR_MS, monthCompact, toMinute } from './clock';
import type { ScenarioContext } from './context';
import { GRAMS_PER_TONNE, roundGrams, tonnesNumber } from './mass';
import type { Rng } from './prng';
import { PLATE_LETTERS, STREETS, type CdwCategory, type ProjectKind } from './reference';
import type { ConstructionStream, JsonRecord, VersionedRecord } from './types';
import { corruptUsccCheck, neighbourUscc } from './uscc';

/** Weighbridges state tonnes with 2 decimals: 10 kg. */
export const CONSTRUCTION_STEP_G = 10_000;
const MINUTE_MS = 60_000;

export type CdwFacilityType = 'DISPOSAL_SITE' | 'RECYCLING_PLANT' | 'BACKFILL';

export interface CdwFacility {
  facilityCode: string;
  name: string;
  type: CdwFacilityType;
  lat: number;
  lon: number;
  annualCapacityT: number;
}

export interface Vehicle {
  plateNo: string;
  haulerUscc: string;
  permitValidTo: string;
  ratedLoadT: number;
  registered: boolean;
}

export interface Project {
  projectCode: string;
  permitNo: string;
  name: string;
  street: string;
  builderUscc: string;
  kind: ProjectKind;
  floorAreaM2: number;
  approvedTonnes: number;
  startDate: string;
  endDate: string;
  lat: number;
  lon: number;
  haulerUscc: string;
  registeredAt: number;
  /** the project record states no site coordinates (CDW-SPEED cannot judge its trips) */
  coordinatesWithheld?: boolean;
}

export interface Waybill {
  waybillNo: string;
  project: Project;
  /** the plate as the waybill writes it (sometimes lower case or with a stray space) */
  plateAsWritten: string;
  vehicle: Vehicle;
  haulerUscc: string;
  category: CdwCategory;
  exitAt: number;
  exitG: number;
  facility: CdwFacility;
  entryAt: number | null;
  entryG: number | null;
  closedAt: number | null;
  voidedAt: number | null;
}

export interface ConstructionData {
  projects: Project[];
  facilities: CdwFacility[];
  vehicles: Vehicle[];
  waybills: Waybill[];
  streams: Record<ConstructionStream, VersionedRecord[]>;
}

const CATEGORY_MIX: Record<ProjectKind, readonly (readonly [CdwCategory, number])[]> = {
  NEW_BUILD: [['SPOIL', 0.7], ['MUD', 0.1], ['CONSTRUCTION', 0.2]],
  PREFAB: [['SPOIL', 0.75], ['CONSTRUCTION', 0.25]],
  DEMOLITION: [['DEMOLITION', 1]],
  RENOVATION: [['DECORATION', 1]],
  MUNICIPAL: [['SPOIL', 0.6], ['MUD', 0.15], ['CONSTRUCTION', 0.25]],
};

const DESTINATION_MIX: Record<CdwCategory, readonly (readonly [CdwFacilityType, number])[]> = {
  SPOIL: [['RECYCLING_PLANT', 0.5], ['BACKFILL', 0.3], ['DISPOSAL_SITE', 0.2]],
  MUD: [['DISPOSAL_SITE', 1]],
  CONSTRUCTION: [['RECYCLING_PLANT', 0.9], ['DISPOSAL_SITE', 0.1]],
  DEMOLITION: [['RECYCLING_PLANT', 0.9], ['DISPOSAL_SITE', 0.1]],
  DECORATION: [['RECYCLING_PLANT', 0.85], ['DISPOSAL_SITE', 0.15]],
};

/** Great-circle distance in km (mean Earth radius 6371 km). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

export function canonicalPlate(plate: string): string {
  return plate.replace(/\s+/g, '').toUpperCase();
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function generateConstruction(ctx: ScenarioContext): ConstructionData {
  const rng = ctx.rng.fork('construction');
  const truth = ctx.truth;
  const centre = ctx.streets[0] as { lat: number; lon: number };

  const facilityTypes: CdwFacilityType[] = ['DISPOSAL_SITE', 'RECYCLING_PLANT', 'RECYCLING_PLANT', 'BACKFILL'];
  const facilities: CdwFacility[] = [];
  for (let copy = 0; copy < Math.ceil(ctx.options.size); copy++) {
    facilityTypes.forEach((type, i) => {
      const bearing = rng.real(0, 2 * Math.PI);
      const km = rng.real(12, 35);
      facilities.push({
        facilityCode: `SNC${ctx.tag}${String(copy * 10 + i + 1).padStart(4, '0')}`,
        name: `${ctx.namePrefix}${rng.pick(['南宫', '永乐', '马坊', '采育', '西红门', '黄村'])}${type === 'RECYCLING_PLANT' ? '建筑垃圾资源化处置厂' : type === 'BACKFILL' ? '回填点' : '消纳场'}`,
        type,
        lat: round6(centre.lat + (km * Math.cos(bearing)) / 111),
        lon: round6(centre.lon + (km * Math.sin(bearing)) / 85),
        annualCapacityT: type === 'RECYCLING_PLANT' ? 1_000_000 : 600_000,
      });
    });
  }

  const haulers = Array.from({ length: ctx.scaled(12) }, () => ctx.uscc.next());
  const builders = Array.from({ length: ctx.scaled(60) }, () => ctx.uscc.next());
  const usedPlates = new Set<string>();
  const newPlate = (): string => {
    for (;;) {
      const letter = rng.pick(PLATE_LETTERS);
      const plate = rng.chance(0.1) ? `京${letter}D${rng.int(10000, 99999)}` : `京${letter}${rng.int(10000, 99999)}`;
      if (!usedPlates.has(plate) && ctx.ownsPlate(plate)) {
        usedPlates.add(plate);
        return plate;
      }
    }
  };
  const vehicles: Vehicle[] = [];
  const vehiclesByHauler = new Map<string, Vehicle[]>();
  for (const hauler of haulers) {
    const fleet = Array.from({ length: rng.int(10, 20) }, () => ({
      plateNo: newPlate(), haulerUscc: hauler, permitValidTo: cstDate(ctx.horizon + rng.int(60, 700) * DAY_MS),
      ratedLoadT: rng.pick([18, 20, 25, 31]), registered: true,
    }));
    vehicles.push(...fleet);
    vehiclesByHauler.set(hauler, fleet);
  }

  const kinds: readonly (readonly [ProjectKind, number])[] = [['NEW_BUILD', 0.35], ['PREFAB', 0.15], ['DEMOLITION', 0.1], ['RENOVATION', 0.25], ['MUNICIPAL', 0.15]];
  const projects: Project[] = Array.from({ length: ctx.scaled(100) }, (_, i) => {
    const kind = rng.weighted(kinds);
    const street = rng.pick(ctx.streets);
    const plainStreet = STREETS[ctx.streets.indexOf(street)] as { name: string };
    const start = ctx.start - rng.int(30, 400) * DAY_MS;
    return {
      projectCode: `XM${ctx.tag}${monthCompact(ctx.months[0] ?? { year: 2026, month: 1 })}${String(i + 1).padStart(4, '0')}`,
      permitNo: `${ctx.tag ? ctx.divisionCode : `1101${rng.int(10, 99)}`}${rng.int(2024, 2026)}${String(rng.int(1, 9999)).padStart(4, '0')}0101`,
      name: `${ctx.namePrefix}${plainStreet.name.slice(0, 2)}${rng.pick(['科创', '经海', '亦城', '博兴', '荣华', '泰河'])}${rng.pick(['产业园', '住宅', '综合楼', '厂房', '道路改造', '管网工程', '学校', '商业中心'])}${rng.pick(['一期', '二期', '三期', ''])}${kind === 'DEMOLITION' ? '拆除工程' : kind === 'RENOVATION' ? '装修改造工程' : '项目'}`,
      street: street.name,
      builderUscc: rng.pick(builders),
      kind,
      floorAreaM2: kind === 'MUNICIPAL' ? rng.int(2000, 20000) : rng.int(5000, 150000),
      approvedTonnes: 0,
      startDate: cstDate(start),
      endDate: cstDate(ctx.end + rng.int(60, 700) * DAY_MS),
      lat: round6(street.lat + rng.real(-0.02, 0.02)),
      lon: round6(street.lon + rng.real(-0.02, 0.02)),
      haulerUscc: rng.pick(haulers),
      registeredAt: start,
    };
  });

  // Trips: each project's monthly tonnage becomes truck loads leaving at night (20:00–04:00), assigned
  // to the hauler's first free vehicle so one plate never has two trips open at once.
  const vehicleFreeAt = new Map<string, number>();
  const waybills: Waybill[] = [];
  let sequence = 0;
  const nextWaybillNo = (at: number) => `YD${ctx.tag}${cstDate(at).replace(/-/g, '')}${String(++sequence).padStart(7, '0')}`;
  const travelMinutes = (project: Project, facility: CdwFacility) => {
    const km = haversineKm(project.lat, project.lon, facility.lat, facility.lon);
    return Math.ceil((km / rng.real(20, 35)) * 60) + rng.int(5, 15);
  };
  for (const month of ctx.months) {
    const days = daysInMonth(month);
    interface PlannedTrip { project: Project; at: number; category: CdwCategory }
    const planned: PlannedTrip[] = [];
    for (const project of projects) {
      const kindScale = project.kind === 'RENOVATION' ? 0.3 : project.kind === 'DEMOLITION' ? 1.5 : 1;
      const monthlyT = rng.skewed(600, 0.7) * kindScale;
      const trips = Math.max(2, Math.round(monthlyT / 21));
      for (let t = 0; t < trips; t++) {
        const day = rng.int(1, days);
        const minuteOfNight = rng.int(0, 8 * 60);
        planned.push({ project, at: toMinute(cstMidnight(month, day) + 20 * HOUR_MS + minuteOfNight * MINUTE_MS), category: rng.weighted(CATEGORY_MIX[project.kind]) });
      }
    }
    planned.sort((a, b) => a.at - b.at || (a.project.projectCode < b.project.projectCode ? -1 : 1));
    for (const trip of planned) {
      const fleet = vehiclesByHauler.get(trip.project.haulerUscc) as Vehicle[];
      let vehicle = fleet.find((v) => (vehicleFreeAt.get(v.plateNo) ?? 0) <= trip.at);
      let exitAt = trip.at;
      if (!vehicle) {
        vehicle = fleet.reduce((best, v) => ((vehicleFreeAt.get(v.plateNo) ?? 0) < (vehicleFreeAt.get(best.plateNo) ?? 0) ? v : best));
        exitAt = (vehicleFreeAt.get(vehicle.plateNo) ?? 0) + 10 * MINUTE_MS;
      }
      if (exitAt >= ctx.end) continue;
      const type = rng.weighted(DESTINATION_MIX[trip.category]);
      const facility = rng.pick(facilities.filter((f) => f.type === type));
      const minutes = travelMinutes(trip.project, facility);
      const exitG = roundGrams(vehicle.ratedLoadT * GRAMS_PER_TONNE * rng.real(0.75, 0.98), CONSTRUCTION_STEP_G);
      const entryAt = exitAt + minutes * MINUTE_MS;
      vehicleFreeAt.set(vehicle.plateNo, entryAt + (minutes + 10) * MINUTE_MS);
      waybills.push({
        waybillNo: nextWaybillNo(exitAt), project: trip.project,
        plateAsWritten: rng.chance(0.03) ? (rng.chance(0.5) ? vehicle.plateNo.toLowerCase() : `${vehicle.plateNo.slice(0, 2)} ${vehicle.plateNo.slice(2)}`) : vehicle.plateNo,
        vehicle, haulerUscc: vehicle.haulerUscc, category: trip.category, exitAt, exitG, facility, entryAt,
        entryG: roundGrams(exitG * (1 - rng.real(0.003, 0.025)), CONSTRUCTION_STEP_G),
        closedAt: toMinute(entryAt + rng.int(1, 12) * HOUR_MS), voidedAt: null,
      });
    }
  }

  injectConstruction(ctx, rng.fork('inject'), { projects, facilities, vehicles, waybills, streams: emptyStreams() }, haulers, nextWaybillNo);

  // Voided waybills: issued by mistake at the gate and voided minutes later.
  const voidCount = Math.max(1, Math.round(waybills.length * 0.01));
  for (const template of rng.sample(waybills.filter((w) => !truth.isClaimed(`waybill:${w.waybillNo}`) && !truth.isClaimed(`plate:${w.vehicle.plateNo}`)), voidCount)) {
    waybills.push({ ...template, waybillNo: nextWaybillNo(template.exitAt), plateAsWritten: template.vehicle.plateNo, entryAt: null, entryG: null, closedAt: null, voidedAt: template.exitAt + rng.int(5, 30) * MINUTE_MS });
  }

  // Approved quantities are set last, from what the scenario really hauled: clean projects have hauled
  // 25–70 % of their approval; injected ones exceed it.
  const hauledByProject = new Map<string, number>();
  for (const w of waybills) if (w.voidedAt === null) hauledByProject.set(w.project.projectCode, (hauledByProject.get(w.project.projectCode) ?? 0) + w.exitG);
  const overCount = ctx.injectionCount('CDW-PROJECT', projects.length);
  const chosen = rng.sample(projects.filter((p) => (hauledByProject.get(p.projectCode) ?? 0) > 0), overCount + ctx.nearMissCount(overCount));
  for (const p of projects) {
    const hauled = hauledByProject.get(p.projectCode) ?? 0;
    const index = chosen.indexOf(p);
    if (index >= 0 && index < overCount) {
      p.approvedTonnes = Math.floor((hauled * rng.real(0.8, 0.93)) / GRAMS_PER_TONNE);
      truth.add('CDW-PROJECT', { projectCode: p.projectCode }, { approvedT: p.approvedTonnes, hauledT: tonnesNumber(hauled) });
    } else if (index >= overCount) {
      p.approvedTonnes = Math.ceil((hauled * rng.real(1.005, 1.03)) / GRAMS_PER_TONNE);
      truth.nearMiss('CDW-PROJECT', { projectCode: p.projectCode }, { approvedT: p.approvedTonnes, hauledT: tonnesNumber(hauled) });
    } else {
      p.approvedTonnes = Math.ceil(hauled / rng.real(0.25, 0.7) / GRAMS_PER_TONNE) + 100;
    }
  }

  waybills.sort((a, b) => (a.waybillNo < b.waybillNo ? -1 : 1));
  const data: ConstructionData = { projects, facilities, vehicles, waybills, streams: emptyStreams() };
  data.streams = buildStreams(ctx, rng.fork('records'), data);
  return data;
}

function emptyStreams(): Record<ConstructionStream, VersionedRecord[]> {
  return { projects: [], facilities: [], vehicles: [], waybills: [] };
}

function injectConstruction(
  ctx: ScenarioContext,
  rng: Rng,
  data: ConstructionData,
  haulers: string[],
  nextWaybillNo: (at: number) => string,
): void {
  const truth = ctx.truth;
  const { waybills, vehicles } = data;
  const claimWaybill = (w: Waybill) => truth.claim(`waybill:${w.waybillNo}`);
  const freeWaybills = () => waybills.filter((w) => !truth.isClaimed(`waybill:${w.waybillNo}`) && !truth.isClaimed(`plate:${w.vehicle.plateNo}`));

  // CDW-WEIGHT: entry weight more than 5 % below exit (near misses at 3.5–4.5 %).
  const weightCount = ctx.injectionCount('CDW-WEIGHT', waybills.length);
  rng.sample(freeWaybills(), weightCount + ctx.nearMissCount(weightCount)).forEach((w, i) => {
    claimWaybill(w);
    const beyond = i < weightCount;
    w.entryG = roundGrams(w.exitG * (1 - (beyond ? rng.real(0.06, 0.25) : rng.real(0.035, 0.045))), CONSTRUCTION_STEP_G);
    const gap = w.exitG - w.entryG;
    const detail = { exitWeightT: tonnesNumber(w.exitG), entryWeightT: tonnesNumber(w.entryG), gapPct: Number(((gap * 100) / w.exitG).toFixed(2)) };
    if (beyond && gap * 100 > 5 * w.exitG) truth.add('CDW-WEIGHT', { waybillNo: w.waybillNo }, detail);
    else if (!beyond && gap * 100 <= 5 * w.exitG) truth.nearMiss('CDW-WEIGHT', { waybillNo: w.waybillNo }, detail);
  });

  // CDW-SPEED: arrival implies > 60 km/h straight-line (near misses at 45–52 km/h).
  const speedCount = ctx.injectionCount('CDW-SPEED', waybills.length);
  const farTrips = freeWaybills().filter((w) => haversineKm(w.project.lat, w.project.lon, w.facility.lat, w.facility.lon) >= 10);
  rng.sample(farTrips, speedCount + ctx.nearMissCount(speedCount)).forEach((w, i) => {
    claimWaybill(w);
    const km = haversineKm(w.project.lat, w.project.lon, w.facility.lat, w.facility.lon);
    const beyond = i < speedCount;
    const minutes = Math.max(1, Math.round((km / (beyond ? rng.real(90, 200) : rng.real(45, 52))) * 60));
    w.entryAt = w.exitAt + minutes * MINUTE_MS;
    w.closedAt = toMinute(w.entryAt + rng.int(1, 12) * HOUR_MS);
    const kmh = km / (minutes / 60);
    const detail = { distanceKm: Number(km.toFixed(2)), minutes, kmh: Number(kmh.toFixed(1)) };
    if (beyond && kmh > 60) truth.add('CDW-SPEED', { waybillNo: w.waybillNo }, detail);
    else if (!beyond && kmh <= 55) truth.nearMiss('CDW-SPEED', { waybillNo: w.waybillNo }, detail);
  });

  // Plates used below must each carry exactly one vehicle-level injection.
  const lastTripByPlate = new Map<string, Waybill>();
  for (const w of waybills) {
    const last = lastTripByPlate.get(w.vehicle.plateNo);
    if (!last || last.exitAt < w.exitAt) lastTripByPlate.set(w.vehicle.plateNo, w);
  }
  const platesWithTrips = [...lastTripByPlate.keys()].sort();
  const freePlates = () => platesWithTrips.filter((p) => !truth.isClaimed(`plate:${p}`) && !waybills.some((w) => w.vehicle.plateNo === p && truth.isClaimed(`waybill:${w.waybillNo}`)));

  // CDW-OPEN: one of the vehicle's trips never arrives (open > 24 h at the horizon); the vehicle goes on
  // with its later trips, which are not overlaps (a never-closed trip is CDW-OPEN's finding alone).
  const openCount = ctx.injectionCount('CDW-OPEN', waybills.length);
  for (const plate of rng.sample(freePlates(), openCount)) {
    truth.claim(`plate:${plate}`);
    const trips = waybills.filter((w) => w.vehicle.plateNo === plate).sort((a, b) => a.exitAt - b.exitAt);
    const w = trips.length > 1 ? rng.pick(trips.slice(0, -1)) : (trips[0] as Waybill);
    claimWaybill(w);
    w.entryAt = null;
    w.entryG = null;
    w.closedAt = null;
    truth.add('CDW-OPEN', { waybillNo: w.waybillNo }, { exitAt: cstIso(w.exitAt), plateNo: plate, hoursOpenAtHorizon: Math.floor((ctx.horizon - w.exitAt) / HOUR_MS), laterTripsOfPlate: trips.filter((t) => t.exitAt > w.exitAt).length });
  }
  // Near misses: a last trip weighed in 26–40 h after it left (open for a while, closed by a later update).
  for (const plate of rng.sample(freePlates(), ctx.nearMissCount(openCount))) {
    truth.claim(`plate:${plate}`);
    const w = lastTripByPlate.get(plate) as Waybill;
    claimWaybill(w);
    w.entryAt = toMinute(w.exitAt + rng.int(26, 40) * HOUR_MS);
    w.closedAt = toMinute(w.entryAt + HOUR_MS);
    truth.nearMiss('CDW-OPEN', { waybillNo: w.waybillNo }, { exitAt: cstIso(w.exitAt), entryAt: cstIso(w.entryAt), hoursOpen: Math.floor((w.entryAt - w.exitAt) / HOUR_MS) });
  }

  // CDW-VEHICLE, one plate per kind.
  const vehicleCount = Math.max(5, ctx.injectionCount('CDW-VEHICLE', vehicles.length));
  const kinds = ['UNREGISTERED', 'PERMIT_EXPIRED', 'OVERLOAD', 'TWO_OPEN_TRIPS', 'HAULER_MISMATCH'] as const;
  const platePool = rng.sample(freePlates(), vehicleCount);
  platePool.forEach((plate, i) => {
    const kind = kinds[i % kinds.length] as (typeof kinds)[number];
    truth.claim(`plate:${plate}`);
    const trips = waybills.filter((w) => w.vehicle.plateNo === plate);
    const vehicle = (trips[0] as Waybill).vehicle;
    const trip = rng.pick(trips);
    trips.forEach(claimWaybill);
    if (kind === 'UNREGISTERED') {
      vehicle.registered = false;
      truth.add('CDW-VEHICLE', { plateNo: plate }, { kind, waybills: trips.map((w) => w.waybillNo) });
    } else if (kind === 'PERMIT_EXPIRED') {
      vehicle.permitValidTo = cstDate(ctx.start - rng.int(10, 90) * DAY_MS);
      truth.add('CDW-VEHICLE', { plateNo: plate }, { kind, permitValidTo: vehicle.permitValidTo, waybills: trips.map((w) => w.waybillNo) });
    } else if (kind === 'OVERLOAD') {
      trip.exitG = roundGrams(vehicle.ratedLoadT * GRAMS_PER_TONNE * rng.real(1.1, 1.3), CONSTRUCTION_STEP_G);
      if (trip.entryG !== null) trip.entryG = roundGrams(trip.exitG * 0.99, CONSTRUCTION_STEP_G);
      truth.add('CDW-VEHICLE', { plateNo: plate }, { kind, waybills: [trip.waybillNo], exitWeightT: tonnesNumber(trip.exitG), ratedLoadT: vehicle.ratedLoadT });
    } else if (kind === 'TWO_OPEN_TRIPS') {
      // A cloned plate (套牌): a second truck leaves another site while the first is still on the road.
      const project = rng.pick(data.projects.filter((p) => p.haulerUscc === vehicle.haulerUscc));
      const facility = trip.facility;
      const exitAt = trip.exitAt + 5 * MINUTE_MS;
      const km = haversineKm(project.lat, project.lon, facility.lat, facility.lon);
      const entryAt = exitAt + (Math.ceil((km / 25) * 60) + 10) * MINUTE_MS;
      const exitG = roundGrams(vehicle.ratedLoadT * GRAMS_PER_TONNE * 0.85, CONSTRUCTION_STEP_G);
      const clone: Waybill = {
        waybillNo: nextWaybillNo(exitAt), project, plateAsWritten: plate, vehicle, haulerUscc: vehicle.haulerUscc,
        category: trip.category === 'MUD' ? 'MUD' : rng.weighted(CATEGORY_MIX[project.kind]), exitAt, exitG, facility,
        entryAt, entryG: roundGrams(exitG * 0.99, CONSTRUCTION_STEP_G), closedAt: toMinute(entryAt + HOUR_MS), voidedAt: null,
      };
      if (facility.type === 'BACKFILL' && clone.category === 'MUD') clone.category = 'SPOIL';
      waybills.push(clone);
      claimWaybill(clone);
      truth.add('CDW-VEHICLE', { plateNo: plate }, { kind, waybills: [trip.waybillNo, clone.waybillNo] });
    } else {
      // a district with one registered hauler: the waybill names an organisation the registry does not know
      const other = haulers.find((h) => h !== vehicle.haulerUscc) ?? neighbourUscc(vehicle.haulerUscc);
      trip.haulerUscc = other;
      truth.add('CDW-VEHICLE', { plateNo: plate }, { kind, waybills: [trip.waybillNo], waybillHaulerUscc: other, registeredHaulerUscc: vehicle.haulerUscc });
    }
  });

  // CDW-VEHICLE across the month end: a trip still on the road at midnight of a month's last day, and a
  // cloned plate leaving a site just after midnight (the overlap spans two months' waybills).
  const monthStarts = ctx.months.slice(1).map((m) => cstMidnight(m, 1));
  // any plate without a vehicle-level injection: the trip and its clone carry no other finding
  const crossing = waybills.filter((w) => !truth.isClaimed(`plate:${w.vehicle.plateNo}`) && !truth.isClaimed(`waybill:${w.waybillNo}`) && w.entryAt !== null && monthStarts.some((start) => w.exitAt < start && (w.entryAt as number) > start + 5 * MINUTE_MS));
  for (const trip of rng.sample(crossing, 1)) {
    const plate = trip.vehicle.plateNo;
    truth.claim(`plate:${plate}`);
    claimWaybill(trip);
    const start = monthStarts.find((m) => trip.exitAt < m) as number;
    const exitAt = start + MINUTE_MS;
    // as long as the original trip: a plausible speed
    const entryAt = exitAt + ((trip.entryAt as number) - trip.exitAt);
    const clone: Waybill = { ...trip, waybillNo: nextWaybillNo(exitAt), plateAsWritten: plate, exitAt, entryAt, entryG: trip.entryG, closedAt: toMinute(entryAt + HOUR_MS), voidedAt: null };
    waybills.push(clone);
    claimWaybill(clone);
    truth.add('CDW-VEHICLE', { plateNo: plate }, { kind: 'OVERLAP_ACROSS_MONTH_END', waybills: [trip.waybillNo, clone.waybillNo] });
  }

  // CDW-VEHICLE near misses: a trip leaving exactly when the plate's previous trip was weighed in
  // (touching, not overlapping), and a load exactly at the rated load.
  const nearMissPlates = platesWithTrips.filter((p) => !truth.isClaimed(`plate:${p}`) && !truth.isClaimed(`waybill:${(lastTripByPlate.get(p) as Waybill).waybillNo}`));
  for (const [i, plate] of rng.sample(nearMissPlates, 2 * ctx.nearMissCount(1)).entries()) {
    truth.claim(`plate:${plate}`);
    const last = lastTripByPlate.get(plate) as Waybill;
    claimWaybill(last);
    if (i % 2 === 0 && last.entryAt !== null && 2 * last.entryAt - last.exitAt < ctx.end) {
      const exitAt = last.entryAt;
      const entryAt = exitAt + (last.entryAt - last.exitAt);
      const next: Waybill = { ...last, waybillNo: nextWaybillNo(exitAt), plateAsWritten: plate, exitAt, entryAt, closedAt: toMinute(entryAt + HOUR_MS), voidedAt: null };
      waybills.push(next);
      claimWaybill(next);
      truth.nearMiss('CDW-VEHICLE', { plateNo: plate }, { kind: 'BACK_TO_BACK', waybills: [last.waybillNo, next.waybillNo], entryAt: cstIso(last.entryAt), nextExitAt: cstIso(exitAt) });
    } else {
      last.exitG = last.vehicle.ratedLoadT * GRAMS_PER_TONNE;
      if (last.entryG !== null) last.entryG = roundGrams(last.exitG * 0.99, CONSTRUCTION_STEP_G);
      truth.nearMiss('CDW-VEHICLE', { plateNo: plate }, { kind: 'AT_RATED_LOAD', waybills: [last.waybillNo], exitWeightT: last.vehicle.ratedLoadT, ratedLoadT: last.vehicle.ratedLoadT });
    }
  }

  // Projects whose record states no coordinates: their trips cannot be judged by CDW-SPEED, even one
  // recorded as implausibly fast (a near miss: unknown is not a finding).
  const untouched = data.projects.filter((p) => waybills.some((w) => w.project === p) && !waybills.some((w) => w.project === p && (truth.isClaimed(`waybill:${w.waybillNo}`) || truth.isClaimed(`plate:${w.vehicle.plateNo}`))));
  for (const project of rng.sample(untouched, Math.max(1, Math.round(data.projects.length * 0.03)))) {
    project.coordinatesWithheld = true;
    const w = rng.pick(waybills.filter((x) => x.project === project && x.entryAt !== null));
    claimWaybill(w);
    w.entryAt = w.exitAt + 2 * MINUTE_MS;
    w.closedAt = toMinute(w.entryAt + HOUR_MS);
    truth.nearMiss('CDW-SPEED', { waybillNo: w.waybillNo }, { kind: 'NO_SITE_COORDINATES', minutes: 2 });
  }

  // ID-USCC: one hauler's code carries a wrong check character everywhere it appears.
  // Replacing the code everywhere it appears keeps every other injection (plates, mismatches) intact.
  const badHauler = rng.pick(haulers);
  const invalid = corruptUsccCheck(badHauler);
  for (const v of vehicles) if (v.haulerUscc === badHauler) v.haulerUscc = invalid;
  for (const w of waybills) if (w.haulerUscc === badHauler) w.haulerUscc = invalid;
  for (const p of data.projects) if (p.haulerUscc === badHauler) p.haulerUscc = invalid;
  truth.add('ID-USCC', { uscc: invalid }, { kind: 'INVALID_CHECK_CHARACTER', source: 'construction', role: 'hauler' });
}

function buildStreams(ctx: ScenarioContext, rng: Rng, data: ConstructionData): Record<ConstructionStream, VersionedRecord[]> {
  const stamp = (body: JsonRecord, at: number): { at: number; body: JsonRecord } => ({ at, body: { ...body, updatedAt: cstIso(at) } });
  const before = (days: number) => toMinute(ctx.start - rng.int(1, days) * DAY_MS - rng.int(0, 1400) * MINUTE_MS);
  const streams = emptyStreams();
  streams.projects = data.projects.map((p) => ({
    id: p.projectCode,
    versions: [stamp({ projectCode: p.projectCode, permitNo: p.permitNo, name: p.name, street: p.street, builderUscc: p.builderUscc, kind: p.kind, floorAreaM2: p.floorAreaM2, approvedTonnes: p.approvedTonnes, startDate: p.startDate, endDate: p.endDate, lat: p.coordinatesWithheld ? null : p.lat, lon: p.coordinatesWithheld ? null : p.lon }, Math.min(p.registeredAt, before(20)))],
  }));
  streams.facilities = data.facilities.map((f) => ({
    id: f.facilityCode,
    versions: [stamp({ facilityCode: f.facilityCode, name: f.name, type: f.type, lat: f.lat, lon: f.lon, annualCapacityT: f.annualCapacityT }, before(700))],
  }));
  streams.vehicles = data.vehicles.filter((v) => v.registered).map((v) => ({
    id: v.plateNo,
    versions: [stamp({ plateNo: v.plateNo, haulerUscc: v.haulerUscc, permitValidTo: v.permitValidTo, ratedLoadT: v.ratedLoadT }, before(300))],
  }));
  streams.waybills = data.waybills.map((w) => {
    const base: JsonRecord = {
      waybillNo: w.waybillNo, projectCode: w.project.projectCode, plateNo: w.plateAsWritten, haulerUscc: w.haulerUscc,
      category: w.category, exitAt: cstIso(w.exitAt), exitWeightT: tonnesNumber(w.exitG), facilityCode: w.facility.facilityCode,
      entryAt: null, entryWeightT: null, status: 'DEPARTED',
    };
    const versions = [stamp(base, w.exitAt)];
    if (w.voidedAt !== null) versions.push(stamp({ ...base, status: 'VOIDED' }, w.voidedAt));
    else if (w.entryAt !== null && w.entryG !== null) {
      const arrived = { ...base, entryAt: cstIso(w.entryAt), entryWeightT: tonnesNumber(w.entryG), status: 'ARRIVED' };
      versions.push(stamp(arrived, w.entryAt));
      if (w.closedAt !== null) versions.push(stamp({ ...arrived, status: 'CLOSED' }, w.closedAt));
    }
    return { id: w.waybillNo, versions };
  });
  // Malformed waybills: extra records a connector must quarantine.
  const at = toMinute(ctx.start + (ctx.end - ctx.start) / 3);
  for (let i = 0; i < ctx.malformedCount(streams.waybills.length); i++) {
    const template = rng.pick(streams.waybills).versions[0]?.body as JsonRecord;
    const waybillNo = `YDX${ctx.tag}${String(i + 1).padStart(9, '0')}`;
    streams.waybills.push({ id: waybillNo, versions: [stamp({ ...template, waybillNo, exitWeightT: '18,5', exitAt: cstIso(at) }, at)] });
    ctx.truth.malformed.push({ source: 'construction', stream: 'waybills', key: waybillNo, reason: 'exitWeightT is not a number' });
  }
  return streams;
}
