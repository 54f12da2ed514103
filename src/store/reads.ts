/**
 * Reads by `_id`, shaped for the store. MongoDB serves `_id $in` from its index in one round trip.
 * FerretDB v1 on SQLite has no `_id` lookup: a lone `{_id}` point read walks the collection in
 * insertion order until it finds the document, and `$in` reads the whole collection. So on FerretDB a
 * few ids are point reads and more are one `$in` per chunk.
 */
import mongoose, { type Types } from 'mongoose';
import { eachConcurrently } from '../infra/concurrency';
import { keyedObjectId } from './keys';
import { chunks } from './writes';

/**
 * Point reads in flight at once on FerretDB. Measured on the demo's data (60 source records): one at a
 * time 340 ms, four 500 ms, eight 1.6 s, 32 2.5 s: the embedded store serves concurrent reads of one
 * collection more slowly than the same reads in turn.
 */
const POINT_READS_IN_FLIGHT = 1;

/**
 * On FerretDB, up to this many ids are point reads; more go as one `$in` per chunk of ids, a read of the
 * whole collection there. A point read costs up to one such read (the later the document was inserted,
 * the more): on the demo's data 130 source records in turn took longer than one read of all 9,000, and
 * on a 0.3× sync's 9,000 source records (2026-12, loaded machine) a point read took 3 ms for the first
 * inserted and 450 ms for the last, one `$in` of 500 ids about what reading them all took.
 */
export const POINT_READS_MAX = 32;

const pointReadsOnly = new WeakMap<object, Promise<boolean>>();

/** Whether the connected server is FerretDB (its buildInfo names itself), asked once per client. */
export function isPointReadStore(): Promise<boolean> {
  const client = mongoose.connection.getClient();
  let known = pointReadsOnly.get(client);
  if (!known) {
    known = mongoose.connection.db!.admin().command({ buildInfo: 1 }).then((info) => 'ferretdbVersion' in info || 'ferretdb' in info);
    pointReadsOnly.set(client, known);
  }
  return known;
}

interface ByIdModel {
  find(filter: Record<string, unknown>, projection?: Record<string, 0 | 1> | null): { batchSize(n: number): { lean<R>(): { exec(): Promise<R> } } };
  findOne(filter: Record<string, unknown>, projection?: Record<string, 0 | 1> | null): { lean<R>(): { exec(): Promise<R> } };
}

export interface FindByIdsOptions {
  projection?: Record<string, 0 | 1> | null;
  /** the collection holds a few dozen documents (per-stream state, lists' heads): one `$in`, whatever the store, costs what one point read does */
  small?: boolean;
}

/** The documents with these `_id`s (those that exist, in no particular order). */
export async function findByIds<T, Id extends Types.ObjectId | string = Types.ObjectId>(model: ByIdModel, ids: readonly Id[], options: FindByIdsOptions = {}): Promise<T[]> {
  const projection = options.projection ?? null;
  if (ids.length === 0) return [];
  if (ids.length === 1) {
    const doc = await model.findOne({ _id: ids[0] }, projection).lean<T | null>().exec();
    return doc === null ? [] : [doc];
  }
  if (!options.small && ids.length <= POINT_READS_MAX && (await isPointReadStore())) {
    // POINT_READS_IN_FLIGHT readers, each taking the next id as soon as its read returns
    const found: Array<T | null> = new Array<T | null>(ids.length).fill(null);
    await eachConcurrently(ids, POINT_READS_IN_FLIGHT, async (id, i) => {
      found[i] = await model.findOne({ _id: id }, projection).lean<T | null>().exec();
    });
    return found.filter((doc): doc is T => doc !== null);
  }
  const found: T[] = [];
  // a first reply batch larger than the answer: no getMore round trips, and FerretDB closes the cursor
  for (const chunk of chunks(ids)) found.push(...(await model.find({ _id: { $in: chunk } }, projection).batchSize(chunk.length + 1).lean<T[]>().exec()));
  return found;
}

interface KeyedCollection {
  modelName: string;
  find(filter: Record<string, unknown>, projection?: Record<string, 0 | 1> | null): { sort(order: Record<string, 1 | -1>): { lean<R>(): { exec(): Promise<R> } } };
}

/** How long a process trusts what it learnt of a collection's key layout. */
const KEYED_LAYOUT_TTL_MS = 5 * 60_000;

const keyedLayouts = new WeakMap<object, Map<string, { at: number; keyed: Promise<boolean> }>>();

/**
 * Whether every document of the collection is stored under the `_id` its natural key derives
 * (keys.ts), so a keyed point read that finds nothing means the key is absent and the query by key
 * fields (a whole-collection read on the embedded store) can be skipped. Only documents written before
 * keyed ids (an older hub, a hand-made fixture) are under other ids, and every writer since keys them,
 * so the answer is learnt by reading the collection once per process and trusted for KEYED_LAYOUT_TTL_MS.
 */
export async function storedUnderKeyedIds(model: KeyedCollection, keyFields: readonly string[], now = Date.now()): Promise<boolean> {
  const client = mongoose.connection.getClient();
  let byModel = keyedLayouts.get(client);
  if (!byModel) keyedLayouts.set(client, (byModel = new Map()));
  const known = byModel.get(model.modelName);
  if (known && now - known.at < KEYED_LAYOUT_TTL_MS) return known.keyed;
  const keyed = model
    .find({}, Object.fromEntries(keyFields.map((field) => [field, 1 as const])))
    // in `_id` order: a walk of the `_id` index, the read a MongoDB would serve (it never gets here)
    .sort({ _id: 1 })
    .lean<Array<Record<string, unknown> & { _id: Types.ObjectId }>>()
    .exec()
    .then((docs) => docs.every((doc) => keyedObjectId(model.modelName, ...keyFields.map((field) => String(doc[field]))).equals(doc._id)));
  byModel.set(model.modelName, { at: now, keyed });
  return keyed;
}
