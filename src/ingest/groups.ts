/**
 * Grouped records: the medical handover (one per 转移联单号) is built from all the current ledger and
 * receipt rows that name it, rebuilt for every group a run touched.
 */
import type { Types } from 'mongoose';
import type { JsonObject } from '../../connectors/contract';
import type { MedicalHandoverPart } from '../../connectors/mapping';
import { MovementModel, type QuantitySourceVersion } from '../model/movement';
import { SourceRecordModel, type RawPayload, type SourceFileRef } from '../model/sourceRecord';
import { markMovementListStale } from '../store/movementLists';
import { mentionSites, resolveMentions, type MentionSite } from './partyRefs';
import { add, writeKeyed, withSources, withSourceVersions, type MappedRecord, type ProjectionContext, type ProjectionCounts } from './project';

const GROUP_CHUNK = 500;

/** The group keys a batch's mapped records touch. */
export function groupKeysOf(records: readonly MappedRecord[]): Set<string> {
  const keys = new Set<string>();
  for (const record of records) for (const p of record.projections) if (p.target === 'medicalPart') keys.add(p.part.manifestNo);
  return keys;
}

/**
 * Parts a run carries at most (each, with its record, about 1.1 KB of heap: 17 MB): past it the groups
 * are read from their records. A 1× district month's medical ledgers and receipts are 12,200 records.
 * A setting tests lower.
 */
export const carriedPartsBudget = { max: 15_000 };

/** A record a grouped stream's run stored and mapped: `mapped` null when its mapper refused it now. */
export interface CarriedRecord {
  id: Types.ObjectId;
  /** the group key stored with the record (RecordGrouping.keyOf) */
  groupKey: string | null;
  mapped: MappedRecord | null;
}

/** One record the run carries: its parts (each names its group) and the version they were mapped at. */
interface CarriedEntry {
  id: Types.ObjectId;
  /** the group key stored with the record, which has it in that group even without a part there */
  groupKey: string | null;
  parts: MedicalHandoverPart[];
  /** the version its quantities carry (none when its mapper gave none) */
  version: QuantitySourceVersion | undefined;
}

/** The groups a carried record belongs to: its parts' and its stored key. */
function groupsOf(entry: CarriedEntry): Set<string> {
  const keys = new Set(entry.parts.map((p) => p.manifestNo));
  if (entry.groupKey !== null) keys.add(entry.groupKey);
  return keys;
}

/**
 * The parts of a source's groups as its run mapped them: the rebuild of a touched group reads only
 * the records the run did not map (stored before, unchanged now) and takes the others from here, so a
 * routine run reads what is old in the groups it touched, not what it has just stored. `whole`: the
 * grouped streams had no live record before the run (a first sync), so it carries every part and the
 * rebuild reads nothing. A record's later version replaces its parts; one its mapper refused has
 * none (and is not read either). A retirement, or more than `carriedPartsBudget.max` parts, drops the carry:
 * the rebuild reads every record of the touched groups.
 */
export class CarriedGroups {
  /** record id hex → what the run carries of it */
  private byRecord: Map<string, CarriedEntry> | null = new Map();
  private parts = 0;

  constructor(readonly whole: boolean) {}

  /** The records just stored and mapped (or refused). */
  note(records: readonly CarriedRecord[]): void {
    if (!this.byRecord) return;
    for (const { id, groupKey, mapped } of records) {
      const parts = (mapped?.projections ?? []).flatMap((p) => (p.target === 'medicalPart' ? [p.part] : []));
      const hex = id.toHexString();
      this.parts += parts.length - (this.byRecord.get(hex)?.parts.length ?? 0);
      // a record of no group (a ledger row not yet handed over) is neither carried nor read
      if (groupKey !== null || parts.length > 0) this.byRecord.set(hex, { id, groupKey, parts, version: mapped?.sourceVersion ?? undefined });
      else this.byRecord.delete(hex);
    }
    if (this.parts > carriedPartsBudget.max) this.drop();
  }

  drop(): void {
    this.byRecord = null;
  }

  get dropped(): boolean {
    return this.byRecord === null;
  }

  /** The carried records by the groups they belong to, handed over once: the carry lets them go, and the rebuild lets each group go once written. */
  takeGroups(): Map<string, CarriedEntry[]> {
    const out = new Map<string, CarriedEntry[]>();
    for (const entry of this.byRecord!.values()) {
      for (const key of groupsOf(entry)) {
        const entries = out.get(key) ?? [];
        entries.push(entry);
        out.set(key, entries);
      }
    }
    this.drop();
    return out;
  }
}

interface StoredGroupRecord {
  _id: Types.ObjectId;
  groupKey: string | null;
  stream: string;
  sourceId: string;
  version: number;
  hash: string;
  payload: RawPayload;
  file: SourceFileRef | null;
}

const GROUP_FIELDS = { stream: 1, sourceId: 1, version: 1, hash: 1, payload: 1, file: 1, groupKey: 1 } as const;

/**
 * Rebuilds groups (one medical handover per 转移联单号) from all their current, unretired records
 * (`all`: every group of the source, after an interrupted run); a group left without records loses
 * its document. With a carry (CarriedGroups), the records the run mapped come from it and only the
 * others are read; without one, one cursor pass ordered by group key reads them all. Memory holds one
 * chunk of groups.
 */
export async function rebuildGroups(context: ProjectionContext, keys: ReadonlySet<string> | 'all', carried?: CarriedGroups | null): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const grouping = context.mapping.grouping;
  if (!grouping || (keys !== 'all' && keys.size === 0)) return counts;
  if (keys !== 'all' && carried && !carried.dropped) return rebuildCarried(context, keys, carried);
  // a first sync whose carry was dropped touched nearly every group there is: it reads them all and
  // skips the others rather than name every key in one `$in` (on the embedded store a scan either way,
  // each record tested against the whole list)
  const readAll = keys === 'all' || carried?.whole === true;
  const cursor = SourceRecordModel.find({ source: context.source, stream: { $in: [...grouping.streams] }, retiredAt: null, groupKey: readAll ? { $ne: null } : { $in: [...keys] } }, GROUP_FIELDS)
    .sort({ groupKey: 1 })
    .lean<StoredGroupRecord>()
    .cursor({ batchSize: 1000 });
  const seen = new Set<string>();
  let chunk = new Map<string, MedicalHandoverPart[]>();
  // the versions of the chunk's records, by id (hex): their quantities carry them
  let versions = new Map<string, QuantitySourceVersion>();
  const open = async (key: string) => {
    if (chunk.size >= GROUP_CHUNK) {
      add(counts, await writeGroups(context, chunk, versions));
      chunk = new Map();
      versions = new Map();
    }
    chunk.set(key, []);
  };
  for await (const record of cursor) {
    const key = record.groupKey!;
    if (keys !== 'all' && !keys.has(key)) continue;
    if (!chunk.has(key)) {
      await open(key);
      seen.add(key);
    }
    addStoredRecord(context, record, chunk.get(key)!, versions);
  }
  // groups with no record left: no parts, so their documents are deleted
  if (keys !== 'all') for (const key of keys) if (!seen.has(key)) await open(key);
  add(counts, await writeGroups(context, chunk, versions));
  return counts;
}

/**
 * The touched groups, a chunk at a time, from the parts the run carries and, unless it carries every
 * live record (`whole`), the chunk's other records: those stored before and not mapped by this run
 * (`_id $nin` the carried ones, which the index filters before fetching). A record the run mapped
 * comes from the carry only, its latest version.
 */
async function rebuildCarried(context: ProjectionContext, keys: ReadonlySet<string>, carried: CarriedGroups): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const grouping = context.mapping.grouping!;
  const whole = carried.whole;
  const byGroup = carried.takeGroups();
  const sorted = [...keys].sort();
  for (let i = 0; i < sorted.length; i += GROUP_CHUNK) {
    const chunkKeys = sorted.slice(i, i + GROUP_CHUNK);
    const chunk = new Map(chunkKeys.map((key) => [key, (byGroup.get(key) ?? []).flatMap((entry) => entry.parts.filter((p) => p.manifestNo === key))]));
    const entries = chunkKeys.flatMap((key) => byGroup.get(key) ?? []);
    // the versions of the chunk's records, by id (hex): carried, then read
    const versions = new Map(entries.flatMap((entry) => (entry.version ? [[entry.id.toHexString(), entry.version] as const] : [])));
    if (!whole) {
      const stored = await SourceRecordModel.find({ source: context.source, stream: { $in: [...grouping.streams] }, retiredAt: null, groupKey: { $in: chunkKeys }, _id: { $nin: entries.map((entry) => entry.id) } }, GROUP_FIELDS)
        .lean<StoredGroupRecord>()
        .cursor({ batchSize: 1000 });
      for await (const record of stored) addStoredRecord(context, record, chunk.get(record.groupKey!)!, versions);
    }
    add(counts, await writeGroups(context, chunk, versions));
    // written: what the run carried of these groups is let go as the rebuild goes on
    for (const key of chunkKeys) byGroup.delete(key);
  }
  return counts;
}

/** Maps a stored record of a group again: its parts in that group, and its version. */
function addStoredRecord(context: ProjectionContext, record: StoredGroupRecord, parts: MedicalHandoverPart[], versions: Map<string, QuantitySourceVersion>): void {
  const key = record.groupKey!;
  const mapped = context.mapping.mappers[record.stream]?.(record.payload as JsonObject, {
    source: context.source,
    stream: record.stream,
    sourceId: record.sourceId,
    sourceRecordId: record._id,
    origin: record.file ? { path: record.file.path, line: 0 } : undefined,
  });
  // a record its mapper refuses was quarantined when it arrived; it contributes nothing
  if (!mapped?.ok) return;
  for (const p of mapped.projections) if (p.target === 'medicalPart' && p.part.manifestNo === key) parts.push(p.part);
  versions.set(record._id.toHexString(), { source: context.source, stream: record.stream, version: record.version, hash: record.hash });
}

/** Builds and writes the documents of a chunk of groups; a group its parts no longer make is deleted. */
async function writeGroups(context: ProjectionContext, groups: ReadonlyMap<string, MedicalHandoverPart[]>, versions: ReadonlyMap<string, QuantitySourceVersion>): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const grouping = context.mapping.grouping!;
  const sites: MentionSite[] = [];
  const movements: Record<string, unknown>[] = [];
  const emptied: string[] = [];
  for (const [key, groupParts] of groups) {
    const built = grouping.build(key, groupParts);
    if (!built) {
      emptied.push(key);
      continue;
    }
    sites.push(...mentionSites(built.doc, built.mentions));
    const sources = new Map(groupParts.map((p) => [p.sourceRecordId.toHexString(), p.sourceRecordId]));
    movements.push(withSources(withSourceVersions(built.doc, versions), [...sources.keys()].sort().map((hex) => sources.get(hex)!)));
  }
  await resolveMentions(context.source, sites, context.seenAt);
  add(counts, await writeKeyed(context, MovementModel, ['stream', 'sourceKey'], movements));
  if (emptied.length > 0) {
    // the emptied handovers' months are not known here: the whole list is rebuilt
    await markMovementListStale(context.source, 'all');
    const removed = await MovementModel.deleteMany({ stream: context.source, kind: grouping.kind, sourceKey: { $in: emptied } }).exec();
    counts.deleted += removed.deletedCount;
  }
  return counts;
}
