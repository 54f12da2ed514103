/**
 * JobRun collection: the durable history of every job a worker ran (BullMQ keeps only recent jobs in
 * Redis). One document per job id, updated on each attempt, so a failed job is visible with its error.
 */
import { Schema, model, type InferSchemaType, type UpdateQuery } from 'mongoose';
import { isDuplicateKey } from '../src/store/writes';

export const JOB_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const jobRunSchema = new Schema(
  {
    jobId: { type: String, required: true, unique: true },
    kind: { type: String, required: true },
    queue: { type: String, required: true },
    /** schedule id for scheduled jobs, `manual` for triggers, `close` for jobs a close started. */
    origin: { type: String, required: true },
    slot: { type: String, default: null },
    input: { type: Schema.Types.Mixed, default: {} },
    status: { type: String, enum: JOB_STATUSES, required: true },
    attempts: { type: Number, default: 0 },
    worker: { type: String, default: null },
    result: { type: Schema.Types.Mixed, default: null },
    error: { type: String, default: null },
    requestedBy: { type: String, default: null },
    queuedAt: { type: Date, required: true },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'jobRuns', versionKey: false },
);
// the jobs list, newest first (`_id` breaks ties): whole, or by each of its filters (the list and its
// count; an agency's scope is `kind` + `input.source` or `requestedBy`, one branch each)
jobRunSchema.index({ queuedAt: -1, _id: -1 });
jobRunSchema.index({ kind: 1, queuedAt: -1, _id: -1 });
jobRunSchema.index({ status: 1, queuedAt: -1, _id: -1 });
jobRunSchema.index({ origin: 1, queuedAt: -1, _id: -1 });
jobRunSchema.index({ requestedBy: 1, queuedAt: -1, _id: -1 });

export type JobRun = InferSchemaType<typeof jobRunSchema>;
export const JobRunModel = model<JobRun>('JobRun', jobRunSchema);

/**
 * Upserts a JobRun. The queue and a fast worker can upsert the same new id at once; the loser of that
 * race gets a duplicate-key error, and its retry finds the document and updates it.
 */
export async function upsertJobRun(jobId: string, update: UpdateQuery<JobRun>): Promise<void> {
  try {
    await JobRunModel.updateOne({ jobId }, update, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await JobRunModel.updateOne({ jobId }, update, { upsert: true });
  }
}
