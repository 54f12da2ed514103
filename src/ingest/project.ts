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
import { PartyModel, type PartyLicence } from '../model/party';
import { PeriodReportModel } from '../model/periodReport';
import { ProjectModel } from '../model/project';
import type { SourceId } from '../model/reference/agencies';
import { SourceRecordModel, type RawPayload, type SourceFileRef } from '../model/sourceRecord';
import { validateUscc } from '../model/validators';
import { VehicleModel } from '../model/vehicle';
import { resolveParties, type PartyObservationInput } from '../resolve/resolver';
import { identityKey } from '../resolve/normalise';

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
    const validUsccs = [...new Set(nameless.map((s) => validateUscc(s.mention.uscc)).flatMap((r) => (r.ok ? [r.value] : [])))];
    const known = new Map<string, string>();
    for (let i = 0; i < validUsccs.length; i += RESOLVE_CHUNK) {
      const keys = validUsccs.slice(i, i + RESOLVE_CHUNK).map(identityKey.uscc);
      const parties = await PartyModel.find({ identityKeys: { $in: keys }, status: { $ne: 'MERGED' } }, { uscc: 1, name: 1 }).lean<Array<{ uscc: string | null; name: string }>>().exec();
      for (const party of parties) if (party.uscc) known.set(party.uscc, party.name);
    }
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

/** JSON with sorted keys, ObjectIds as hex and Dates as ISO text: equal content ⇔ equal text. */
export function stableJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (isRecord(value) && typeof (value as { toHexString?: unknown }).toHexString === 'function') {
    return JSON.stringify((value as unknown as Types.ObjectId).toHexString());
  }
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface KeyedModel {
  find(filter: Record<string, unknown>): { lean(): { exec(): Promise<unknown[]> } };
  insertMany(docs: Record<string, unknown>[], options: { ordered: boolean }): Promise<unknown>;
  deleteMany(filter: Record<string, unknown>): { exec(): Promise<unknown> };
  collection: { insertMany(docs: Record<string, unknown>[], options: { ordered: boolean }): Promise<unknown> };
}

/**
 * Writes drafts keyed by natural-key fields: the last field is looked up with `$in` per value of the
 * others (normally one query per batch), new documents are inserted, documents whose fields differ are
 * updated by _id, and equal ones are left alone.
 */
async function writeKeyed(model: KeyedModel, keyFields: readonly string[], drafts: ReadonlyArray<Record<string, unknown>>): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  if (drafts.length === 0) return counts;
  const keyOf = (doc: Record<string, unknown>) => keyFields.map((f) => String(doc[f])).join('\u0000');
  const unique = new Map<string, Record<string, unknown>>();
  for (const draft of drafts) unique.set(keyOf(draft), draft);

  const lookupField = keyFields[keyFields.length - 1]!;
  const groups = new Map<string, { filter: Record<string, unknown>; values: unknown[] }>();
  for (const draft of unique.values()) {
    const prefix = keyFields.slice(0, -1);
    const groupKey = prefix.map((f) => String(draft[f])).join('\u0000');
    const group = groups.get(groupKey) ?? { filter: Object.fromEntries(prefix.map((f) => [f, draft[f]])), values: [] };
    group.values.push(draft[lookupField]);
    groups.set(groupKey, group);
  }
  const existing = new Map<string, Record<string, unknown>>();
  for (const group of groups.values()) {
    const found = await model.find({ ...group.filter, [lookupField]: { $in: group.values } }).lean().exec();
    for (const doc of found) if (isRecord(doc)) existing.set(keyOf(doc), doc);
  }

  const inserts: Record<string, unknown>[] = [];
  const replacements: Record<string, unknown>[] = [];
  const now = new Date();
  for (const [key, draft] of unique) {
    const stored = existing.get(key);
    if (!stored) {
      inserts.push(draft);
      continue;
    }
    // only the fields that differ are written
    const changed = Object.fromEntries(Object.entries(draft).filter(([field, value]) => stableJson(stored[field]) !== stableJson(value)));
    if (Object.keys(changed).length > 0) replacements.push({ ...stored, ...changed, updatedAt: now });
  }
  for (let i = 0; i < inserts.length; i += WRITE_CHUNK) await model.insertMany(inserts.slice(i, i + WRITE_CHUNK), { ordered: false });
  // FerretDB v1 scans the collection for every update, even by _id, while a delete by `_id $in` and an
  // insert are cheap: a changed document is replaced by itself with the new fields (same _id, createdAt
  // and fields the draft does not own, such as linkedMovementIds). A crash in between leaves it missing
  // until the interrupted batch is replayed (engine.ts), which inserts it again.
  for (let i = 0; i < replacements.length; i += WRITE_CHUNK) {
    const chunk = replacements.slice(i, i + WRITE_CHUNK);
    await model.deleteMany({ _id: { $in: chunk.map((doc) => doc._id) } }).exec();
    await model.collection.insertMany(chunk, { ordered: false });
  }
  counts.inserted = inserts.length;
  counts.updated = replacements.length;
  return counts;
}

function add(total: ProjectionCounts, part: ProjectionCounts): void {
  total.inserted += part.inserted;
  total.updated += part.updated;
  total.deleted += part.deleted;
}

// --- party profiles ---------------------------------------------------------------------------------

type ProfileFields = Pick<PartyProfile, 'address' | 'industryCode' | 'aboveDesignatedSize' | 'institution'> & { licences?: PartyLicence[] };

/** The profile fields a registry row changes on a party, merged into what the party has. */
export function profileChanges(stored: ProfileFields, profile: PartyProfile): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of ['address', 'industryCode', 'aboveDesignatedSize', 'institution'] as const) {
    if (profile[field] !== undefined && stableJson(profile[field]) !== stableJson(stored[field])) changes[field] = profile[field];
  }
  if (profile.licences && profile.licences.length > 0) {
    const stated = new Set(profile.licences.map((l) => `${l.kind}|${l.number}`));
    const merged = [...(stored.licences ?? []).filter((l) => !stated.has(`${l.kind}|${l.number}`)), ...profile.licences];
    if (stableJson(merged) !== stableJson(stored.licences ?? [])) changes.licences = merged;
  }
  return changes;
}

async function applyProfiles(sites: MentionSite[]): Promise<number> {
  const byParty = new Map<string, { id: Types.ObjectId; profile: PartyProfile }>();
  for (const site of sites) {
    if (!site.defining || !site.partyId) continue;
    const entry = byParty.get(site.partyId.toHexString()) ?? { id: site.partyId, profile: {} };
    entry.profile = { ...entry.profile, ...site.defining.profile, licences: [...(entry.profile.licences ?? []), ...(site.defining.profile.licences ?? [])] };
    byParty.set(site.partyId.toHexString(), entry);
  }
  if (byParty.size === 0) return 0;
  for (let attempt = 1; ; attempt++) {
    const stored = await PartyModel.find({ _id: { $in: [...byParty.values()].map((e) => e.id) } }, { address: 1, industryCode: 1, aboveDesignatedSize: 1, institution: 1, licences: 1, revision: 1 })
      .lean<Array<ProfileFields & { _id: Types.ObjectId; revision: number }>>()
      .exec();
    const writes = stored.flatMap((party) => {
      const changes = profileChanges(party, byParty.get(party._id.toHexString())!.profile);
      if (Object.keys(changes).length === 0) return [];
      // the resolver guards parties by revision; so does this write, so neither overwrites the other
      return [{ updateOne: { filter: { _id: party._id, revision: party.revision }, update: { $set: changes, $inc: { revision: 1 } } } }];
    });
    if (writes.length === 0) return 0;
    const result = await PartyModel.bulkWrite(writes, { ordered: false });
    if (result.matchedCount === writes.length || attempt >= 3) return result.modifiedCount;
  }
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
  counts.updated += await applyProfiles(sites);
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
  stream: string;
  sourceId: string;
  payload: RawPayload;
  file: SourceFileRef | null;
}

/**
 * Rebuilds each group (one medical handover per 转移联单号) from all its current, unretired records:
 * a group left without records loses its document.
 */
export async function rebuildGroups(context: ProjectionContext, keys: ReadonlySet<string>): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const grouping = context.mapping.grouping;
  if (!grouping || keys.size === 0) return counts;
  const all = [...keys].sort();
  for (let i = 0; i < all.length; i += RESOLVE_CHUNK) {
    const chunk = all.slice(i, i + RESOLVE_CHUNK);
    const stored = await SourceRecordModel.find(
      { source: context.source, groupKey: { $in: chunk }, retiredAt: null, stream: { $in: [...grouping.streams] } },
      { stream: 1, sourceId: 1, payload: 1, file: 1 },
    )
      .lean<StoredGroupRecord[]>()
      .exec();
    const parts = new Map<string, MedicalHandoverPart[]>(chunk.map((key) => [key, []]));
    for (const record of stored) {
      const mapper = context.mapping.mappers[record.stream];
      const mapped = mapper?.(record.payload as JsonObject, {
        source: context.source,
        stream: record.stream,
        sourceId: record.sourceId,
        sourceRecordId: record._id,
        origin: record.file ? { path: record.file.path, line: 0 } : undefined,
      });
      // a record its mapper refuses was quarantined when it arrived; it contributes nothing
      if (!mapped?.ok) continue;
      for (const p of mapped.projections) if (p.target === 'medicalPart') parts.get(p.part.manifestNo)?.push(p.part);
    }
    const sites: MentionSite[] = [];
    const movements: Record<string, unknown>[] = [];
    const emptied: string[] = [];
    for (const [key, groupParts] of parts) {
      const built = grouping.build(key, groupParts);
      if (!built) {
        emptied.push(key);
        continue;
      }
      sites.push(...mentionSites(built.doc, built.mentions));
      const sources = [...new Set(groupParts.map((p) => p.sourceRecordId.toHexString()))].sort().map((hex) => groupParts.find((p) => p.sourceRecordId.toHexString() === hex)!.sourceRecordId);
      movements.push(withSources(built.doc, sources));
    }
    await resolveMentions(context.source, sites, context.seenAt);
    add(counts, await writeKeyed(MovementModel as unknown as KeyedModel, ['stream', 'sourceKey'], movements));
    if (emptied.length > 0) {
      const removed = await MovementModel.deleteMany({ stream: context.source, kind: grouping.kind, sourceKey: { $in: emptied } }).exec();
      counts.deleted += removed.deletedCount;
    }
  }
  return counts;
}

/**
 * Once a file version is stored completely: its path's records that this version did not deliver
 * again are retired, and what was built from them removed (reports, movements) or rebuilt (groups).
 */
export async function retireReplacedRecords(context: ProjectionContext, stream: string, file: SourceFileRef, at: Date): Promise<{ retired: number; counts: ProjectionCounts }> {
  const stale = await SourceRecordModel.find(
    { source: context.source, stream, 'file.path': file.path, 'file.sha256': { $ne: file.sha256 }, retiredAt: null },
    { groupKey: 1 },
  )
    .lean<Array<{ _id: Types.ObjectId; groupKey?: string | null }>>()
    .exec();
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  if (stale.length === 0) return { retired: 0, counts };
  const ids = stale.map((r) => r._id);
  for (let i = 0; i < ids.length; i += WRITE_CHUNK) {
    await SourceRecordModel.updateMany({ _id: { $in: ids.slice(i, i + WRITE_CHUNK) } }, { $set: { retiredAt: at } }).exec();
  }
  if (context.mapping.grouping?.streams.includes(stream)) {
    const keys = new Set(stale.flatMap((r) => (r.groupKey ? [r.groupKey] : [])));
    add(counts, await rebuildGroups(context, keys));
  } else {
    for (let i = 0; i < ids.length; i += WRITE_CHUNK) {
      const chunk = ids.slice(i, i + WRITE_CHUNK);
      counts.deleted += (await PeriodReportModel.deleteMany({ sources: { $in: chunk } }).exec()).deletedCount;
      counts.deleted += (await MovementModel.deleteMany({ sources: { $in: chunk } }).exec()).deletedCount;
    }
  }
  return { retired: stale.length, counts };
}
