/**
 * One party writer at a time, and each process's view of the parties.
 *
 * Every write of parties (the resolver's, a steward's decision or merge) holds the party lock (a lock
 * document, src/infra/lock.ts, waited for rather than refused; whoever takes it first finishes any
 * replacement a crashed writer journaled, partyWrites.ts) and first bumps the parties version: a
 * small document read and `$inc`'d by `_id` only, so both are cheap on the embedded store, which answers
 * any other query by decoding the whole collection (src/store/writes.ts). A process keeps every party and every steward decision
 * in memory, indexed by identity key, and reloads them (one cursor over each collection) only when the
 * version it read under the lock is not the one it holds; its own writes are applied to the view as
 * they succeed. Memory is bounded by the number of organisations (and their aliases and registry
 * rows), not by the number of records that mention them.
 *
 * The version document carries a random epoch, created with it: a dropped or new database never
 * matches a view held from before. Anything that writes parties outside this module (a repair script,
 * a test that deletes them) calls `partiesChangedElsewhere()`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Schema, model, type Types } from 'mongoose';
import { acquireLockWaiting } from '../infra/lock';
import { PartyModel, type Party } from '../model/party';
import { ResolutionDecisionModel, type ResolutionVerdict } from '../model/resolutionDecision';
import { finishInterruptedPartyWrites } from './partyWrites';
import type { DecisionView } from './matcher';
import { findByIds } from '../store/reads';
import { isDuplicateKey } from '../store/writes';

export type PartyLean = Party & { _id: Types.ObjectId };

const PARTY_LOCK = 'party-writer';
/** a holder keeps the lock for one batch: a load of the parties and a few hundred writes */
const PARTY_LOCK_TTL_MS = 2 * 60_000;
const VERSION_ID = 'parties';

interface PartiesVersion {
  _id: string;
  epoch: string;
  version: number;
  /** the version whose writes are finished: set when the lock is released (absent: none yet) */
  settled?: number;
}

const PartiesVersionModel = model<PartiesVersion>(
  'PartiesVersion',
  new Schema<PartiesVersion>(
    { _id: { type: String, required: true }, epoch: { type: String, required: true }, version: { type: Number, required: true }, settled: { type: Number } },
    { collection: 'partiesversion', versionKey: false },
  ),
);

/** The parties and decisions as of one version. Read-only for callers: changes go through `applyWrittenParties`. */
export interface PartiesView {
  readonly epoch: string;
  version: number;
  readonly byId: ReadonlyMap<string, PartyLean>;
  /** identity key → ids of the parties that have it (MERGED parties keep no keys) */
  readonly byKey: ReadonlyMap<string, ReadonlySet<string>>;
  /** subject key → the latest verdict per candidate key */
  readonly decisions: ReadonlyMap<string, readonly DecisionView[]>;
}

interface MutableView extends PartiesView {
  readonly byId: Map<string, PartyLean>;
  readonly byKey: Map<string, Set<string>>;
}

let view: MutableView | null = null;

// --- the lock ------------------------------------------------------------------------------------

/** A hold of the lock: the version as this holder knows it (read when it took the lock, moved by its bumps). */
interface Hold {
  version: PartiesVersion;
  bumped: boolean;
}

const holding = new AsyncLocalStorage<Hold>();
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` holding the party lock: callers in this process queue in memory, other processes by the
 * lock document. Re-entrant within `fn`'s own calls. A hold that only reads costs the lock's two
 * statements and one point read of the version.
 */
export async function withPartyLock<T>(fn: () => Promise<T>): Promise<T> {
  if (holding.getStore()) return fn();
  const run = queue.then(async () => {
    const lock = await acquireLockWaiting(PARTY_LOCK, PARTY_LOCK_TTL_MS);
    let hold: Hold | null = null;
    let failed = false;
    try {
      const version = await readVersion();
      // a writer that died (or failed) between its bump and its release may have left parties deleted
      // by a replacement: they go back before anyone reads (it bumped the version, so other processes
      // reload; this one drops its view). Every writer bumps first, so a settled version has none.
      if (version.settled !== version.version && (await finishInterruptedPartyWrites()) > 0) view = null;
      hold = { version, bumped: false };
      return await holding.run(hold, fn);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      try {
        // a hold whose writes failed leaves its version unsettled: the next holder finishes what it journaled
        if (hold && hold.version.settled !== hold.version.version && !(failed && hold.bumped)) await settleVersion(hold.version.version);
      } finally {
        await lock.release();
      }
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

function holdOf(what: string): Hold {
  const hold = holding.getStore();
  if (!hold) throw new Error(`${what} needs the party lock (withPartyLock)`);
  return hold;
}

// --- the version ---------------------------------------------------------------------------------

async function readVersion(): Promise<PartiesVersion> {
  for (;;) {
    const current = await PartiesVersionModel.findById(VERSION_ID).lean<PartiesVersion>().exec();
    if (current) return current;
    try {
      const created: PartiesVersion = { _id: VERSION_ID, epoch: randomUUID(), version: 0 };
      await PartiesVersionModel.create(created);
      return created;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
}

/**
 * Marks the parties as changing, before the writes: every view, this process's included, is stale
 * from now on. Under the lock (no other writer moves the version meanwhile); a writer that succeeds
 * then brings its own view forward.
 */
export async function bumpPartiesVersion(): Promise<void> {
  const hold = holdOf('bumping the parties version');
  await PartiesVersionModel.updateOne({ _id: VERSION_ID }, { $inc: { version: 1 } }).exec();
  hold.version = { ...hold.version, version: hold.version.version + 1 };
  hold.bumped = true;
}

/**
 * At the lock's release: the writes of the current version are finished (or stopped: what is stored
 * is what readers read either way), so readers may keep what they read of it. A holder that died
 * leaves the version unsettled until the next holder's release.
 */
async function settleVersion(version: number): Promise<void> {
  await PartiesVersionModel.updateOne({ _id: VERSION_ID, version }, { $set: { settled: version } }).exec();
}

/** For writes of parties outside this module: every process reloads them before its next resolution. */
export async function partiesChangedElsewhere(): Promise<void> {
  await withPartyLock(async () => {
    await bumpPartiesVersion();
    view = null;
  });
}

/** Drops this process's view (after a write that went wrong, or a view found stale). */
export function forgetParties(): void {
  view = null;
}

// --- the view ------------------------------------------------------------------------------------

/** The parties as of the current version, loaded when this process does not hold that version. Under the lock. */
export async function currentParties(): Promise<PartiesView> {
  const { epoch, version } = holdOf('reading the parties').version;
  if (view && view.epoch === epoch && view.version === version) return view;
  view = null;
  const loaded: MutableView = { epoch, version, byId: new Map(), byKey: new Map(), decisions: await loadAllDecisions() };
  for await (const doc of PartyModel.find({}).lean<PartyLean>().cursor()) {
    indexParty(loaded, doc as PartyLean);
  }
  view = loaded;
  return view;
}

/**
 * `read` on this process's view without the lock, when the view is of the current version and that
 * version is settled (no writer between its bump and its release): one point read. null otherwise, and
 * the caller takes the lock. `read` runs at once (synchronously): no writer of this process changes
 * the view under it, and one that bumps the version later only orders its writes after this read.
 */
export async function readSettledView<T>(read: (parties: PartiesView) => T): Promise<{ value: T; of: SettledPartiesVersion } | null> {
  const settled = await readSettledPartiesVersion();
  if (!settled || !view || view.epoch !== settled.epoch || view.version !== settled.version) return null;
  return { value: read(view), of: { epoch: settled.epoch, version: settled.version } };
}

function indexParty(target: MutableView, doc: PartyLean): void {
  const id = doc._id.toHexString();
  target.byId.set(id, doc);
  for (const key of doc.identityKeys) {
    let ids = target.byKey.get(key);
    if (!ids) target.byKey.set(key, (ids = new Set()));
    ids.add(id);
  }
}

/**
 * Brings the view forward to the version bumped for `written` (inserted or updated parties, as now
 * stored). Only for a writer whose keys only grow (the resolver): a removed key stays in the index.
 */
export function applyWrittenParties(from: PartiesView, written: readonly PartyLean[]): void {
  holdOf('applying written parties');
  if (view !== from) return;
  for (const doc of written) indexParty(view, doc);
  view.version = from.version + 1;
}

/** Latest verdict per (subject, candidate) pair of every decision. */
async function loadAllDecisions(): Promise<Map<string, DecisionView[]>> {
  const docs = await ResolutionDecisionModel.find({}, { subjectKey: 1, candidateKey: 1, verdict: 1 })
    .sort({ decidedAt: -1, _id: -1 })
    .lean<Array<{ subjectKey: string; candidateKey: string; verdict: ResolutionVerdict }>>()
    .exec();
  const bySubject = new Map<string, DecisionView[]>();
  for (const d of docs) {
    const decided = bySubject.get(d.subjectKey) ?? [];
    if (decided.some((x) => x.candidateKey === d.candidateKey)) continue;
    decided.push({ subjectKey: d.subjectKey, candidateKey: d.candidateKey, verdict: d.verdict });
    bySubject.set(d.subjectKey, decided);
  }
  return bySubject;
}

// --- readers -------------------------------------------------------------------------------------

/** Parties a reader process keeps (cleared when full: a district has a few thousand). */
const READER_CACHE_MAX = 20_000;

let readerCache: { epoch: string; version: number; byId: Map<string, PartyLean> } | null = null;

export type SettledPartiesVersion = Pick<PartiesVersion, 'epoch' | 'version'>;

/** The parties version, if settled (no writer between its bump and its release); else null. */
export async function readSettledPartiesVersion(): Promise<SettledPartiesVersion | null> {
  const v = await PartiesVersionModel.findById(VERSION_ID).lean<PartiesVersion>().exec();
  return v && v.settled === v.version ? v : null;
}

/**
 * Parties by `_id` for readers (the API), without the lock: kept in memory per settled version, so
 * the names on a page of movements cost one point read of the version instead of one read per party.
 * A seqlock: what was read is kept only if the version was settled (no writer between its bump and
 * its release) both before and after the read. Every writer bumps the version first, so any change
 * empties what readers keep. The documents returned are shared: callers do not modify them.
 * `settledBefore` may give a version read earlier (a request reads it once, beside its first reads:
 * graphql/loaders.ts): the parties kept for it are answered as of that read.
 */
export async function readPartiesById(ids: readonly Types.ObjectId[], settledBefore: () => Promise<SettledPartiesVersion | null> = readSettledPartiesVersion): Promise<PartyLean[]> {
  if (ids.length === 0) return [];
  const before = await settledBefore();
  // a newer version replaces what is kept; a version read earlier than what is kept (a writer settled
  // since) uses nothing kept, and an unsettled one neither: the next settled version replaces it all
  if (before && (readerCache?.epoch !== before.epoch || readerCache.version < before.version)) readerCache = { epoch: before.epoch, version: before.version, byId: new Map() };
  const cache = before && readerCache?.epoch === before.epoch && readerCache.version === before.version ? readerCache : null;
  const hits: PartyLean[] = [];
  const misses: Types.ObjectId[] = [];
  for (const id of ids) {
    const hit = cache?.byId.get(id.toHexString());
    if (hit) hits.push(hit);
    else misses.push(id);
  }
  if (misses.length === 0) return hits;
  const fetched = await findByIds<PartyLean>(PartyModel, misses);
  if (cache && fetched.length > 0) {
    const after = await readSettledPartiesVersion();
    if (after && after.epoch === cache.epoch && after.version === cache.version && readerCache === cache) {
      if (cache.byId.size + fetched.length > READER_CACHE_MAX) cache.byId.clear();
      for (const doc of fetched) cache.byId.set(doc._id.toHexString(), doc);
    }
  }
  return [...hits, ...fetched];
}
