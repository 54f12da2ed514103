/**
 * Schema pieces every collection shares: exact gram fields with the source's statement, party
 * references that keep the identity the source gave, provenance, and period keys.
 */
import { Schema, Types } from 'mongoose';
import { STREAMS, type Stream } from './reference/agencies';
import type { OriginalQuantity } from './quantities';

export { STREAMS, type Stream };

/** Month key `YYYY-MM`, the grain every unified document is indexed by for reconciliation. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export const originalQuantitySchema = new Schema<OriginalQuantity>(
  { value: { type: String, required: true }, unit: { type: String, required: true } },
  { _id: false },
);

const isSafeInteger = {
  validator: (v: unknown) => v === null || v === undefined || Number.isSafeInteger(v),
  message: 'grams must be an integer within Number.MAX_SAFE_INTEGER (got {VALUE})',
};

/** An integer-gram field: never a fractional double. */
export function gramsField(required: boolean) {
  return { type: Number, required, default: required ? undefined : null, validate: isSafeInteger };
}

export function integerField(required: boolean) {
  return {
    type: Number,
    required,
    default: required ? undefined : null,
    validate: { validator: isSafeInteger.validator, message: 'must be an integer (got {VALUE})' },
  };
}

/** An exactly stated mass, optional: grams and the original statement together. */
export interface StatedMass {
  grams: number;
  original: OriginalQuantity;
}

export const statedMassSchema = new Schema<StatedMass>(
  { grams: gramsField(true), original: { type: originalQuantitySchema, required: true } },
  { _id: false },
);

/**
 * A reference to a party as a record stated it: the resolved party (null until resolution succeeds)
 * and the identity the source gave, so nothing is lost when resolution is pending or wrong.
 */
export interface PartyRef {
  partyId: Types.ObjectId | null;
  uscc: string | null;
  name: string | null;
}

export const partyRefSchema = new Schema<PartyRef>(
  {
    partyId: { type: Schema.Types.ObjectId, ref: 'Party', default: null },
    uscc: { type: String, default: null },
    name: { type: String, default: null },
  },
  { _id: false },
);

export interface GeoPoint {
  lat: number;
  lon: number;
}

export const geoPointSchema = new Schema<GeoPoint>(
  { lat: { type: Number, required: true }, lon: { type: Number, required: true } },
  { _id: false },
);

/** Provenance: the SourceRecord(s) a unified document was built from. */
export const sourcesField = { type: [{ type: Schema.Types.ObjectId, ref: 'SourceRecord' }], default: [] };

export const streamField = { type: String, enum: STREAMS, required: true } as const;

/**
 * A connector's stream name (`hw-manifests`, `weigh-tickets`, `envtax`…), which is not the waste
 * stream: records, quarantine entries and sync runs are keyed by it because ids are unique per
 * endpoint or feed, not per source.
 */
export type ConnectorStream = string;
export const connectorStreamField = { type: String, required: true, match: /^[a-z][a-z0-9-]*$/ } as const;

// --- comparing stored content ---------------------------------------------------------------------

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The one canonical JSON: sorted keys at every level, ObjectIds as hex, Dates as ISO text, undefined
 * as null (and dropped as a key), so equal content ⇔ equal text. `omitNulls` also drops keys whose
 * value is null (evidence hashes treat a null field as an absent one).
 */
export function canonicalJson(value: unknown, options: { omitNulls?: boolean } = {}): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (isPlainRecord(value) && typeof (value as { toHexString?: unknown }).toHexString === 'function') {
    return JSON.stringify((value as unknown as Types.ObjectId).toHexString());
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, options)).join(',')}]`;
  if (isPlainRecord(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined && !(options.omitNulls && value[k] === null))
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k], options)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
