/** Community (社区/小区) — registered with its households, residents and sorting status. */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { SOURCES, type SourceId } from './reference/agencies';
import { STREET_CODES, type StreetCode } from './reference/streets';
import { integerField, sourcesField } from './common';

export interface Community {
  source: SourceId;
  communityId: string;
  name: string;
  street: StreetCode | null;
  households: number | null;
  residents: number | null;
  sortedCollection: boolean | null;
  hazardousCollection: boolean | null;
  sources: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

const communitySchema = new Schema<Community>(
  {
    source: { type: String, enum: SOURCES, required: true },
    communityId: { type: String, required: true },
    name: { type: String, required: true },
    street: { type: String, enum: [...STREET_CODES, null], default: null },
    households: integerField(false),
    residents: integerField(false),
    sortedCollection: { type: Boolean, default: null },
    hazardousCollection: { type: Boolean, default: null },
    sources: sourcesField,
  },
  { collection: 'communities', timestamps: true },
);
communitySchema.index({ source: 1, communityId: 1 }, { unique: true });
// the API's list, by street then name (one street's too)
communitySchema.index({ street: 1, name: 1 });

export type CommunityDoc = HydratedDocument<Community>;
export const CommunityModel = model<Community>('Community', communitySchema);
