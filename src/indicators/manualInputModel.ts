/**
 * ManualInput — a steward-entered value for an indicator the sources cannot compute (counts, statuses,
 * surveys), append-only: every entry is a new document with its author, time and reason; the latest
 * entry for (code, period, area) is the one in force, the earlier ones are its history.
 */
import { Schema, model, type Types } from 'mongoose';
import type { ValueActor } from './indicatorValueModel';

export interface ManualInput {
  code: string;
  period: string;
  area: string;
  value: string;
  reason: string;
  actor: ValueActor;
  at: Date;
}

const manualInputSchema = new Schema<ManualInput>(
  {
    code: { type: String, required: true },
    period: { type: String, required: true },
    area: { type: String, required: true },
    value: { type: String, required: true },
    reason: { type: String, required: true },
    actor: { type: new Schema<ValueActor>({ id: { type: String, required: true }, label: { type: String, required: true } }, { _id: false }), required: true },
    at: { type: Date, required: true },
  },
  { collection: 'manualIndicatorInputs', versionKey: false },
);
// latest entry first (`_id` breaks ties): one indicator's entries, and every entry of the periods a run computes
manualInputSchema.index({ code: 1, period: 1, area: 1, at: -1, _id: -1 });
manualInputSchema.index({ period: 1, at: -1, _id: -1 });

export type ManualInputRecord = ManualInput & { _id: Types.ObjectId };
export const ManualInputModel = model<ManualInput>('ManualIndicatorInput', manualInputSchema);
