/** Sources, sync runs, quarantine and the manual sync trigger (schema/sources.graphql). */
import { randomUUID } from 'node:crypto';
import type { FilterQuery, Types } from 'mongoose';
import { connectorDefinitions } from '../../../connectors/registry';
import type { Caller } from '../../auth/roles';
import { config } from '../../config';
import { decodeState } from '../../ingest/state';
import { readStreamStats } from '../../ingest/streamStats';
import { QuarantineModel, type Quarantine } from '../../model/quarantine';
import { SyncRunModel, type SyncRun } from '../../model/syncRun';
import { streamStatsId, type StreamStats } from '../../store/streamStats';
import { badInput } from '../errors';
import { paginate, type SortKey } from '../connections';
import { readableStreams } from '../streamScope';
import type { QuarantineFilter, Resolvers, SourceHealth, SourceUrlKind } from '../generated/resolvers';
import { escapeRegex } from '../../reconcile/flagQuery';

export type SyncRunParent = SyncRun & { _id: Types.ObjectId };
export type QuarantineParent = Quarantine & { _id: Types.ObjectId };

export interface SourceStreamParent {
  name: string;
  description: string;
  lastRun: SyncRunParent | null;
  lastSuccessAt: Date | null;
  recordCount: number;
  openQuarantine: number;
}

export interface SourceParent {
  id: string;
  name: string;
  urlKind: SourceUrlKind;
  health: SourceHealth;
  lastRunAt: Date | null;
  lastSuccessAt: Date | null;
  lagSeconds: number | null;
  lastError: string | null;
  recordCount: number;
  quarantine: { open: number; resolved: number };
  streams: SourceStreamParent[];
}

/** The systems' names (shared/sources/README.md). */
const SOURCE_NAMES: Readonly<Record<string, string>> = {
  industrial: '固体废物管理信息系统 (industrial solid & hazardous waste platform)',
  household: '生活垃圾全流程管理平台 (household-garbage registry)',
  construction: '建筑垃圾电子运单系统 (construction-waste e-waybills)',
  medical: '医疗废物台账 (medical-waste ledgers and receipts)',
  taxstat: '环保税申报 + 环境统计 + 经济统计 (tax and statistics feeds)',
};

function urlOf(id: string): string | undefined {
  const settings = config();
  const urls: Readonly<Record<string, string | undefined>> = {
    industrial: settings.SOURCE_INDUSTRIAL_URL,
    household: settings.SOURCE_HOUSEHOLD_URL,
    construction: settings.SOURCE_CONSTRUCTION_URL,
    medical: settings.SOURCE_MEDICAL_URL,
    taxstat: settings.SOURCE_TAXSTAT_URL,
  };
  return urls[id];
}

/** Pure: a source's health from its streams' last finished runs. */
export function healthOf(lastRuns: ReadonlyArray<Pick<SyncRun, 'status' | 'errors'> | null>): SourceHealth {
  const runs = lastRuns.filter((run): run is Pick<SyncRun, 'status' | 'errors'> => run !== null);
  if (runs.length === 0) return 'UNKNOWN';
  if (runs.some((run) => run.status !== 'SUCCEEDED' && run.errors.some((e) => e.code === 'SOURCE_UNAVAILABLE'))) return 'DOWN';
  if (runs.some((run) => run.status !== 'SUCCEEDED')) return 'DEGRADED';
  return runs.length === lastRuns.length ? 'OK' : 'DEGRADED';
}

/** A source as its streams' counters show it (src/store/streamStats.ts): no query of its own. */
function sourceParent(id: string, streams: ReadonlyArray<{ name: string; description: string }>, stats: ReadonlyMap<string, StreamStats>): SourceParent {
  const url = urlOf(id);
  const streamParents: SourceStreamParent[] = streams.map((stream) => {
    const counters = stats.get(streamStatsId(id, stream.name));
    return {
      name: stream.name,
      description: stream.description,
      lastRun: counters?.lastRun ?? null,
      lastSuccessAt: counters?.lastSuccessAt ?? null,
      recordCount: counters?.liveRecords ?? 0,
      openQuarantine: counters?.openQuarantine ?? 0,
    };
  });
  const successes = streamParents.map((s) => s.lastSuccessAt);
  const lastSuccessAt = successes.length > 0 && successes.every((d): d is Date => d !== null) ? new Date(Math.min(...successes.map((d) => d.getTime()))) : null;
  const runs = streamParents.map((s) => s.lastRun);
  const lastRunAt = runs.reduce<Date | null>((latest, run) => (run && (!latest || run.startedAt > latest) ? run.startedAt : latest), null);
  const lastError = runs.flatMap((run) => run?.errors ?? []).sort((a, b) => b.at.getTime() - a.at.getTime())[0]?.message ?? null;
  return {
    id,
    name: SOURCE_NAMES[id] ?? id,
    urlKind: !url ? 'NONE' : url.startsWith('file:') ? 'FILE' : 'HTTP',
    health: healthOf(runs),
    lastRunAt,
    lastSuccessAt,
    lagSeconds: lastSuccessAt ? Math.max(0, Math.round((Date.now() - lastSuccessAt.getTime()) / 1000)) : null,
    lastError,
    recordCount: streamParents.reduce((n, s) => n + s.recordCount, 0),
    quarantine: {
      open: streamParents.reduce((n, s) => n + s.openQuarantine, 0),
      // every stream of the source, also one its connector no longer maps
      resolved: [...stats.values()].filter((s) => s.source === id).reduce((n, s) => n + s.resolvedQuarantine, 0),
    },
    streams: streamParents,
  };
}

const SYNC_RUNS_NEWEST_FIRST: SortKey<SyncRun> = { name: 'syncRuns', field: 'startedAt', direction: -1, kind: 'date' };
export const QUARANTINE_LAST_SEEN_FIRST: SortKey<Quarantine> = { name: 'quarantine', field: 'lastSeenAt', direction: -1, kind: 'date' };

/** The entries `quarantine(filter)` lists (and /exports/quarantine exports): the caller's sources only. */
export function quarantineQuery(caller: Caller, filter: QuarantineFilter): FilterQuery<Quarantine> {
  const visible = readableStreams(caller);
  const source = filter.source;
  const match: FilterQuery<Quarantine> = { source: source ? ((visible as readonly string[]).includes(source) ? source : { $in: [] }) : { $in: visible } };
  if (filter.stream) match.stream = filter.stream;
  if (filter.reason) match.reason = { $regex: escapeRegex(filter.reason), $options: 'i' };
  if (filter.resolved === true) match.resolvedAt = { $ne: null };
  if (filter.resolved === false) match.resolvedAt = null;
  return match;
}


export const sourceResolvers: Resolvers = {
  Query: {
    sources: async () => {
      const stats = await readStreamStats();
      return connectorDefinitions.map((definition) => sourceParent(definition.id, streamsOf(definition.id), stats));
    },
    syncRuns: async (_parent, { source, stream, first, after }, { caller }) => {
      // a source outside the caller's streams is narrowed away, as lists do (streamScope.ts)
      const visible = readableStreams(caller!);
      const match: FilterQuery<SyncRun> = { connector: source ? ((visible as readonly string[]).includes(source) ? source : { $in: [] }) : { $in: visible } };
      if (stream) match.stream = stream;
      const page = await paginate(SyncRunModel, match, SYNC_RUNS_NEWEST_FIRST, { first, after });
      return { edges: page.edges, pageInfo: page.pageInfo, totalCount: await page.count() };
    },
    quarantine: async (_parent, { filter, first, after }, { caller }) => {
      const page = await paginate(QuarantineModel, quarantineQuery(caller!, filter ?? {}), QUARANTINE_LAST_SEEN_FIRST, { first, after });
      return { edges: page.edges, pageInfo: page.pageInfo, totalCount: await page.count() };
    },
  },
  Mutation: {
    triggerSync: async (_parent, { source, full }, { caller, jobs }) => {
      if (source !== 'all' && !connectorDefinitions.some((d) => d.id === source)) {
        throw badInput(`unknown source ${source}; sources: all, ${connectorDefinitions.map((d) => d.id).join(', ')}`, 'source');
      }
      const jobId = `manual-${randomUUID()}`;
      await jobs.enqueue('sync', { source, ...(full ? { full: true } : {}) }, jobId, { origin: 'manual', requestedBy: caller!.keyId });
      return jobId;
    },
  },
  SyncRun: {
    id: (run) => run._id.toHexString(),
    source: (run) => run.connector,
    cursorBefore: (run) => decodeState(run.cursorBefore),
    cursorAfter: (run) => decodeState(run.cursorAfter),
  },
  QuarantineEntry: {
    id: (entry) => entry._id.toHexString(),
    raw: (entry) => entry.raw ?? null,
  },
};

/** A source's streams as its connector declares them (without building the connector). */
function streamsOf(id: string): Array<{ name: string; description: string }> {
  return STREAM_CATALOGUE[id] ?? [];
}

const STREAM_CATALOGUE: Readonly<Record<string, Array<{ name: string; description: string }>>> = Object.fromEntries(
  connectorDefinitions.map((definition) => [definition.id, Object.keys(definition.mapping.mappers).map((name) => ({ name, description: name }))]),
);
