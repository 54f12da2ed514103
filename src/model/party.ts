/**
 * Party — an organisation (generator, transporter, licensed receiver, hospital, builder, hauler,
 * facility operator…), keyed by its USCC when it has a valid one. Each source's way of naming it is
 * kept as an alias; `identityKeys` are what entity resolution looks parties up by (src/resolve/).
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { STREET_CODES, type StreetCode } from './reference/streets';
import { SOURCES, type SourceId } from './reference/agencies';
import { gramsField, integerField, sourcesField } from './common';

export const PARTY_ROLES = [
  'GENERATOR', // 产生单位
  'TRANSPORTER', // 运输单位
  'LICENSED_OPERATOR', // 危险废物经营单位 (receiver)
  'UTILISER', // 利用单位
  'HOSPITAL', // medical institution
  'DISPOSER', // medical-waste central disposer, other disposers
  'BUILDER', // 建设单位
  'HAULER', // construction-waste transport enterprise
  'FACILITY_OPERATOR',
  'TAXPAYER',
  'RECYCLER',
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

/**
 * ACTIVE: resolved. PENDING: created because a match was ambiguous; a steward decides (ResolutionCase).
 * MERGED: a steward matched it to another party (`mergedInto`); kept so old references can follow.
 */
export const PARTY_STATUSES = ['ACTIVE', 'PENDING', 'MERGED'] as const;
export type PartyStatus = (typeof PARTY_STATUSES)[number];

/** How one source names the party. `sourceKey` is the source's own key for it (id, USCC, or name). */
export interface PartyAlias {
  source: SourceId;
  sourceKey: string;
  name: string;
  normalisedName: string;
  street: StreetCode | null;
  /** the USCC as the source wrote it, valid or not: invalid ones are evidence for the ID-USCC rule */
  usccRaw: string | null;
  usccValid: boolean;
  firstSeenAt: Date;
  /** to the day: a later mention within 24 hours does not move it */
  lastSeenAt: Date;
}

export interface PartyLicence {
  kind: 'HW_BUSINESS' | 'TRANSPORT_PERMIT' | 'MEDICAL_PRACTICE' | 'OTHER';
  number: string;
  hwClasses: string[];
  annualCapacityGrams: number | null;
  validFrom: Date | null;
  validTo: Date | null;
}

/** Medical institution facts from the hospital registry (institutions.csv). */
export interface InstitutionProfile {
  category: string | null; // 医院 / 社区卫生服务中心 / 门诊部 / 诊所 / 其他
  beds: number | null;
  collectionMode: 'DIRECT' | 'POOLED' | null; // 直收 / 小箱进大箱
}

export interface Party {
  /** primary identity: `USCC:<code>` or, without a valid USCC, `SRC:<source>:<sourceKey>` of its first alias */
  primaryKey: string;
  uscc: string | null;
  name: string;
  normalisedName: string;
  street: StreetCode | null;
  address: string | null;
  industryCode: string | null; // GB/T 4754
  aboveDesignatedSize: boolean | null; // 规模以上
  roles: PartyRole[];
  licences: PartyLicence[];
  institution: InstitutionProfile | null;
  aliases: PartyAlias[];
  identityKeys: string[];
  status: PartyStatus;
  mergedInto: Types.ObjectId | null;
  sources: Types.ObjectId[];
  /** incremented by every write of the party: a change counter (writers take the party lock, src/resolve/partyCache.ts) */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

const aliasSchema = new Schema<PartyAlias>(
  {
    source: { type: String, enum: SOURCES, required: true },
    sourceKey: { type: String, required: true },
    name: { type: String, required: true },
    normalisedName: { type: String, required: true },
    street: { type: String, enum: [...STREET_CODES, null], default: null },
    usccRaw: { type: String, default: null },
    usccValid: { type: Boolean, required: true },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
  },
  { _id: false },
);

const licenceSchema = new Schema<PartyLicence>(
  {
    kind: { type: String, enum: ['HW_BUSINESS', 'TRANSPORT_PERMIT', 'MEDICAL_PRACTICE', 'OTHER'], required: true },
    number: { type: String, required: true },
    hwClasses: { type: [String], default: [] },
    annualCapacityGrams: gramsField(false),
    validFrom: { type: Date, default: null },
    validTo: { type: Date, default: null },
  },
  { _id: false },
);

const institutionSchema = new Schema<InstitutionProfile>(
  {
    category: { type: String, default: null },
    beds: integerField(false),
    collectionMode: { type: String, enum: ['DIRECT', 'POOLED', null], default: null },
  },
  { _id: false },
);

const partySchema = new Schema<Party>(
  {
    primaryKey: { type: String, required: true },
    uscc: { type: String, default: null },
    name: { type: String, required: true },
    normalisedName: { type: String, required: true },
    street: { type: String, enum: [...STREET_CODES, null], default: null },
    address: { type: String, default: null },
    industryCode: { type: String, default: null },
    aboveDesignatedSize: { type: Boolean, default: null },
    roles: { type: [String], enum: PARTY_ROLES, default: [] },
    licences: { type: [licenceSchema], default: [] },
    institution: { type: institutionSchema, default: null },
    aliases: { type: [aliasSchema], default: [] },
    identityKeys: { type: [String], default: [] },
    status: { type: String, enum: PARTY_STATUSES, default: 'ACTIVE' },
    mergedInto: { type: Schema.Types.ObjectId, ref: 'Party', default: null },
    sources: sourcesField,
    revision: { type: Number, default: 0 },
  },
  { collection: 'parties', timestamps: true },
);
// one party per USCC (and per first alias when it has none); concurrent resolvers collide here
partySchema.index({ primaryKey: 1 }, { unique: true });
partySchema.index({ uscc: 1 });
partySchema.index({ identityKeys: 1 });
partySchema.index({ 'aliases.source': 1, 'aliases.sourceKey': 1 });
partySchema.index({ normalisedName: 1 });
partySchema.index({ street: 1, roles: 1 });
// the API's list: by status (live parties by default), in name order; its other filters filter the walk
partySchema.index({ status: 1, normalisedName: 1, _id: 1 });
// incremental reconciliation: what changed since the previous run's watermark
partySchema.index({ updatedAt: 1 });

export type PartyDoc = HydratedDocument<Party>;
export const PartyModel = model<Party>('Party', partySchema);
