/**
 * Writing parties: new ones are inserted, changed ones replaced whole (same `_id`) by the store's
 * journaled replace (src/store/replace.ts). Callers hold the party lock (partyCache.ts), whose next
 * holder finishes a replacement a crash interrupted before it reads or writes a party.
 */
import type { Types } from 'mongoose';
import { PartyModel, type Party } from '../model/party';
import { finishReplacements, replaceDocuments } from '../store/replace';
import { bulkWriteInChunks } from '../store/writes';

type StoredParty = Party & { _id: Types.ObjectId };

/** The journal scope of party writes: the party lock's. */
const PARTY_SCOPE = 'parties';

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
  // checked before anything is deleted: a journaled version the store refuses would block every writer
  for (const party of changed) {
    const invalid = new PartyModel(party).validateSync();
    if (invalid) throw invalid;
  }
  const replaced = await replaceDocuments(PartyModel, changed, PARTY_SCOPE);
  await bulkWriteInChunks(PartyModel, created.map((document) => ({ insertOne: { document } })), { timestamps: false });
  return { inserted: created.length, replaced };
}

/**
 * Finishes the replacements a crashed writer journaled (its parties may be deleted and not yet
 * inserted again); returns how many. Under the party lock, before anything reads the parties.
 */
export function finishInterruptedPartyWrites(): Promise<number> {
  return finishReplacements(PARTY_SCOPE, [PartyModel]);
}
