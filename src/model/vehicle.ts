/** Vehicle — a registered truck, keyed by its normalised plate (validatePlate). */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { partyRefSchema, sourcesField, statedMassSchema, type PartyRef, type StatedMass } from './common';

export interface Vehicle {
  plate: string;
  /** the plate as the source wrote it (spaces, lower case) */
  plateRaw: string;
  source: SourceId;
  hauler: PartyRef | null;
  permitValidTo: Date | null;
  ratedLoad: StatedMass | null;
  sources: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

const vehicleSchema = new Schema<Vehicle>(
  {
    plate: { type: String, required: true },
    plateRaw: { type: String, required: true },
    source: { type: String, enum: SOURCES, required: true },
    hauler: { type: partyRefSchema, default: null },
    permitValidTo: { type: Date, default: null },
    ratedLoad: { type: statedMassSchema, default: null },
    sources: sourcesField,
  },
  { collection: 'vehicles', timestamps: true },
);
vehicleSchema.index({ plate: 1 }, { unique: true });
vehicleSchema.index({ 'hauler.partyId': 1 });
// incremental reconciliation: what changed since the previous run's watermark
vehicleSchema.index({ updatedAt: 1 });

export type VehicleDoc = HydratedDocument<Vehicle>;
export const VehicleModel = model<Vehicle>('Vehicle', vehicleSchema);
