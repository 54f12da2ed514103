/**
 * construction → unified model (connectors/MAPPING.md "construction"): projects, receiving facilities,
 * vehicles, and e-waybills as CDW_WAYBILL movements. Pure.
 */
import type { z } from 'zod';
import type { MovementStatus } from '../../src/model/movement';
import { normaliseStreet } from '../../src/model/reference/streets';
import {
  canonicalPlate,
  dateOrInstant,
  emptyEnd,
  grams,
  instant,
  monthOfIso,
  quantity,
  typedMapper,
  unresolved,
  type MapContext,
  type Projection,
  type StreamMapper,
} from '../mapping';
import { facilitySchema, projectSchema, vehicleSchema, waybillSchema } from './streams';

export type ConstructionProject = z.output<typeof projectSchema>;
export type ReceivingFacility = z.output<typeof facilitySchema>;
export type HaulVehicle = z.output<typeof vehicleSchema>;
export type Waybill = z.output<typeof waybillSchema>;

const STATUS_OF_WAYBILL: Readonly<Record<Waybill['status'], MovementStatus>> = {
  DEPARTED: 'IN_TRANSIT',
  ARRIVED: 'RECEIVED',
  CLOSED: 'CLOSED',
  VOIDED: 'VOIDED',
};

/**
 * Pure: how far along its life a waybill version is — its status's place in DEPARTED → ARRIVED → CLOSED
 * (VOIDED ends any of them), at least ARRIVED once an entry time is stated — doubled, plus one for an
 * API record. The nightly export has no updatedAt, so an export row read after a newer API version of
 * the same waybill (a backfill, or the fallback over days the API already delivered) must not replace
 * it: the projection keeps the version of higher rank (equal ranks: the later one read). On the same
 * status the API's version outranks the export's (it carries an update time; the export is a snapshot).
 */
export function waybillVersionRank(w: Pick<Waybill, 'status' | 'entryAt' | 'updatedAt'>): number {
  const progress = Math.max(WAYBILL_PROGRESS[w.status], w.entryAt === null ? 1 : 2);
  return progress * 2 + (w.updatedAt === null ? 0 : 1);
}

const WAYBILL_PROGRESS: Readonly<Record<Waybill['status'], number>> = { DEPARTED: 1, ARRIVED: 2, CLOSED: 3, VOIDED: 4 };

function location(lat: string | null, lon: string | null) {
  return lat === null || lon === null ? null : { lat: Number(lat), lon: Number(lon) };
}

export function mapProject(p: ConstructionProject): Projection[] {
  return [
    {
      target: 'project',
      doc: {
        source: 'construction',
        projectCode: p.projectCode,
        permitNo: p.permitNo,
        name: p.name,
        street: normaliseStreet(p.street),
        builder: p.builderUscc ? unresolved(p.builderUscc) : null,
        kind: p.kind,
        floorArea: p.floorAreaM2 === null ? null : { value: p.floorAreaM2, unit: 'm2' },
        approved: p.approvedTonnes === null ? null : grams(p.approvedTonnes, 't', 'approvedTonnes'),
        startDate: p.startDate === null ? null : dateOrInstant(p.startDate),
        endDate: p.endDate === null ? null : dateOrInstant(p.endDate),
        location: location(p.lat, p.lon),
      },
      mentions: p.builderUscc ? [{ slot: 'builder', uscc: p.builderUscc, name: null, street: p.street, roles: ['BUILDER'] }] : [],
    },
  ];
}

export function mapReceivingFacility(f: ReceivingFacility): Projection[] {
  return [
    {
      target: 'facility',
      doc: {
        source: 'construction',
        stream: 'construction',
        code: f.facilityCode,
        name: f.name,
        type: f.type,
        street: null,
        // the e-waybill system lists only the district's licensed receiving facilities
        inDistrict: true,
        operator: null,
        dailyCapacityGrams: null,
        annualCapacityGrams: f.annualCapacityT === null ? null : grams(f.annualCapacityT, 't', 'annualCapacityT').grams,
        location: location(f.lat, f.lon),
      },
      mentions: [],
    },
  ];
}

export function mapVehicle(v: HaulVehicle): Projection[] {
  return [
    {
      target: 'vehicle',
      doc: {
        plate: canonicalPlate(v.plateNo),
        plateRaw: v.plateNo,
        source: 'construction',
        hauler: v.haulerUscc ? unresolved(v.haulerUscc) : null,
        permitValidTo: v.permitValidTo === null ? null : dateOrInstant(v.permitValidTo),
        ratedLoad: v.ratedLoadT === null ? null : grams(v.ratedLoadT, 't', 'ratedLoadT'),
      },
      mentions: v.haulerUscc ? [{ slot: 'hauler', uscc: v.haulerUscc, name: null, street: null, roles: ['HAULER'] }] : [],
    },
  ];
}

export function mapWaybill(w: Waybill, context: MapContext): Projection[] {
  const quantities = [quantity('EXIT', grams(w.exitWeightT, 't', 'exitWeightT'), context)];
  if (w.entryWeightT !== null) quantities.push(quantity('ENTRY', grams(w.entryWeightT, 't', 'entryWeightT'), context));
  return [
    {
      target: 'movement',
      doc: {
        stream: 'construction',
        kind: 'CDW_WAYBILL',
        sourceKey: w.waybillNo,
        period: monthOfIso(w.exitAt),
        status: STATUS_OF_WAYBILL[w.status],
        statusRaw: w.status,
        from: { ...emptyEnd(), projectCode: w.projectCode },
        to: { ...emptyEnd(), facilityCode: w.facilityCode },
        carrier: w.haulerUscc ? unresolved(w.haulerUscc) : null,
        vehicle: { plate: canonicalPlate(w.plateNo), vehicleId: null },
        category: w.category,
        wasteCode: null,
        hwClass: null,
        physicalForm: null,
        route: null,
        direction: null,
        packages: null,
        departedAt: instant(w.exitAt),
        arrivedAt: w.entryAt === null ? null : instant(w.entryAt),
        quantities,
        // read by the projection: a lower-ranked version never replaces a stored higher one
        attributes: { versionRank: waybillVersionRank(w) },
      },
      mentions: w.haulerUscc ? [{ slot: 'carrier', uscc: w.haulerUscc, name: null, street: null, roles: ['HAULER'] }] : [],
    },
  ];
}

export const constructionMappers: Readonly<Record<string, StreamMapper>> = {
  projects: typedMapper(projectSchema, mapProject),
  facilities: typedMapper(facilitySchema, mapReceivingFacility),
  vehicles: typedMapper(vehicleSchema, mapVehicle),
  waybills: typedMapper(waybillSchema, mapWaybill),
};
