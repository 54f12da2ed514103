/**
 * Journaled replace: the one way whole documents are replaced in place (same `_id`).
 *
 * The store scans the whole collection for every update statement, even by `_id` (writes.ts), so k
 * changed documents are replaced with one `_id $in` delete and one insert per chunk instead of k
 * updates. The replacements are first written to a journal, so a crash between the delete and the
 * insert loses nothing: the next writer of the same scope (who holds the same lock) finishes them
 * with `finishReplacements` before it reads or writes. Readers outside the lock may miss a document
 * for the moment between the two statements.
 */
import { Schema, model, models, type Model } from 'mongoose';
import { chunks, deleteByIds, insertNewKeys, type AfterChunk, type InsertableModel } from './writes';

interface JournalEntry {
  /** `${scope}|${collection}|${document _id}` */
  _id: string;
  scope: string;
  /** the collection the document belongs to */
  into: string;
  doc: Record<string, unknown>;
}

const JournalModel: Model<JournalEntry> =
  (models.StoreJournal as Model<JournalEntry> | undefined) ??
  model<JournalEntry>(
    'StoreJournal',
    new Schema<JournalEntry>(
      { _id: { type: String, required: true }, scope: { type: String, required: true }, into: { type: String, required: true }, doc: { type: Schema.Types.Mixed, required: true } },
      { collection: 'storejournal', versionKey: false },
    ),
  );
JournalModel.schema.index({ scope: 1 });

export interface ReplaceableModel extends InsertableModel {
  collection: InsertableModel['collection'] & { collectionName: string };
  deleteMany(filter: object): { exec(): Promise<{ deletedCount: number }> };
}

/** The models replacements can be finished for, by collection name (registered by `replaceDocuments`). */
const byCollection = new Map<string, ReplaceableModel>();

/**
 * Replaces each document (matched by `_id`) with the given one, journaled under `scope` (the name of
 * the lock the caller holds). A document that was no longer stored is inserted all the same. Returns
 * how many stored documents were replaced. Documents are written as given: callers cast and validate.
 */
export async function replaceDocuments(target: ReplaceableModel, docs: ReadonlyArray<{ _id: unknown }>, scope: string, afterChunk?: AfterChunk): Promise<number> {
  const collection = target.collection.collectionName;
  byCollection.set(collection, target);
  let replaced = 0;
  let index = 0;
  for (const chunk of chunks(docs)) {
    const entries = chunk.map((doc) => ({ _id: `${scope}|${collection}|${String(doc._id)}`, scope, into: collection, doc: doc as Record<string, unknown> }));
    // an entry left by a crash is finished before anything else of its scope runs; never two at once
    const leftover = await insertNewKeys(JournalModel, entries);
    if (leftover.size > 0) throw new Error(`${leftover.size} unfinished replacement(s) of ${collection} in scope ${scope}: finishReplacements first`);
    replaced += await deleteByIds(target, chunk.map((doc) => doc._id));
    await target.collection.insertMany(chunk as object[], { ordered: false });
    await deleteByIds(JournalModel, entries.map((e) => e._id));
    afterChunk?.(++index);
  }
  return replaced;
}

/**
 * Finishes the replacements a crashed writer of `scope` journaled (its documents may be deleted and
 * not yet inserted again); returns how many. Called under the scope's lock before anything reads.
 */
export async function finishReplacements(scope: string, targets: readonly ReplaceableModel[] = []): Promise<number> {
  for (const target of targets) byCollection.set(target.collection.collectionName, target);
  const pending = await JournalModel.find({ scope }).lean<JournalEntry[]>().exec();
  for (const entry of pending) {
    const target = byCollection.get(entry.into);
    if (!target) throw new Error(`unfinished replacement of ${entry.into} (scope ${scope}): no model registered for it`);
    await deleteByIds(target, [entry.doc._id]);
    await target.collection.insertMany([entry.doc], { ordered: false });
    await deleteByIds(JournalModel, [entry._id]);
  }
  return pending.length;
}
