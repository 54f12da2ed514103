/**
 * Reference tables (catalogue codes, HW classes, categories, agencies, streets) as versioned rows with
 * validity dates. The typed constants in `reference/` are the source; this collection is their loaded,
 * queryable copy (API, joins in reports), written idempotently by `seedReferenceData()`.
 */
import { Schema, model, type HydratedDocument } from 'mongoose';

export const REFERENCE_TABLES = [
  'ISW_CATEGORY',
  'ISW_CODE',
  'HW_CLASS',
  'MEDICAL_CATEGORY',
  'HOUSEHOLD_CATEGORY',
  'RECYCLABLE_MATERIAL',
  'MEDICAL_RECYCLABLE',
  'CONSTRUCTION_CATEGORY',
  'AGENCY',
  'STREET',
] as const;
export type ReferenceTable = (typeof REFERENCE_TABLES)[number];

/** Table-specific facts (e.g. materialGroup, ambiguousDuplicateOf, formerNames, streams). */
export type ReferenceAttributes = Record<string, string | number | boolean | null | readonly string[]>;

export interface ReferenceItem {
  table: ReferenceTable;
  code: string;
  version: string;
  validFrom: Date;
  validTo: Date | null;
  name: string | null;
  nameEn: string | null;
  parentCode: string | null;
  seq: number | null;
  needsReview: boolean;
  attributes: ReferenceAttributes;
}

const referenceItemSchema = new Schema<ReferenceItem>(
  {
    table: { type: String, enum: REFERENCE_TABLES, required: true },
    code: { type: String, required: true },
    version: { type: String, required: true },
    validFrom: { type: Date, required: true },
    validTo: { type: Date, default: null },
    name: { type: String, default: null },
    nameEn: { type: String, default: null },
    parentCode: { type: String, default: null },
    seq: { type: Number, default: null },
    needsReview: { type: Boolean, default: false },
    attributes: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'referenceitems', minimize: false },
);
referenceItemSchema.index({ table: 1, code: 1, version: 1 }, { unique: true });
referenceItemSchema.index({ table: 1, validFrom: 1 });

export type ReferenceItemDoc = HydratedDocument<ReferenceItem>;
export const ReferenceItemModel = model<ReferenceItem>('ReferenceItem', referenceItemSchema);
