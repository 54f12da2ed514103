/**
 * Period — a month's close state (DESIGN §8): OPEN until closed, then CLOSED with versions 1…N, each
 * frozen with who closed it and when. A close in progress is `pendingClose` (see close.ts). `dirty` is set when data for the month changed after its last
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

/**
 * A close in progress (claim → freeze → publish): the version it writes, claimed before any frozen value
 * is written, so a close killed half-way is resumed by the next one with the same version.
 */
export interface PendingClose {
  version: number;
  /** CLAIMED: version reserved; FROZEN: every live value copied to the version (not yet current) */
  step: 'CLAIMED' | 'FROZEN';
  claimedAt: Date;
  /** when the live values were copied (the version's closedAt); null until FROZEN */
  frozenAt: Date | null;
  closedBy: ValueActor;
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
  /** set from the claim until the publish of a close; null otherwise */
  pendingClose: PendingClose | null;
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

const pendingCloseSchema = new Schema<PendingClose>(
  {
    version: { type: Number, required: true },
    step: { type: String, enum: ['CLAIMED', 'FROZEN'], required: true },
    claimedAt: { type: Date, required: true },
    frozenAt: { type: Date, default: null },
    closedBy: { type: actorSchema, required: true },
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
    pendingClose: { type: pendingCloseSchema, default: null },
  },
  { collection: 'periods', versionKey: false },
);
periodSchema.index({ status: 1, dirty: 1 });

export type PeriodRecord = Period & { _id: Types.ObjectId };
export const PeriodModel = model<Period>('Period', periodSchema);
