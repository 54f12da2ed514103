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
export async function rebuildGroups(context: ProjectionContext, keys: ReadonlySet<string> | 'all'): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const grouping = context.mapping.grouping;
  if (!grouping || (keys !== 'all' && keys.size === 0)) return counts;
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
