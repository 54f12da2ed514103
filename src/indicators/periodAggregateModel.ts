/**
 * PeriodAggregate — the pre-aggregated inputs of one month × area (the district, or a street), with the
 * flows for Sankey charts and the per-party totals for rankings. Built by `aggregateMonths` from the
 * Movements and PeriodReports (the only place that scans them); the API and quarter/year values read
 * these documents only. Integers are stored as decimal strings (exact whatever their size).
 */
import { Schema, model, type Types } from 'mongoose';
import type { InputName, InputUnit } from './definitions';

export const DISTRICT_AREA = 'DISTRICT';

export interface AggregateInput {
  name: InputName;
  unit: InputUnit;
  /** integer in the input's unit */
  amount: string;
  /** of which under open flags (masses only) */
  flagged: string;
  /** golden values (resolved flags) used instead of a source's statement */
  goldenApplied: number;
  /** records counted */
  records: number;
  /** `source/kind` of the records, e.g. `industrial/HW_MANIFEST` */
  sources: string[];
}

export interface FlowLink {
  stream: string;
  from: string;
  to: string;
  grams: string;
}

export interface PartyTotal {
  stream: string;
  measure: string;
  partyId: Types.ObjectId | null;
  uscc: string | null;
  name: string | null;
  grams: string;
}

export interface PeriodAggregate {
  month: string;
  /** `DISTRICT` or a street code */
  area: string;
  inputs: AggregateInput[];
  flows: FlowLink[];
  /** district documents only */
  partyTotals: PartyTotal[];
  /** when the aggregate last changed: a run that computes it again unchanged does not write it */
  computedAt: Date;
}

const inputSchema = new Schema<AggregateInput>(
  {
    name: { type: String, required: true },
    unit: { type: String, required: true },
    amount: { type: String, required: true },
    flagged: { type: String, required: true },
    goldenApplied: { type: Number, required: true },
    records: { type: Number, required: true },
    sources: { type: [String], default: [] },
  },
  { _id: false },
);

const flowSchema = new Schema<FlowLink>(
  { stream: { type: String, required: true }, from: { type: String, required: true }, to: { type: String, required: true }, grams: { type: String, required: true } },
  { _id: false },
);

const partyTotalSchema = new Schema<PartyTotal>(
  {
    stream: { type: String, required: true },
    measure: { type: String, required: true },
    partyId: { type: Schema.Types.ObjectId, default: null },
    uscc: { type: String, default: null },
    name: { type: String, default: null },
    grams: { type: String, required: true },
  },
  { _id: false },
);

const periodAggregateSchema = new Schema<PeriodAggregate>(
  {
    month: { type: String, required: true },
    area: { type: String, required: true },
    inputs: { type: [inputSchema], default: [] },
    flows: { type: [flowSchema], default: [] },
    partyTotals: { type: [partyTotalSchema], default: [] },
    computedAt: { type: Date, required: true },
  },
  { collection: 'periodAggregates', versionKey: false },
);
periodAggregateSchema.index({ month: 1, area: 1 }, { unique: true });

export type PeriodAggregateRecord = PeriodAggregate & { _id: Types.ObjectId };
export const PeriodAggregateModel = model<PeriodAggregate>('PeriodAggregate', periodAggregateSchema);
