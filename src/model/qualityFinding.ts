/**
 * A data-quality finding (DESIGN §5 DATA-QUALITY): a record that parsed but carries a value outside its
 * plausible range. The record is stored as stated; the finding travels with the unified document so the
 * DATA-QUALITY rule raises one flag per record and field, and the other rules leave that value alone.
 */
import { Schema } from 'mongoose';

export interface QualityFinding {
  /** the source field as the source names it (`贮存量(吨)`, `qmzcl`, `ycsj`) */
  field: string;
  /** the value as stated */
  value: string;
  /** why it is implausible, in a steward's words (Chinese / English) */
  reason: string;
  /** the model measure the field feeds, when it is a mass line (rules skip that line) */
  measure: string | null;
}

export const qualityFindingSchema = new Schema<QualityFinding>(
  {
    field: { type: String, required: true },
    value: { type: String, required: true },
    reason: { type: String, required: true },
    measure: { type: String, default: null },
  },
  { _id: false },
);
