/**
 * Per-request DataLoaders: every reference between types is fetched in batches (one query per type
 * per tick), so a page of N items costs a bounded number of database round trips (no N+1).
 */
import DataLoader from 'dataloader';
import { Types } from 'mongoose';
import { ApiKeyModel, type ApiKey } from '../auth/apiKey';
import type { Community } from '../model/community';
import { FacilityModel, type Facility } from '../model/facility';
import { MovementModel, type Movement } from '../model/movement';
import type { Party } from '../model/party';
import { PeriodReportModel, type PeriodReport } from '../model/periodReport';
import { ProjectModel, type Project } from '../model/project';
import { referenceItems } from '../model/reference';
import type { ReferenceItem, ReferenceTable } from '../model/referenceItem';
import { SourceRecordModel, type SourceRecord } from '../model/sourceRecord';
import { readPartiesById, readSettledPartiesVersion, type SettledPartiesVersion } from '../resolve/partyCache';
import { VehicleModel, type Vehicle } from '../model/vehicle';
import { keyedObjectId } from '../store/keys';
import { findByIds, isPointReadStore, storedUnderKeyedIds } from '../store/reads';
import { badInput } from './errors';

/** Documents as the resolvers receive them (lean, with their id): the codegen mappers point here. */
export type PartyRecord = Party & { _id: Types.ObjectId };
export type FacilityRecord = Facility & { _id: Types.ObjectId };
export type ProjectRecord = Project & { _id: Types.ObjectId };
export type VehicleRecord = Vehicle & { _id: Types.ObjectId };
export type CommunityRecord = Community & { _id: Types.ObjectId };
export type MovementRecord = Movement & { _id: Types.ObjectId };
export type PeriodReportRecord = PeriodReport & { _id: Types.ObjectId };
export type SourceRecordRecord = SourceRecord & { _id: Types.ObjectId };

/** A loader over one batched query; `keyOf` says which key each returned document answers. */
export function batchBy<T>(fetch: (keys: string[]) => Promise<T[]>, keyOf: (doc: T) => string): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (keys) => {
    const byKey = new Map((await fetch([...keys])).map((doc) => [keyOf(doc), doc]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** An id argument as an ObjectId; anything but 24 hex digits is the caller's mistake. */
export function parseObjectId(id: string, argument = 'id'): Types.ObjectId {
  if (!/^[0-9a-fA-F]{24}$/.test(id)) throw badInput(`${argument} "${id}" is not an id this API issued (24 hex digits)`, argument);
  return new Types.ObjectId(id);
}

const hex = (doc: { _id: Types.ObjectId }) => doc._id.toHexString();
const oids = (keys: string[]) => keys.map((k) => new Types.ObjectId(k));

/**
 * A first reply batch larger than the whole answer: the server's default (101 documents) would add
 * getMore round trips as the page grows, which is the very cost the loaders exist to bound; and a batch
 * exactly as large as the answer leaves the embedded store's cursor open, costing one more (empty) getMore. Keys
 * that may match several rows (a code in several sources, a reference row in several versions) ask for
 * a few per key.
 */
const oneBatch = (keys: string[], perKey = 1) => keys.length * perKey + 1;

/** Key of a document known by its source's code: facilities and projects are unique per (source, code). */
export const sourceCodeKey = (source: string, code: string) => `${source}\u0000${code}`;
export const referenceKey = (table: ReferenceTable, code: string) => `${table}\u0000${code}`;

function splitKeys(keys: string[]): { firsts: string[]; seconds: string[] } {
  const parts = keys.map((k) => k.split('\u0000') as [string, string]);
  return { firsts: [...new Set(parts.map((p) => p[0]))], seconds: [...new Set(parts.map((p) => p[1]))] };
}

const splitKey = (key: string) => key.split('\u0000');

/**
 * Documents written under the `_id` their natural key derives (src/store/keyed.ts `writeKeyed`:
 * `keyedObjectId(modelName, ...key fields)`), read by that `_id` (point reads, src/store/reads.ts); keys not
 * found so (never registered, or written before keyed ids) go to `byKey`, a query on the key fields.
 */
async function byDerivedIds<T>(
  model: Parameters<typeof findByIds>[0] & Parameters<typeof storedUnderKeyedIds>[0],
  keyFields: readonly string[],
  keys: string[],
  partsOf: (key: string) => string[],
  keyOf: (doc: T) => string,
  byKey: (missing: string[]) => Promise<T[]>,
): Promise<T[]> {
  const found = await findByIds<T>(model, keys.map((key) => keyedObjectId(model.modelName, ...partsOf(key))));
  const seen = new Set(found.map(keyOf));
  const missing = keys.filter((key) => !seen.has(key));
  if (missing.length === 0) return found;
  // on the embedded store a key missed by its point read is absent, unless documents from before keyed ids remain
  if ((await isPointReadStore()) && (await storedUnderKeyedIds(model, keyFields))) return found;
  return [...found, ...(await byKey(missing))];
}

export function createLoaders() {
  // a request reads the parties version once (partyCache.ts), at its first party read or earlier when
  // a resolver knows parties will follow (`warmPartiesVersion`): then it goes beside the reads before them
  let partiesVersion: Promise<SettledPartiesVersion | null> | null = null;
  const settledPartiesVersion = () => (partiesVersion ??= readSettledPartiesVersion());
  return {
    warmPartiesVersion: (): void => void settledPartiesVersion().catch(() => undefined),
    apiKeyById: batchBy<ApiKey>((keyIds) => ApiKeyModel.find({ keyId: { $in: keyIds } }).lean(), (k) => k.keyId),
    // parties change rarely and pages name the same ones: kept per parties version (partyCache.ts)
    partyById: batchBy<PartyRecord>((ids) => readPartiesById(oids(ids), settledPartiesVersion), hex),
    facilityById: batchBy<FacilityRecord>((ids) => findByIds<FacilityRecord>(FacilityModel, oids(ids)), hex),
    // movement ends name a facility by code until resolution sets its id: read by the `_id` the code
    // derives (point reads), and only codes not found so by `$in` on both parts, which over-fetches at
    // most the same code of another source (the key then drops it)
    facilityBySourceCode: batchBy<FacilityRecord>((keys) =>
      byDerivedIds<FacilityRecord>(FacilityModel, ['source', 'code'], keys, (key) => splitKey(key), (f) => sourceCodeKey(f.source, f.code), (missing) => {
        const { firsts, seconds } = splitKeys(missing);
        return FacilityModel.find({ source: { $in: firsts }, code: { $in: seconds } }).batchSize(oneBatch(missing, 4)).lean<FacilityRecord[]>().exec();
      }), (f) => sourceCodeKey(f.source, f.code)),
    projectById: batchBy<ProjectRecord>((ids) => findByIds<ProjectRecord>(ProjectModel, oids(ids)), hex),
    projectBySourceCode: batchBy<ProjectRecord>((keys) =>
      byDerivedIds<ProjectRecord>(ProjectModel, ['source', 'projectCode'], keys, (key) => splitKey(key), (p) => sourceCodeKey(p.source, p.projectCode), (missing) => {
        const { firsts, seconds } = splitKeys(missing);
        return ProjectModel.find({ source: { $in: firsts }, projectCode: { $in: seconds } }).batchSize(oneBatch(missing, 4)).lean<ProjectRecord[]>().exec();
      }), (p) => sourceCodeKey(p.source, p.projectCode)),
    vehicleByPlate: batchBy<VehicleRecord>((plates) =>
      byDerivedIds<VehicleRecord>(VehicleModel, ['plate'], plates, (plate) => [plate], (v) => v.plate, (missing) =>
        VehicleModel.find({ plate: { $in: missing } }).batchSize(oneBatch(missing)).lean<VehicleRecord[]>().exec()), (v) => v.plate),
    periodReportById: batchBy<PeriodReportRecord>((ids) => findByIds<PeriodReportRecord>(PeriodReportModel, oids(ids)), hex),
    movementById: batchBy<MovementRecord>((ids) => findByIds<MovementRecord>(MovementModel, oids(ids)), hex),
    sourceRecordById: batchBy<SourceRecordRecord>((ids) => findByIds<SourceRecordRecord>(SourceRecordModel, oids(ids)), hex),
    // the row of (table, code) in force now, else the newest that has started; a retired code (validTo
    // passed) still labels the records that used it. From the typed constants the seed loads into
    // referenceitems (the collection is their copy), so a label costs no read
    referenceItem: new DataLoader<string, ReferenceItem | null>(async (keys) => keys.map((key) => referenceRowInForce(key))),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

let referenceRows: Map<string, ReferenceItem[]> | undefined;

/** The row of a `referenceKey` in force now, else the newest that has started (rows oldest first per key). */
function referenceRowInForce(key: string, now = new Date()): ReferenceItem | null {
  if (!referenceRows) {
    referenceRows = new Map();
    for (const row of [...referenceItems()].sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime())) {
      const rows = referenceRows.get(referenceKey(row.table, row.code)) ?? [];
      rows.push(row);
      referenceRows.set(referenceKey(row.table, row.code), rows);
    }
  }
  return (referenceRows.get(key) ?? []).filter((row) => row.validFrom <= now).at(-1) ?? null;
}
