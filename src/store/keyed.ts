/**
 * Keyed writes: documents whose identity is a natural key (keys.ts), written by insert-to-detect, the
 * existing ones read back by point reads and replaced, journaled, only where a field differs; or a set
 * of whole documents a writer owns made equal to what it computed (`writeKeyedSet`).
 */
import type { Types } from 'mongoose';
import { canonicalJson } from '../model/common';
import { keyedObjectId } from './keys';
import { findByIds } from './reads';
import { replaceDocuments, type ReplaceableModel } from './replace';
import { chunks, deleteByIds, insertNewKeys, type AfterChunk } from './writes';

export interface KeyedModel extends ReplaceableModel {
  modelName: string;
  /** mongoose's: the schema's defaults and timestamps set on a plain object, in place, with no cast */
  applyDefaults(doc: Record<string, unknown>): unknown;
  applyTimestamps(doc: Record<string, unknown>): unknown;
  find(filter: Record<string, unknown>, projection?: Record<string, 0 | 1> | null): {
    lean<R = unknown[]>(): { exec(): Promise<R> };
    batchSize(n: number): { lean<R>(): { exec(): Promise<R> } };
  };
  findOne(filter: Record<string, unknown>, projection?: Record<string, 0 | 1> | null): { lean<R>(): { exec(): Promise<R> } };
}

export interface KeyedWriteCounts {
  inserted: number;
  updated: number;
}

export interface KeyedWriteOptions {
  /** the journal scope of replacements: the name of the lock the caller holds */
  scope: string;
  /** a draft that loses to another (in the batch or stored) is not written; default: the later one wins */
  isOlder?: (draft: Record<string, unknown>, other: Record<string, unknown>) => boolean;
  /** told the stored versions of the documents about to be replaced, before they are */
  beforeReplace?: (stored: ReadonlyArray<Record<string, unknown>>) => void | Promise<void>;
  /** told the documents as the store now holds them, once inserted or replaced */
  onWritten?: (docs: ReadonlyArray<Record<string, unknown>>) => void;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A draft as the model stores it: the draft itself with the schema's defaults for the fields it leaves
 * out, and createdAt/updatedAt where the model keeps timestamps. Drafts are typed as the model's
 * documents and built from validated records (connectors/mapping.ts) or from stored documents, so they
 * are written as they are: hydrating, casting and validating each one as a mongoose document cost the
 * sync more CPU than its inserts.
 */
function asStored(model: KeyedModel, draft: Record<string, unknown>): Record<string, unknown> {
  const doc = { ...draft };
  model.applyDefaults(doc);
  model.applyTimestamps(doc);
  return doc;
}

/**
 * Writes drafts keyed by natural-key fields. Each draft gets the _id its key derives and is inserted;
 * the keys that already exist are read back by _id (or by their key fields, for a document written
 * before under another _id) and replaced when a field differs; equal ones cost no write. Fields the
 * draft does not carry (and the stored _id and createdAt) are kept.
 */
export async function writeKeyed(model: KeyedModel, keyFields: readonly string[], drafts: ReadonlyArray<Record<string, unknown>>, options: KeyedWriteOptions): Promise<KeyedWriteCounts> {
  const counts: KeyedWriteCounts = { inserted: 0, updated: 0 };
  if (drafts.length === 0) return counts;
  const isOlder = options.isOlder ?? (() => false);
  const keyOf = (doc: Record<string, unknown>) => keyFields.map((f) => String(doc[f])).join('\u0000');
  const unique = new Map<string, Record<string, unknown>>();
  for (const draft of drafts) {
    const kept = unique.get(keyOf(draft));
    if (kept && isOlder(draft, kept)) continue;
    unique.set(keyOf(draft), { _id: keyedObjectId(model.modelName, ...keyFields.map((f) => String(draft[f]))), ...draft });
  }
  const asInserted = [...unique.values()].map((draft) => asStored(model, draft) as { _id: unknown });
  const existingIds = await insertNewKeys(model, asInserted);
  counts.inserted = unique.size - existingIds.size;
  options.onWritten?.(existingIds.size === 0 ? (asInserted as Array<Record<string, unknown>>) : (asInserted.filter((doc) => !existingIds.has(String(doc._id))) as Array<Record<string, unknown>>));
  if (existingIds.size === 0) return counts;

  const existingDrafts = [...unique.entries()].filter(([, draft]) => existingIds.has(String(draft._id)));
  const existing = new Map<string, Record<string, unknown>>();
  const found = await findByIds<Record<string, unknown>>(model, existingDrafts.map(([, draft]) => draft._id as Types.ObjectId));
  for (const doc of found) existing.set(keyOf(doc), doc);
  const underOtherIds = existingDrafts.filter(([key]) => !existing.has(key)).map(([, draft]) => draft);
  for (const doc of await findByKeys(model, keyFields, underOtherIds)) existing.set(keyOf(doc), doc);

  const replacements: Record<string, unknown>[] = [];
  const replacedVersions: Record<string, unknown>[] = [];
  const now = new Date();
  for (const [key, draft] of existingDrafts) {
    const stored = existing.get(key);
    if (!stored) throw new Error(`${model.modelName} ${key.replaceAll('\u0000', '/')} exists but could not be read back`);
    if (isOlder(draft, stored)) continue;
    // only the fields that differ are written; the stored _id stays
    const changed = Object.fromEntries(Object.entries(draft).filter(([field, value]) => field !== '_id' && canonicalJson(stored[field]) !== canonicalJson(value)));
    if (Object.keys(changed).length > 0) {
      replacements.push({ ...stored, ...changed, updatedAt: now });
      replacedVersions.push(stored);
    }
  }
  if (replacedVersions.length > 0) await options.beforeReplace?.(replacedVersions);
  await replaceDocuments(model, replacements as Array<{ _id: unknown }>, options.scope);
  options.onWritten?.(replacements);
  counts.updated = replacements.length;
  return counts;
}

/** Documents by natural key: the last key field is looked up with `$in` per value of the others. */
async function findByKeys(model: KeyedModel, keyFields: readonly string[], drafts: ReadonlyArray<Record<string, unknown>>): Promise<Record<string, unknown>[]> {
  const lookupField = keyFields[keyFields.length - 1]!;
  const prefix = keyFields.slice(0, -1);
  const groups = new Map<string, { filter: Record<string, unknown>; values: unknown[] }>();
  for (const draft of drafts) {
    const groupKey = prefix.map((f) => String(draft[f])).join('\u0000');
    const group = groups.get(groupKey) ?? { filter: Object.fromEntries(prefix.map((f) => [f, draft[f]])), values: [] };
    group.values.push(draft[lookupField]);
    groups.set(groupKey, group);
  }
  const found: Record<string, unknown>[] = [];
  for (const group of groups.values()) {
    for (const doc of await model.find({ ...group.filter, [lookupField]: { $in: group.values } }).lean<unknown[]>().exec()) if (isRecord(doc)) found.push(doc);
  }
  return found;
}

/**
 * Upserts whole documents keyed by natural-key fields, without reading them: each gets the _id its
 * key derives and is inserted; those that exist are replaced whole (journaled, replace.ts). For
 * documents the writer owns entirely (computed values); `writeKeyed` keeps fields it does not carry.
 */
export async function upsertKeyed(model: KeyedModel, keyFields: readonly string[], docs: ReadonlyArray<Record<string, unknown>>, options: { scope: string; afterChunk?: AfterChunk }): Promise<KeyedWriteCounts> {
  const unique = new Map<string, Record<string, unknown>>();
  for (const doc of docs) {
    const keys = keyFields.map((f) => String(doc[f]));
    unique.set(keys.join('\u0000'), asStored(model, { ...doc, _id: keyedObjectId(model.modelName, ...keys) }));
  }
  // chunks are numbered on across the inserts and the replacements
  let index = 0;
  const afterChunk = options.afterChunk && (() => options.afterChunk!(++index));
  const existing = await insertNewKeys(model, [...unique.values()] as Array<{ _id: unknown }>, afterChunk);
  const replacements = [...unique.values()].filter((doc) => existing.has(String(doc._id)));
  await replaceDocuments(model, replacements as Array<{ _id: unknown }>, options.scope, afterChunk);
  return { inserted: unique.size - existing.size, updated: replacements.length };
}

export interface KeyedSetCounts {
  inserted: number;
  replaced: number;
  deleted: number;
  unchanged: number;
}

export interface KeyedSetOptions {
  /** the journal scope of replacements: the name of the lock the caller holds */
  scope: string;
  /** fields that say when and by whom a document was written, not what it says: a document equal but for them is not written */
  stamps?: readonly string[];
  /** runs after each chunk written, numbered on across the inserts, the replacements and the deletes */
  afterChunk?: AfterChunk;
  /** receives every given document as the set stores it once written (the stored one when it was equal) */
  onStored?: (doc: Record<string, unknown>) => void;
}

/**
 * Makes a set of whole documents the writer owns (computed values) equal to `docs`, keyed by
 * natural-key fields. `stored` is what the caller read of that set (one query its index serves, or
 * point reads by keyed `_id`): a document whose key is not stored is inserted under the `_id` its key
 * derives; one whose content differs replaces the stored one (journaled, under the stored `_id`); a
 * stored one no longer given is deleted by `_id`; an equal one costs no write and keeps its stamps.
 * The caller holds the `scope` lock, so nothing else writes the set between its read and these writes.
 */
export async function writeKeyedSet(
  model: KeyedModel,
  keyFields: readonly string[],
  docs: ReadonlyArray<Record<string, unknown>>,
  stored: ReadonlyArray<Record<string, unknown> & { _id: unknown }>,
  options: KeyedSetOptions,
): Promise<KeyedSetCounts> {
  const keyOf = (doc: Record<string, unknown>) => keyFields.map((f) => String(doc[f])).join('\u0000');
  const stamps = new Set(options.stamps ?? []);
  const content = (doc: Record<string, unknown>) => canonicalJson(Object.fromEntries(Object.entries(doc).filter(([field]) => field !== '_id' && !stamps.has(field))));
  const storedByKey = new Map(stored.map((doc) => [keyOf(doc), doc]));
  const inserts: Array<{ _id: unknown }> = [];
  const replacements: Array<{ _id: unknown }> = [];
  // one document per key: the last one given wins
  const given = new Map(docs.map((draft) => [keyOf(draft), draft]));
  for (const [key, draft] of given) {
    const before = storedByKey.get(key);
    const doc = asStored(model, { ...draft, _id: before?._id ?? keyedObjectId(model.modelName, ...keyFields.map((f) => String(draft[f]))) }) as { _id: unknown };
    if (!before) inserts.push(doc);
    else if (content(doc) !== content(before)) replacements.push(doc);
    options.onStored?.(!before || replacements.at(-1) === doc ? doc : before);
  }
  const removed = stored.filter((doc) => !given.has(keyOf(doc))).map((doc) => doc._id);
  let index = 0;
  const afterChunk = options.afterChunk && (() => options.afterChunk!(++index));
  const existing = await insertNewKeys(model, inserts, afterChunk);
  // the caller read the set under its lock: a key it did not see stored is a key nobody stored
  if (existing.size > 0) throw new Error(`${model.modelName}: ${existing.size} document(s) stored that the caller's read of the set did not return`);
  await replaceDocuments(model, replacements, options.scope, afterChunk);
  // one `_id $in` statement per chunk: the embedded store reads the whole collection for a delete even by a lone `_id`
  for (const chunk of chunks(removed)) {
    await deleteByIds(model, chunk);
    afterChunk?.();
  }
  return { inserted: inserts.length, replaced: replacements.length, deleted: removed.length, unchanged: given.size - inserts.length - replacements.length };
}
