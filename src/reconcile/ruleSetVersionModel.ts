/**
 * Rule-set versions an ADMIN made through the API (the base versions live in code, tolerances.ts).
 * Append-only: each change is a new version with its effective date, reason and author; it stores the
 * complete settings in force from that date, so a later change elsewhere never alters what it says.
 */
import { Schema, model, type Types } from 'mongoose';
import type { RuleSettings } from './rules/rule';

export interface StoredRuleSetVersion {
  version: string;
  /** `YYYY-MM-DD`: the first day of the first period it applies to */
  effectiveFrom: string;
  rules: Record<string, RuleSettings>;
  note: string;
  createdBy: { id: string; label: string };
  createdAt: Date;
}

const ruleSetVersionSchema = new Schema<StoredRuleSetVersion>(
  {
    version: { type: String, required: true },
    effectiveFrom: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    rules: { type: Schema.Types.Mixed, required: true },
    note: { type: String, required: true },
    createdBy: { type: new Schema({ id: { type: String, required: true }, label: { type: String, required: true } }, { _id: false }), required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'rulesetversions', versionKey: false, minimize: false },
);
ruleSetVersionSchema.index({ version: 1 }, { unique: true });

export type StoredRuleSetVersionRecord = StoredRuleSetVersion & { _id: Types.ObjectId };
export const RuleSetVersionModel = model<StoredRuleSetVersion>('RuleSetVersion', ruleSetVersionSchema);
