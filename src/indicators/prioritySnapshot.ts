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
 * then reads the district's values itself, so the console's first dashboard after a run does not.
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

/** Called by every writer of current indicator values after its writes (also after a failed one: some may have landed). */
export async function raisePriorityRevision(): Promise<void> {
  await PrioritySnapshotModel.updateOne({ _id: REVISION_ID }, { $inc: { revision: 1 } }, { upsert: true });
}

/** A first batch larger than the answer (priority indicators × periods): no getMore round trips. */
const VALUES_BATCH = 1000;

/** The area's current priority values of months and years (the pages' periods), served by the history index (code, area, periodKind, current). */
function readPriorityValues(area: string): Promise<IndicatorValueRecord[]> {
  return IndicatorValueModel.find({ code: { $in: [...PRIORITY_CODES] }, area, periodKind: { $in: ['MONTH', 'YEAR'] }, current: true })
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
  await PrioritySnapshotModel.updateOne({ _id: area }, { $set: { revision, values } }, { upsert: true });
  return values;
}
