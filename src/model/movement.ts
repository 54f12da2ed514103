/**
 * Movement — one physical transfer, whatever the stream: an HW transfer manifest, a construction
 * e-waybill, a household weigh ticket (OUT at a station / IN at a plant; reconciliation pairs them),
 * a medical handover. Each source's statement of the quantity is kept side by side in `quantities`
 * (the manifest's shipped and received, the hospital ledger's sum and the disposer's receipt…), each
 * with its SourceRecord: reconciliation compares them, it does not overwrite them.
 */
import { Schema, model, type HydratedDocument, type Types } from 'mongoose';
import { STREET_CODES, type StreetCode } from './reference/streets';
import { MONTH_PATTERN, gramsField, integerField, originalQuantitySchema, partyRefSchema, sourcesField, streamField, type PartyRef, type Stream } from './common';
import type { OriginalQuantity } from './quantities';
import { qualityFindingSchema, type QualityFinding } from './qualityFinding';

export const MOVEMENT_KINDS = ['HW_MANIFEST', 'CDW_WAYBILL', 'WEIGH_TICKET', 'MEDICAL_HANDOVER'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/** Normalised lifecycle; the source's own code stays in `statusRaw`. */
export const MOVEMENT_STATUSES = ['OPEN', 'IN_TRANSIT', 'RECEIVED', 'CLOSED', 'VOIDED'] as const;
export type MovementStatus = (typeof MOVEMENT_STATUSES)[number];

/**
 * Who states the quantity: DECLARED (manifest 移出量 ycl), RECEIVED (manifest 接收量 jsl), LEDGER
 * (hospital ledger rows of the handover, summed), RECEIPT (disposer receipt), EXIT / ENTRY (waybill
 * site-exit and facility-entry weighings), GROSS / TARE / NET (weigh ticket).
 */
export const QUANTITY_ROLES = ['DECLARED', 'RECEIVED', 'LEDGER', 'RECEIPT', 'EXIT', 'ENTRY', 'GROSS', 'TARE', 'NET'] as const;
export type QuantityRole = (typeof QUANTITY_ROLES)[number];

export interface MovementQuantity {
  role: QuantityRole;
  grams: number;
  original: OriginalQuantity;
  sourceRecordId: Types.ObjectId;
  /** the source record's sourceId, so a page's references to its records need no read (absent on movements projected before it was carried) */
  sourceId?: string;
  /**
   * the record's version this quantity was projected from, so the detail's reference to it needs no read;
   * absent where the projection did not know it (and on movements projected before it was carried)
   */
  sourceVersion?: QuantitySourceVersion;
  /** when this statement was made, where it differs from the movement's times (a ledger row's 日期, a receipt's 接收时间) */
  at: Date | null;
  /** the category this statement gives, where a source states it per line (medical ledger rows and receipts) */
  category: string | null;
}

/** What a quantity carries of its source record's version: the record's fields a reference answers without reading it. */
export interface QuantitySourceVersion {
  source: string;
  stream: string;
  version: number;
  hash: string;
}

export interface MovementEnd {
  party: PartyRef | null;
  facilityId: Types.ObjectId | null;
  facilityCode: string | null;
  projectId: Types.ObjectId | null;
  projectCode: string | null;
  /** household IN tickets: the street collected from */
  street: StreetCode | null;
}

export const ROUTE_KINDS = ['UTILISATION', 'DISPOSAL', 'STORAGE'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

/** The receiver's route (HW 利用处置方式 R/D/C codes, medical 处置方式): drives landfill and utilisation rates. */
export interface MovementRoute {
  code: string;
  kind: RouteKind | null;
  landfill: boolean;
  incineration: boolean;
}

export interface Movement {
  stream: Stream;
  kind: MovementKind;
  /** the source's number: manifest 联单号, waybill no., ticket no. */
  sourceKey: string;
  /** month of departure (shipped / site exit / weighing / handover), CST */
  period: string;
  status: MovementStatus;
  statusRaw: string | null;
  from: MovementEnd;
  to: MovementEnd;
  carrier: PartyRef | null;
  vehicle: { plate: string; vehicleId: Types.ObjectId | null } | null;
  /** household / construction / medical category code (reference tables) */
  category: string | null;
  /** HW 8-digit code or catalogue code */
  wasteCode: string | null;
  hwClass: string | null;
  physicalForm: string | null;
  route: MovementRoute | null;
  direction: 'IN' | 'OUT' | null;
  packages: number | null;
  departedAt: Date | null;
  arrivedAt: Date | null;
  quantities: MovementQuantity[];
  /** the other half of a weigh-ticket pair, set by reconciliation */
  linkedMovementIds: Types.ObjectId[];
  /** source facts with no field of their own (e.g. the receiver's licence number on a manifest) */
  attributes: Record<string, string | number | boolean | null>;
  /** implausible values the record states (stored as stated; the DATA-QUALITY rule flags them) */
  qualityFindings?: QualityFinding[];
  sources: Types.ObjectId[];
  createdAt: Date;
  updatedAt: Date;
}

const quantitySchema = new Schema<MovementQuantity>(
  {
    role: { type: String, enum: QUANTITY_ROLES, required: true },
    grams: gramsField(true),
    original: { type: originalQuantitySchema, required: true },
    sourceRecordId: { type: Schema.Types.ObjectId, ref: 'SourceRecord', required: true },
    sourceId: { type: String },
    sourceVersion: {
      type: new Schema<QuantitySourceVersion>(
        { source: { type: String, required: true }, stream: { type: String, required: true }, version: integerField(true), hash: { type: String, required: true } },
        { _id: false },
      ),
      default: undefined,
    },
    at: { type: Date, default: null },
    category: { type: String, default: null },
  },
  { _id: false },
);

const endSchema = new Schema<MovementEnd>(
  {
    party: { type: partyRefSchema, default: null },
    facilityId: { type: Schema.Types.ObjectId, ref: 'Facility', default: null },
    facilityCode: { type: String, default: null },
    projectId: { type: Schema.Types.ObjectId, ref: 'Project', default: null },
    projectCode: { type: String, default: null },
    street: { type: String, enum: [...STREET_CODES, null], default: null },
  },
  { _id: false },
);

const routeSchema = new Schema<MovementRoute>(
  {
    code: { type: String, required: true },
    kind: { type: String, enum: [...ROUTE_KINDS, null], default: null },
    landfill: { type: Boolean, required: true },
    incineration: { type: Boolean, required: true },
  },
  { _id: false },
);

const movementSchema = new Schema<Movement>(
  {
    stream: streamField,
    kind: { type: String, enum: MOVEMENT_KINDS, required: true },
    sourceKey: { type: String, required: true },
    period: { type: String, required: true, match: MONTH_PATTERN },
    status: { type: String, enum: MOVEMENT_STATUSES, required: true },
    statusRaw: { type: String, default: null },
    from: { type: endSchema, required: true },
    to: { type: endSchema, required: true },
    carrier: { type: partyRefSchema, default: null },
    vehicle: {
      type: new Schema(
        { plate: { type: String, required: true }, vehicleId: { type: Schema.Types.ObjectId, ref: 'Vehicle', default: null } },
        { _id: false },
      ),
      default: null,
    },
    category: { type: String, default: null },
    wasteCode: { type: String, default: null },
    hwClass: { type: String, default: null },
    physicalForm: { type: String, default: null },
    route: { type: routeSchema, default: null },
    direction: { type: String, enum: ['IN', 'OUT', null], default: null },
    packages: integerField(false),
    departedAt: { type: Date, default: null },
    arrivedAt: { type: Date, default: null },
    quantities: { type: [quantitySchema], default: [] },
    linkedMovementIds: { type: [{ type: Schema.Types.ObjectId, ref: 'Movement' }], default: [] },
    attributes: { type: Schema.Types.Mixed, default: {} },
    qualityFindings: { type: [qualityFindingSchema], default: [] },
    sources: sourcesField,
  },
  { collection: 'movements', timestamps: true },
);
movementSchema.index({ stream: 1, sourceKey: 1 }, { unique: true });
// flows / indicators: period × stream × category
movementSchema.index({ period: 1, stream: 1, category: 1 });
// a party's movements (HW-LEDGER sums a generator's manifests per month; the party page lists them
// newest first, one branch per end: the index of each branch serves its part of the page)
movementSchema.index({ 'from.party.partyId': 1, period: -1, _id: -1 });
movementSchema.index({ 'to.party.partyId': 1, period: -1, _id: -1 });
movementSchema.index({ 'carrier.partyId': 1, period: -1, _id: -1 });
movementSchema.index({ 'to.facilityId': 1, period: 1 });
movementSchema.index({ 'from.projectId': 1 });
// open trips and late manifests (CDW-OPEN, HW-LATE); one plate on two open trips (CDW-VEHICLE)
movementSchema.index({ stream: 1, status: 1, departedAt: 1 });
movementSchema.index({ 'vehicle.plate': 1, departedAt: 1 });
movementSchema.index({ sources: 1 });
// incremental reconciliation: what changed since the previous run's watermark
movementSchema.index({ updatedAt: 1 });
// which kinds of a month changed since the watermark (incremental reconciliation); a closed month's late records
movementSchema.index({ period: 1, updatedAt: 1 });
// medical handovers with a receipt or ledger row dated in a month (a receipt counts in the month it was received in)
movementSchema.index({ period: 1, stream: 1, 'quantities.at': 1 });
// the API's list within the caller's streams, newest period first (`_id` breaks ties), by period too;
// and across every stream (an ADMIN's or a city agency's list, a month's movements)
movementSchema.index({ stream: 1, period: -1, _id: -1 });
movementSchema.index({ period: -1, _id: -1 });

export type MovementDoc = HydratedDocument<Movement>;
export const MovementModel = model<Movement>('Movement', movementSchema);
