/**
 * Project — a construction site/project (工程项目): where construction-waste trips start, with the
 * quantity approved for removal that CDW-PROJECT compares the hauled total against.
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { STREET_CODES, type StreetCode } from './reference/streets';
import { geoPointSchema, originalQuantitySchema, partyRefSchema, sourcesField, statedMassSchema, type GeoPoint, type PartyRef, type StatedMass } from './common';
import type { OriginalQuantity } from './quantities';

export const PROJECT_KINDS = ['NEW_BUILD', 'PREFAB', 'DEMOLITION', 'RENOVATION', 'MUNICIPAL'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export interface Project {
  source: SourceId;
  projectCode: string;
  permitNo: string | null;
  name: string;
  street: StreetCode | null;
  builder: PartyRef | null;
  kind: ProjectKind | null;
  /** floor area as an exact decimal string in m² (an area, not summed into masses) */
  floorArea: OriginalQuantity | null;
  approved: StatedMass | null;
  startDate: Date | null;
  endDate: Date | null;
  location: GeoPoint | null;
  sources: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

const projectSchema = new Schema<Project>(
  {
    source: { type: String, enum: SOURCES, required: true },
    projectCode: { type: String, required: true },
    permitNo: { type: String, default: null },
    name: { type: String, required: true },
    street: { type: String, enum: [...STREET_CODES, null], default: null },
    builder: { type: partyRefSchema, default: null },
    kind: { type: String, enum: [...PROJECT_KINDS, null], default: null },
    floorArea: { type: originalQuantitySchema, default: null },
    approved: { type: statedMassSchema, default: null },
    startDate: { type: Date, default: null },
    endDate: { type: Date, default: null },
    location: { type: geoPointSchema, default: null },
    sources: sourcesField,
  },
  { collection: 'projects', timestamps: true },
);
projectSchema.index({ source: 1, projectCode: 1 }, { unique: true });
projectSchema.index({ 'builder.partyId': 1 });
projectSchema.index({ street: 1 });
// incremental reconciliation: what changed since the previous run's watermark
projectSchema.index({ updatedAt: 1 });

export type ProjectDoc = HydratedDocument<Project>;
export const ProjectModel = model<Project>('Project', projectSchema);
