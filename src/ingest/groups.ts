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

/** Parts a run carries at most; past it the groups are read from their records. */
const CARRIED_PARTS_MAX = 100_000;

/**
 * The parts of a source's groups as its run mapped them, for a run whose grouped streams had no live
 * record before it (a first sync): every record the rebuild would read was stored, and mapped, by the
 * run, so the groups are built from what it carries instead of a read of the records (every source
 * record on the embedded store). A record's later version replaces its parts; one its mapper refused
 * has none. A retirement, or more than CARRIED_PARTS_MAX parts, drops the carry: the rebuild reads.
 */
export class CarriedGroups {
  /** record id hex → its parts by group key, in the order the records were first stored */
  private byRecord: Map<string, Map<string, MedicalHandoverPart[]>> | null = new Map();
  /** record id hex → the version it was mapped at, which its quantities carry */
  private readonly versions = new Map<string, QuantitySourceVersion>();
  private parts = 0;

  /** The records just mapped (`refused`: those their mapper refused now). */
  note(records: readonly MappedRecord[], refused: readonly Types.ObjectId[]): void {
    if (!this.byRecord) return;
    for (const id of refused) this.set(id.toHexString(), new Map(), null);
    for (const record of records) {
      const groups = new Map<string, MedicalHandoverPart[]>();
      for (const p of record.projections) if (p.target === 'medicalPart') groups.set(p.part.manifestNo, [...(groups.get(p.part.manifestNo) ?? []), p.part]);
      this.set(record.sourceRecordId.toHexString(), groups, record.sourceVersion);
    }
    if (this.parts > CARRIED_PARTS_MAX) this.drop();
  }

  private set(hex: string, groups: Map<string, MedicalHandoverPart[]>, version: QuantitySourceVersion | null): void {
    for (const parts of this.byRecord!.get(hex)?.values() ?? []) this.parts -= parts.length;
    for (const parts of groups.values()) this.parts += parts.length;
    this.byRecord!.set(hex, groups);
    if (version) this.versions.set(hex, version);
    else this.versions.delete(hex);
  }

  drop(): void {
    this.byRecord = null;
    this.versions.clear();
  }

  /** The versions the carried records were mapped at, by id (hex). */
  sourceVersions(): ReadonlyMap<string, QuantitySourceVersion> {
    return this.versions;
  }

  /** The parts of each of `keys` (none for a group no record names any more); null once dropped. */
  groups(keys: ReadonlySet<string>): Map<string, MedicalHandoverPart[]> | null {
    if (!this.byRecord) return null;
    const out = new Map<string, MedicalHandoverPart[]>([...keys].sort().map((key) => [key, []]));
    for (const groups of this.byRecord.values()) for (const [key, parts] of groups) out.get(key)?.push(...parts);
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

/**
 * Rebuilds groups (one medical handover per 转移联单号) from all their current, unretired records, in
 * one cursor pass ordered by group key (`all`: every group of the source, after an interrupted run):
 * memory holds one chunk of groups, and a group left without records loses its document.
 */
export async function rebuildGroups(context: ProjectionContext, keys: ReadonlySet<string> | 'all', carried?: CarriedGroups | null): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const grouping = context.mapping.grouping;
  if (!grouping || (keys !== 'all' && keys.size === 0)) return counts;
  const known = keys === 'all' ? null : (carried?.groups(keys) ?? null);
  if (known) {
    const versions = carried!.sourceVersions();
    let chunk = new Map<string, MedicalHandoverPart[]>();
    for (const [key, parts] of known) {
      chunk.set(key, parts);
      if (chunk.size < GROUP_CHUNK) continue;
      add(counts, await writeGroups(context, chunk, versions));
      chunk = new Map();
    }
    add(counts, await writeGroups(context, chunk, versions));
    return counts;
  }
  const cursor = SourceRecordModel.find(
    { source: context.source, stream: { $in: [...grouping.streams] }, retiredAt: null, groupKey: keys === 'all' ? { $ne: null } : { $in: [...keys] } },
    { stream: 1, sourceId: 1, version: 1, hash: 1, payload: 1, file: 1, groupKey: 1 },
  )
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
    if (!chunk.has(key)) {
      await open(key);
      seen.add(key);
    }
    const mapped = context.mapping.mappers[record.stream]?.(record.payload as JsonObject, {
      source: context.source,
      stream: record.stream,
      sourceId: record.sourceId,
      sourceRecordId: record._id,
      origin: record.file ? { path: record.file.path, line: 0 } : undefined,
    });
    // a record its mapper refuses was quarantined when it arrived; it contributes nothing
    if (!mapped?.ok) continue;
    for (const p of mapped.projections) if (p.target === 'medicalPart' && p.part.manifestNo === key) chunk.get(key)!.push(p.part);
    versions.set(record._id.toHexString(), { source: context.source, stream: record.stream, version: record.version, hash: record.hash });
  }
  // groups with no record left: no parts, so their documents are deleted
  if (keys !== 'all') for (const key of keys) if (!seen.has(key)) await open(key);
  add(counts, await writeGroups(context, chunk, versions));
  return counts;
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
