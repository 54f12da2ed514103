/**
 * Facility — a place waste is weighed into or treated: household transfer stations and plants,
 * construction disposal sites and recycling plants, HW operators' and the medical disposer's plants.
 * Keyed by the source's facility code.
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { STREET_CODES, type StreetCode } from './reference/streets';
import { geoPointSchema, gramsField, partyRefSchema, sourcesField, streamField, type GeoPoint, type PartyRef, type Stream } from './common';

export const FACILITY_TYPES = [
  // household
  'TRANSFER_STATION',
  'INCINERATOR',
  'FOOD_WASTE_PLANT',
  'LANDFILL',
  'SORTING_CENTER',
  'HAZARDOUS_COLLECTION',
  // construction
  'DISPOSAL_SITE',
  'RECYCLING_PLANT',
  'BACKFILL',
  // industrial / medical (a licensed operator's or disposer's plant, known from its party)
  'HW_TREATMENT',
  'MEDICAL_DISPOSAL',
  'OTHER',
] as const;
export type FacilityType = (typeof FACILITY_TYPES)[number];

export interface Facility {
  source: SourceId;
  stream: Stream;
  code: string;
  name: string;
  type: FacilityType;
  street: StreetCode | null;
  /** false for facilities outside the district (household `street: null`) */
  inDistrict: boolean;
  operator: PartyRef | null;
  dailyCapacityGrams: number | null; // household capacityTpd
  annualCapacityGrams: number | null; // construction annualCapacityT
  location: GeoPoint | null;
  sources: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

const facilitySchema = new Schema<Facility>(
  {
    source: { type: String, enum: SOURCES, required: true },
    stream: streamField,
    code: { type: String, required: true },
    name: { type: String, required: true },
    type: { type: String, enum: FACILITY_TYPES, required: true },
    street: { type: String, enum: [...STREET_CODES, null], default: null },
    inDistrict: { type: Boolean, required: true },
    operator: { type: partyRefSchema, default: null },
    dailyCapacityGrams: gramsField(false),
    annualCapacityGrams: gramsField(false),
    location: { type: geoPointSchema, default: null },
    sources: sourcesField,
  },
  { collection: 'facilities', timestamps: true },
);
facilitySchema.index({ source: 1, code: 1 }, { unique: true });
facilitySchema.index({ stream: 1, type: 1 });
facilitySchema.index({ 'operator.partyId': 1 });
// incremental reconciliation: what changed since the previous run's watermark
facilitySchema.index({ updatedAt: 1 });

export type FacilityDoc = HydratedDocument<Facility>;
export const FacilityModel = model<Facility>('Facility', facilitySchema);
