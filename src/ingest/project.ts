/**
 * Projection into the unified model: the I/O shell around the connectors' pure mappers. For a batch of
 * mapped records it resolves every party mention (partyRefs.ts) and writes each collection keyed by
 * its natural key (src/store/keyed.ts: equal content costs no write). Grouped records (medical
 * handovers) are rebuilt per group in groups.ts; a replaced file version's records are retired in
 * retire.ts. Every write here happens under the source's lock, whose journal scope is `sourceWriteScope`.
 */
import type { Types } from 'mongoose';
import type { Projection, SourceMapping } from '../../connectors/mapping';
import { CommunityModel } from '../model/community';
import { FacilityModel } from '../model/facility';
import { MovementModel, type Movement, type MovementQuantity, type QuantitySourceVersion } from '../model/movement';
import { PeriodReportModel } from '../model/periodReport';
import { markReportPeriodsPending, reportsOfRun } from '../model/filing';
import { ProjectModel } from '../model/project';
import type { SourceId } from '../model/reference/agencies';
import { SourceRecordModel, sourceWriteScope } from '../model/sourceRecord';
import { VehicleModel } from '../model/vehicle';
import { writeKeyed as writeKeyedDocuments, type KeyedModel } from '../store/keyed';
import { MovementListChunkModel, markMovementListStale } from '../store/movementLists';
import { finishReplacements } from '../store/replace';
import { writtenMovementsOf } from './movementLists';
import { chunks } from '../store/writes';
import { mentionSites, resolveMentions, type MentionSite } from './partyRefs';

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
  /** the record's version as stored, carried by the quantities it states; null where the store did not read it */
  sourceVersion: QuantitySourceVersion | null;
  projections: Projection[];
}

export interface ProjectionCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

/** The collections a source's sync writes, its records and its movement list included. */
const WRITTEN = [SourceRecordModel, MovementModel, PeriodReportModel, FacilityModel, ProjectModel, VehicleModel, CommunityModel, MovementListChunkModel] as unknown as KeyedModel[];

/**
 * Finishes the replacements a crashed run of the source left half done (src/store/replace.ts). Called
 * by whoever takes the source's lock, before anything is read or written.
 */
export function finishInterruptedProjections(source: SourceId): Promise<number> {
  return finishReplacements(sourceWriteScope(source), WRITTEN);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
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
 * Writes a source's drafts of one collection keyed by natural-key fields (older versions lose). Movements
 * mark the months they are written into, and those they leave, stale in the movement list first; period
 * reports mark their (kind, period), and those they leave, pending for the filings' catch-up, before and
 * after they are written.
 */
export async function writeKeyed(context: ProjectionContext, model: unknown, keyFields: readonly string[], drafts: ReadonlyArray<Record<string, unknown>>): Promise<ProjectionCounts> {
  if (drafts.length === 0) return { inserted: 0, updated: 0, deleted: 0 };
  const movements = model === MovementModel;
  const reports = model === PeriodReportModel;
  if (movements) await markMovementListStale(context.source, drafts.map((draft) => String(draft.period)));
  if (reports) await markReportPeriodsPending(drafts);
  const leftReports: Array<Record<string, unknown>> = [];
  // the sync's record of the movements it wrote: the lock's release lists them without reading them back
  const listed = movements ? writtenMovementsOf(context.source) : null;
  try {
    const written = await writeKeyedDocuments(model as KeyedModel, keyFields, drafts, {
      scope: sourceWriteScope(context.source),
      isOlder: (draft, other) => versionRankOf(draft) < versionRankOf(other),
      beforeReplace: movements
        ? (stored) => markMovementListStale(context.source, stored.map((doc) => String(doc.period)))
        : reports
          ? (stored) => {
              leftReports.push(...stored);
              return markReportPeriodsPending(stored);
            }
          : undefined,
      onWritten: listed ? (docs) => listed.note(docs) : reports ? (docs) => reportsOfRun(context.source)?.note(docs) : undefined,
    });
    // a catch-up that took the first marks before the reports were written leaves these
    if (reports) await markReportPeriodsPending([...drafts, ...leftReports]);
    return { ...written, deleted: 0 };
  } catch (error) {
    listed?.drop();
    // some of the reports may be stored, unrecorded
    if (reports) reportsOfRun(context.source)?.forget();
    throw error;
  }
}

export function add(total: ProjectionCounts, part: ProjectionCounts): void {
  total.inserted += part.inserted;
  total.updated += part.updated;
  total.deleted += part.deleted;
}

// --- the batch ---------------------------------------------------------------------------------------

export const withSources = (doc: object, sources: Types.ObjectId[]): Record<string, unknown> => ({ ...doc, sources });

/**
 * A movement whose quantities carry the versions of the records stating them (by record id, hex), so the
 * API's reference to a record answers its version without reading it. A quantity whose record's version
 * is not known carries none: the reference reads the record.
 */
export function withSourceVersions<T extends { quantities: MovementQuantity[] }>(doc: T, versions: ReadonlyMap<string, QuantitySourceVersion>): T {
  return { ...doc, quantities: doc.quantities.map((q) => (versions.has(q.sourceRecordId.toHexString()) ? { ...q, sourceVersion: versions.get(q.sourceRecordId.toHexString())! } : withoutSourceVersion(q))) };
}

/**
 * Movements whose quantities carry a version of these records that is no longer current (a new version
 * the mapping refused: the movement keeps what the old one stated) stop carrying it, so the API reads
 * the record's current version instead of answering an old one. Rare: a `sources` query per chunk.
 */
export async function forgetSourceVersions(context: ProjectionContext, recordIds: readonly Types.ObjectId[]): Promise<ProjectionCounts> {
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const forgotten = new Set(recordIds.map((id) => id.toHexString()));
  for (const chunk of chunks(recordIds)) {
    const stored = await MovementModel.find({ sources: { $in: chunk } }, { stream: 1, sourceKey: 1, period: 1, attributes: 1, quantities: 1 }).lean<Array<Pick<Movement, 'stream' | 'sourceKey' | 'period' | 'attributes' | 'quantities'>>>().exec();
    const carrying = stored.filter((doc) => doc.quantities.some((q) => q.sourceVersion && forgotten.has(q.sourceRecordId.toHexString())));
    // attributes travel along: their version rank decides whether the draft may replace the stored document
    const drafts = carrying.map((doc) => ({ ...doc, quantities: doc.quantities.map((q) => (forgotten.has(q.sourceRecordId.toHexString()) ? withoutSourceVersion(q) : q)) }));
    add(counts, await writeKeyed(context, MovementModel, ['stream', 'sourceKey'], drafts));
  }
  return counts;
}

function withoutSourceVersion({ sourceVersion: _forgotten, ...q }: MovementQuantity): MovementQuantity {
  return q;
}

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
          movements.push(withSources(record.sourceVersion ? withSourceVersions(projection.doc, new Map([[record.sourceRecordId.toHexString(), record.sourceVersion]])) : projection.doc, sources));
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
  add(counts, await writeKeyed(context, MovementModel, ['stream', 'sourceKey'], movements));
  add(counts, await writeKeyed(context, PeriodReportModel, ['source', 'kind', 'reportKey'], reports));
  add(counts, await writeKeyed(context, FacilityModel, ['source', 'code'], facilities));
  add(counts, await writeKeyed(context, ProjectModel, ['source', 'projectCode'], projects));
  add(counts, await writeKeyed(context, VehicleModel, ['plate'], vehicles));
  add(counts, await writeKeyed(context, CommunityModel, ['source', 'communityId'], communities));
  return counts;
}
