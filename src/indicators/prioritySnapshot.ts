/**
 * The dashboard's reads of an area's current priority values (months and years), kept between requests.
 * Reading them is a filter on indicatorValues, which the embedded store answers by reading the whole
 * collection (every indicator × area × period × version: on the demo's data 570 documents for 33, over
 * 400 ms). So the values read are kept in a small collection, one document per area under `_id` = the
 * area, stamped with the revision of the values they were read at; the revision is one more document
 * (`_id: 'revision'`) every writer of current values raises after writing (the indicator writer,
 * engine.ts; a close's publish, close.ts). A read asks for both by `_id` in one query and rereads the
 * values only when the stamp differs. A writer raises the revision after its writes, so a read that saw
 * the old revision and kept values read mid-write is reread on the next request. The indicator writer
 * keeps the district's values itself, so the console's first dashboard after a run reads none: it reads
 * the district's history with the values it compares (one query) and keeps that history as its writes
 * left it, when no other writer raised the revision meanwhile (engine.ts).
 */
import { Schema, model } from 'mongoose';
import { PRIORITY_CODES } from './definitions';
import { IndicatorValueModel, type IndicatorValueRecord } from './indicatorValueModel';

const REVISION_ID = 'revision';

interface PrioritySnapshot {
  /** the area, or `revision` for the revision document */
  _id: string;
  revision: number;
  /** the area's current priority values as read at `revision` (absent on the revision document) */
  values?: IndicatorValueRecord[];
}

const prioritySnapshotSchema = new Schema<PrioritySnapshot>(
  {
    _id: { type: String, required: true },
    revision: { type: Number, required: true },
    values: { type: [Schema.Types.Mixed], default: undefined },
  },
  { collection: 'prioritysnapshots', versionKey: false },
);

export const PrioritySnapshotModel = model<PrioritySnapshot>('PrioritySnapshot', prioritySnapshotSchema);

/** Called by every writer of current indicator values after its writes (also after a failed one: some may have landed); answers the new revision. */
export async function raisePriorityRevision(): Promise<number> {
  const raised = await PrioritySnapshotModel.findOneAndUpdate({ _id: REVISION_ID }, { $inc: { revision: 1 } }, { upsert: true, new: true }).lean<PrioritySnapshot>();
  return raised!.revision;
}

/** The revision current values are at (a writer reads it before the values it will keep). */
export async function priorityRevision(): Promise<number> {
  return (await PrioritySnapshotModel.findById(REVISION_ID).lean<PrioritySnapshot>())?.revision ?? 0;
}

/** Keeps `values` as the area's current priority values at `revision`. */
export async function keepPriorityValues(area: string, revision: number, values: readonly IndicatorValueRecord[]): Promise<void> {
  await PrioritySnapshotModel.updateOne({ _id: area }, { $set: { revision, values } }, { upsert: true });
}

/** A first batch larger than the answer (priority indicators × periods): no getMore round trips. */
const VALUES_BATCH = 1000;

/** The area's current priority values of months and years (the pages' periods), served by the history index (code, area, periodKind, current). */
export function priorityHistoryFilter(area: string) {
  return { code: { $in: [...PRIORITY_CODES] }, area, periodKind: { $in: ['MONTH', 'YEAR'] }, current: true };
}

/** Whether a value belongs to the area's kept priority values (what `priorityHistoryFilter` selects). */
export function inPriorityHistory(value: Pick<IndicatorValueRecord, 'code' | 'area' | 'periodKind' | 'current'>, area: string): boolean {
  return value.area === area && value.current && value.periodKind !== 'QUARTER' && PRIORITY_CODES.includes(value.code);
}

function readPriorityValues(area: string): Promise<IndicatorValueRecord[]> {
  return IndicatorValueModel.find(priorityHistoryFilter(area))
    .batchSize(VALUES_BATCH)
    .lean<IndicatorValueRecord[]>()
    .exec();
}

/** The area's current priority values: the kept ones when no writer has written since, else read (then kept). */
export async function keptPriorityValues(area: string): Promise<IndicatorValueRecord[]> {
  const docs = await PrioritySnapshotModel.find({ _id: { $in: [REVISION_ID, area] } }).lean<PrioritySnapshot[]>();
  const revision = docs.find((d) => d._id === REVISION_ID)?.revision ?? 0;
  const kept = docs.find((d) => d._id === area);
  if (kept?.values && kept.revision === revision) return kept.values;
  const values = await readPriorityValues(area);
  await keepPriorityValues(area, revision, values);
  return values;
}
