/**
 * Projection into the unified model: the I/O shell around the connectors' pure mappers. For a batch of
 * mapped records it resolves every party mention in two calls to entity resolution, fills the drafts'
 * PartyRef ids, and writes each collection with one `$in` read of the existing documents, an unordered
 * insert of the new ones and updates by _id of those whose content differs (equal content costs no
 * write). Grouped records (medical handovers) are rebuilt per group from all current records.
 */
import type { Types } from 'mongoose';
import type { JsonObject } from '../../connectors/contract';
import type { MedicalHandoverPart, PartyMention, PartyProfile, PartySlot, Projection, SourceMapping } from '../../connectors/mapping';
import type { PartyRef } from '../model/common';
import { CommunityModel } from '../model/community';
import { FacilityModel } from '../model/facility';
import { MovementModel } from '../model/movement';
import { PeriodReportModel } from '../model/periodReport';
import { ProjectModel } from '../model/project';
import type { SourceId } from '../model/reference/agencies';
import { insertNewKeys } from '../infra/mongo';
import { addToStreamStats, streamStatsId } from '../store/streamStats';
import { keyedObjectId, stableJson } from '../model/common';
import { FingerprintModel, SourceRecordModel, type RawPayload, type SourceFileRef } from '../model/sourceRecord';
import { validateUscc } from '../model/validators';
import { VehicleModel } from '../model/vehicle';
import { knownPartyNames, resolveParties, type PartyObservationInput } from '../resolve/resolver';

export interface ProjectionContext {
  source: SourceId;
  mapping: SourceMapping;
  /** recorded as when the parties' aliases were seen */
  seenAt: Date;
}

/** One stored source record and what its mapper made of it. */
export interface MappedRecord {
  sourceRecordId: Types.ObjectId;
  sourceId: string;
  projections: Projection[];
}

export interface ProjectionCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

const WRITE_CHUNK = 200;
const RESOLVE_CHUNK = 500;

// --- party references ------------------------------------------------------------------------------

interface MentionSite {
  mention: PartyMention;
  /** the PartyRef to fill, or null for a defining mention */
  ref: PartyRef | null;
  defining: { sourceRecordId: Types.ObjectId; profile: PartyProfile } | null;
  partyId: Types.ObjectId | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isPartyRef(value: unknown): value is PartyRef {
  return isRecord(value) && 'partyId' in value && 'uscc' in value;
}

/** The PartyRef at a slot of a draft (`from.party`, `carrier`…), or null when the draft has none there. */
export function partyRefAt(doc: object, slot: PartySlot): PartyRef | null {
  let at: unknown = doc;
  for (const key of slot.split('.')) at = isRecord(at) ? at[key] : null;
  return isPartyRef(at) ? at : null;
}

const hasIdentity = (m: PartyMention) => Boolean(m.uscc?.trim() || m.name?.trim());

function observationOf(source: SourceId, site: MentionSite, name: string, seenAt: Date): PartyObservationInput {
  const m = site.mention;
  return {
    source,
    sourceKey: m.sourceKey ?? null,
    uscc: m.uscc,
    name,
    street: m.street,
    roles: m.roles,
    // only a registry row is what a party is built from; a mention on a manifest is not its provenance
    sourceRecordId: site.defining?.sourceRecordId ?? null,
    profile: site.defining?.profile ?? null,
    seenAt,
  };
}

async function resolveObservations(sites: MentionSite[], observationOfSite: (site: MentionSite) => PartyObservationInput): Promise<void> {
  // one observation per distinct statement: a batch names the same generator on hundreds of manifests
  const distinct = new Map<string, { observation: PartyObservationInput; sites: MentionSite[] }>();
  for (const site of sites) {
    const observation = observationOfSite(site);
    const key = JSON.stringify([observation.sourceKey, observation.uscc, observation.name, observation.street, [...(observation.roles ?? [])].sort(), observation.sourceRecordId?.toHexString() ?? null]);
    const entry = distinct.get(key) ?? { observation, sites: [] };
    entry.sites.push(site);
    distinct.set(key, entry);
  }
  const entries = [...distinct.values()];
  for (let i = 0; i < entries.length; i += RESOLVE_CHUNK) {
    const chunk = entries.slice(i, i + RESOLVE_CHUNK);
    const resolutions = await resolveParties(chunk.map((e) => e.observation));
    chunk.forEach((entry, j) => {
      for (const site of entry.sites) site.partyId = resolutions[j]!.partyId;
    });
  }
}

/**
 * Resolves every mention and fills its PartyRef. Named mentions first (registry rows before
 * references, so a batch's own registry entries exist); then mentions that carry only a code, named
 * after the party their USCC already identifies (no spurious name conflict), or after the code itself
 * when no source has named the organisation yet (haulers, builders, the medical disposer).
 */
export async function resolveMentions(source: SourceId, sites: MentionSite[], seenAt: Date): Promise<void> {
  const usable = sites.filter((s) => hasIdentity(s.mention));
  const named = usable.filter((s) => s.mention.name?.trim()).sort((a, b) => Number(b.defining !== null) - Number(a.defining !== null));
  await resolveObservations(named, (site) => observationOf(source, site, site.mention.name!.trim(), seenAt));

  const nameless = usable.filter((s) => !s.mention.name?.trim());
  if (nameless.length > 0) {
    const known = await knownPartyNames(nameless.map((s) => validateUscc(s.mention.uscc)).flatMap((r) => (r.ok ? [r.value] : [])));
    await resolveObservations(nameless, (site) => {
      const checked = validateUscc(site.mention.uscc);
      const name = (checked.ok ? known.get(checked.value) : undefined) ?? site.mention.uscc!.trim();
      return observationOf(source, site, name, seenAt);
    });
  }
  for (const site of sites) if (site.ref) site.ref.partyId = site.partyId;
}

function mentionSites(doc: object, mentions: readonly PartyMention[]): MentionSite[] {
  return mentions.map((mention) => ({ mention, ref: mention.slot ? partyRefAt(doc, mention.slot) : null, defining: null, partyId: null }));
}

// --- generic keyed writes ---------------------------------------------------------------------------

interface KeyedModel {
  modelName: string;
  new (doc: Record<string, unknown>): { validateSync(): Error | null | undefined; initializeTimestamps(): unknown; toObject(options: object): Record<string, unknown> };
  find(filter: Record<string, unknown>): { lean(): { exec(): Promise<unknown[]> } };
  deleteMany(filter: Record<string, unknown>): { exec(): Promise<unknown> };
  collection: { insertMany(docs: object[], options: { ordered: false }): Promise<unknown> };
}

/** A draft as the model stores it: cast, validated, with defaults and timestamps. */
function castForInsert(model: KeyedModel, draft: Record<string, unknown>): Record<string, unknown> {
  const doc = new model(draft);
  const invalid = doc.validateSync();
  if (invalid) throw invalid;
  doc.initializeTimestamps();
  return doc.toObject({ depopulate: true, virtuals: false, getters: false, transform: false });
}

/**
 * A mapper's version signal for sources whose every path lacks an update time (construction.md: the
 * nightly export has no updatedAt): `attributes.versionRank`; a draft ranked below the stored document
 * is an older version and is not written. Documents without one rank equal: the later one read wins.
 */
function versionRankOf(doc: Record<string, unknown>): number {
  const attributes = doc.attributes;
  return isRecord(attributes) && typeof attributes.versionRank === 'number' ? attributes.versionRank : 0;
}

/**
 * Writes drafts keyed by natural-key fields. Each draft gets the _id its key derives, and is inserted;
 * the keys that already exist are read back by _id (or by their key fields, for a document written
 * before under another _id), and updated when a field differs; equal ones are left alone.
 */
async function writeKeyed(model: KeyedModel, keyFields: readonly string[], drafts: ReadonlyArray<Record<string, unknown>>): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  if (drafts.length === 0) return counts;
  const keyOf = (doc: Record<string, unknown>) => keyFields.map((f) => String(doc[f])).join('\u0000');
  const unique = new Map<string, Record<string, unknown>>();
  for (const draft of drafts) {
    const kept = unique.get(keyOf(draft));
    if (kept && versionRankOf(draft) < versionRankOf(kept)) continue;
    unique.set(keyOf(draft), { _id: keyedObjectId(model.modelName, ...keyFields.map((f) => String(draft[f]))), ...draft });
  }
  const existingIds = await insertNewKeys(model, [...unique.values()].map((draft) => castForInsert(model, draft) as { _id: unknown }));
  counts.inserted = unique.size - existingIds.size;
  if (existingIds.size === 0) return counts;

  const existingDrafts = [...unique.entries()].filter(([, draft]) => existingIds.has(String(draft._id)));
  const existing = new Map<string, Record<string, unknown>>();
  for (const doc of await model.find({ _id: { $in: existingDrafts.map(([, draft]) => draft._id) } }).lean().exec()) if (isRecord(doc)) existing.set(keyOf(doc), doc);
  const underOtherIds = existingDrafts.filter(([key]) => !existing.has(key)).map(([, draft]) => draft);
  for (const doc of await findByKeys(model, keyFields, underOtherIds)) existing.set(keyOf(doc), doc);

  const replacements: Record<string, unknown>[] = [];
  const now = new Date();
  for (const [key, draft] of existingDrafts) {
    const stored = existing.get(key);
    if (!stored) throw new Error(`${model.modelName} ${key.replaceAll('\u0000', '/')} exists but could not be read back`);
    if (versionRankOf(draft) < versionRankOf(stored)) continue;
    // only the fields that differ are written; the stored _id stays
    const changed = Object.fromEntries(Object.entries(draft).filter(([field, value]) => field !== '_id' && stableJson(stored[field]) !== stableJson(value)));
    if (Object.keys(changed).length > 0) replacements.push({ ...stored, ...changed, updatedAt: now });
  }
  // FerretDB v1 scans the collection for every update, even by _id, while a delete by `_id $in` and an
  // insert cost one scan and one insert per chunk: a changed document is replaced by itself with the
  // new fields (same _id, createdAt and fields the draft does not own, such as linkedMovementIds). A
  // crash in between leaves it missing until the interrupted batch is replayed (engine.ts).
  for (let i = 0; i < replacements.length; i += WRITE_CHUNK) {
    const chunk = replacements.slice(i, i + WRITE_CHUNK);
    await model.deleteMany({ _id: { $in: chunk.map((doc) => doc._id) } }).exec();
    await model.collection.insertMany(chunk, { ordered: false });
  }
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
    for (const doc of await model.find({ ...group.filter, [lookupField]: { $in: group.values } }).lean().exec()) if (isRecord(doc)) found.push(doc);
  }
  return found;
}

function add(total: ProjectionCounts, part: ProjectionCounts): void {
  total.inserted += part.inserted;
  total.updated += part.updated;
  total.deleted += part.deleted;
}

// --- the batch ---------------------------------------------------------------------------------------

const withSources = (doc: object, sources: Types.ObjectId[]): Record<string, unknown> => ({ ...doc, sources });

/** Projects a batch of mapped records (everything but grouped parts, which `rebuildGroups` handles). */
export async function projectRecords(context: ProjectionContext, records: readonly MappedRecord[]): Promise<ProjectionCounts> {
  const sites: MentionSite[] = [];
  const movements: Record<string, unknown>[] = [];
  const reports: Record<string, unknown>[] = [];
  const facilities: Record<string, unknown>[] = [];
  const projects: Record<string, unknown>[] = [];
  const vehicles: Record<string, unknown>[] = [];
  const communities: Record<string, unknown>[] = [];
  for (const record of records) {
    const sources = [record.sourceRecordId];
    for (const projection of record.projections) {
      switch (projection.target) {
        case 'party':
          sites.push({ mention: projection.mention, ref: null, defining: { sourceRecordId: record.sourceRecordId, profile: projection.profile }, partyId: null });
          break;
        case 'movement':
          sites.push(...mentionSites(projection.doc, projection.mentions));
          movements.push(withSources(projection.doc, sources));
          break;
        case 'periodReport':
          sites.push(...mentionSites(projection.doc, projection.mentions));
          reports.push(withSources(projection.doc, sources));
          break;
        case 'facility':
          sites.push(...mentionSites(projection.doc, projection.mentions));
          facilities.push(withSources(projection.doc, sources));
          break;
        case 'project':
          sites.push(...mentionSites(projection.doc, projection.mentions));
          projects.push(withSources(projection.doc, sources));
          break;
        case 'vehicle':
          sites.push(...mentionSites(projection.doc, projection.mentions));
          vehicles.push(withSources(projection.doc, sources));
          break;
        case 'community':
          communities.push(withSources(projection.doc, sources));
          break;
        case 'medicalPart':
        case 'none':
          break;
      }
    }
  }
  await resolveMentions(context.source, sites, context.seenAt);
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  add(counts, await writeKeyed(MovementModel as unknown as KeyedModel, ['stream', 'sourceKey'], movements));
  add(counts, await writeKeyed(PeriodReportModel as unknown as KeyedModel, ['source', 'kind', 'reportKey'], reports));
  add(counts, await writeKeyed(FacilityModel as unknown as KeyedModel, ['source', 'code'], facilities));
  add(counts, await writeKeyed(ProjectModel as unknown as KeyedModel, ['source', 'projectCode'], projects));
  add(counts, await writeKeyed(VehicleModel as unknown as KeyedModel, ['plate'], vehicles));
  add(counts, await writeKeyed(CommunityModel as unknown as KeyedModel, ['source', 'communityId'], communities));
  return counts;
}

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
    { stream: 1, sourceId: 1, payload: 1, file: 1, groupKey: 1 },
  )
    .sort({ groupKey: 1 })
    .lean<StoredGroupRecord>()
    .cursor({ batchSize: 1000 });
  const seen = new Set<string>();
  let chunk = new Map<string, MedicalHandoverPart[]>();
  const open = async (key: string) => {
    if (chunk.size >= RESOLVE_CHUNK) {
      add(counts, await writeGroups(context, chunk));
      chunk = new Map();
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
  }
  // groups with no record left: no parts, so their documents are deleted
  if (keys !== 'all') for (const key of keys) if (!seen.has(key)) await open(key);
  add(counts, await writeGroups(context, chunk));
  return counts;
}

/** Builds and writes the documents of a chunk of groups; a group its parts no longer make is deleted. */
async function writeGroups(context: ProjectionContext, groups: ReadonlyMap<string, MedicalHandoverPart[]>): Promise<ProjectionCounts> {
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
    movements.push(withSources(built.doc, [...sources.keys()].sort().map((hex) => sources.get(hex)!)));
  }
  await resolveMentions(context.source, sites, context.seenAt);
  add(counts, await writeKeyed(MovementModel as unknown as KeyedModel, ['stream', 'sourceKey'], movements));
  if (emptied.length > 0) {
    const removed = await MovementModel.deleteMany({ stream: context.source, kind: grouping.kind, sourceKey: { $in: emptied } }).exec();
    counts.deleted += removed.deletedCount;
  }
  return counts;
}

/**
 * Once a file version is stored completely: its path's records that this version did not deliver
 * again are retired, and what was built from them removed (reports, movements); the groups they were
 * part of are returned, for the caller to rebuild.
 */
export async function retireReplacedRecords(context: ProjectionContext, stream: string, file: SourceFileRef, at: Date): Promise<{ retired: number; counts: ProjectionCounts; groupKeys: Set<string> }> {
  const stale = await SourceRecordModel.find(
    { source: context.source, stream, 'file.path': file.path, 'file.sha256': { $ne: file.sha256 }, retiredAt: null },
    { groupKey: 1 },
  )
    .lean<Array<{ _id: Types.ObjectId; groupKey?: string | null }>>()
    .exec();
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const groupKeys = new Set<string>();
  if (stale.length === 0) return { retired: 0, counts, groupKeys };
  const ids = stale.map((r) => r._id);
  for (let i = 0; i < ids.length; i += WRITE_CHUNK) {
    const chunk = ids.slice(i, i + WRITE_CHUNK);
    const { modifiedCount } = await SourceRecordModel.updateMany({ _id: { $in: chunk } }, { $set: { retiredAt: at } }).exec();
    await addToStreamStats(new Map([[streamStatsId(context.source, stream), { liveRecords: -modifiedCount }]]));
    // a retired record delivered again is compared with what is stored, not vouched for by a fingerprint
    await FingerprintModel.deleteMany({ recordId: { $in: chunk } }).exec();
  }
  if (context.mapping.grouping?.streams.includes(stream)) {
    for (const record of stale) if (record.groupKey) groupKeys.add(record.groupKey);
  } else {
    for (let i = 0; i < ids.length; i += WRITE_CHUNK) {
      const chunk = ids.slice(i, i + WRITE_CHUNK);
      counts.deleted += (await PeriodReportModel.deleteMany({ sources: { $in: chunk } }).exec()).deletedCount;
      counts.deleted += (await MovementModel.deleteMany({ sources: { $in: chunk } }).exec()).deletedCount;
    }
  }
  return { retired: stale.length, counts, groupKeys };
}
