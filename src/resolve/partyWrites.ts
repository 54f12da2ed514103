/**
 * Writing parties: new ones are inserted, changed ones replaced by delete + insert, journaled.
 *
 * FerretDB v1 (SQLite) runs every update or delete statement as a scan of the whole collection, even
 * by `_id`, so updating k changed parties one statement each costs k scans: at ten times the district
 * (about 4,000 parties) a scan is about 50 ms and a sync changes thousands of parties. A `_id $in`
 * delete of all k followed by one insert costs one scan. The replacement documents are first written
 * to a journal, so a crash between the delete and the insert loses nothing: the next holder of the
 * party lock (partyCache.ts) finishes the replacement before it reads or writes a party. Callers hold
 * that lock; readers outside it may miss a party for the moment between the two statements, as they
 * may miss a movement that writeKeyed (ingest/project.ts) replaces.
 */
import { Schema, model, type Types } from 'mongoose';
import { bulkWriteInChunks } from '../infra/mongo';
import { PartyModel, type Party } from '../model/party';

type StoredParty = Party & { _id: Types.ObjectId };

interface PartyWrite {
  _id: Types.ObjectId;
  party: StoredParty;
}

const PartyWriteModel = model<PartyWrite>(
  'PartyWrite',
  new Schema<PartyWrite>({ _id: { type: Schema.Types.ObjectId, required: true }, party: { type: Schema.Types.Mixed, required: true } }, { collection: 'partywrites', versionKey: false }),
);

const CHUNK = 500;

export interface PartyWriteCounts {
  inserted: number;
  /** replaced parties that were found (and deleted) before their new version went in */
  replaced: number;
}

/**
 * Inserts `created` and replaces `changed` (whole documents, same `_id`). Under the party lock. A
 * changed party that was no longer stored is inserted all the same; `replaced` tells the caller.
 */
export async function storeParties(created: readonly StoredParty[], changed: readonly StoredParty[]): Promise<PartyWriteCounts> {
  let replaced = 0;
  for (let i = 0; i < changed.length; i += CHUNK) {
    const chunk = changed.slice(i, i + CHUNK);
    // checked before anything is deleted: a journaled version the store refuses would block every writer
    for (const party of chunk) {
      const invalid = new PartyModel(party).validateSync();
      if (invalid) throw invalid;
    }
    await PartyWriteModel.collection.insertMany(chunk.map((party) => ({ _id: party._id, party })), { ordered: false });
    replaced += (await PartyModel.deleteMany({ _id: { $in: chunk.map((p) => p._id) } }).exec()).deletedCount;
    await insertParties(chunk);
    await PartyWriteModel.deleteMany({}).exec();
  }
  await insertParties(created);
  return { inserted: created.length, replaced };
}

async function insertParties(parties: readonly StoredParty[]): Promise<void> {
  await bulkWriteInChunks(PartyModel, parties.map((document) => ({ insertOne: { document } })), { timestamps: false });
}

/**
 * Finishes the replacements a crashed writer journaled (its parties may be deleted and not yet
 * inserted again); returns how many. Under the party lock, before anything reads the parties.
 */
export async function finishInterruptedPartyWrites(): Promise<number> {
  const pending = await PartyWriteModel.find({}).lean<PartyWrite[]>().exec();
  if (pending.length === 0) return 0;
  for (let i = 0; i < pending.length; i += CHUNK) {
    const chunk = pending.slice(i, i + CHUNK);
    await PartyModel.deleteMany({ _id: { $in: chunk.map((w) => w._id) } }).exec();
    await insertParties(chunk.map((w) => w.party));
  }
  await PartyWriteModel.deleteMany({}).exec();
  return pending.length;
}
