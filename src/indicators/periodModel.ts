/**
 * Period — a month's close state (DESIGN §8): OPEN until closed, then CLOSED with versions 1…N, each
 * frozen with who closed it and when. `dirty` is set when data for the month changed after its last
 * close (late data); re-closing writes version N+1 and leaves version N queryable.
 */
import { Schema, model, type Types } from 'mongoose';
import type { ValueActor } from './indicatorValueModel';

export interface PeriodVersion {
  version: number;
  closedAt: Date;
  closedBy: ValueActor;
  indicatorValues: number;
  /** late records that made this version necessary (0 for version 1) */
  lateRecords: number;
}

export interface Period {
  period: string;
  status: 'OPEN' | 'CLOSED';
  dirty: boolean;
  lateRecords: number;
  lastClosedAt: Date | null;
  /** the latest frozen version (0 before the first close); closes are conditional on it */
  lastVersion: number;
  versions: PeriodVersion[];
}

const actorSchema = new Schema<ValueActor>({ id: { type: String, required: true }, label: { type: String, required: true } }, { _id: false });

const versionSchema = new Schema<PeriodVersion>(
  {
    version: { type: Number, required: true },
    closedAt: { type: Date, required: true },
    closedBy: { type: actorSchema, required: true },
    indicatorValues: { type: Number, required: true },
    lateRecords: { type: Number, required: true },
  },
  { _id: false },
);

const periodSchema = new Schema<Period>(
  {
    period: { type: String, required: true, unique: true },
    status: { type: String, enum: ['OPEN', 'CLOSED'], required: true },
    dirty: { type: Boolean, default: false },
    lateRecords: { type: Number, default: 0 },
    lastClosedAt: { type: Date, default: null },
    lastVersion: { type: Number, default: 0 },
    versions: { type: [versionSchema], default: [] },
  },
  { collection: 'periods', versionKey: false },
);
periodSchema.index({ status: 1, dirty: 1 });

export type PeriodRecord = Period & { _id: Types.ObjectId };
export const PeriodModel = model<Period>('Period', periodSchema);
