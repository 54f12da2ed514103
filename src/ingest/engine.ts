/**
 * The sync engine (DESIGN §3 "src/ingest"): for each stream of a source, read batches from its
 * connector from the saved state, and per batch store the source records (unchanged ones cost no
 * write), quarantine the rejects, project new and changed records into the unified model, retire what
 * a corrected file no longer holds, and only then save the batch's state. Every stream run is a
 * SyncRun. Retries, backoff, rate limits and the circuit breaker live in the connectors' transport
 * (connectors/http.ts); a source that stays down ends its run with a SOURCE_UNAVAILABLE error.
 *
 * Crash safety: a stream is marked in flight before its first batch is stored, and stays marked (each
 * batch's state saved with the mark) until the run stops between two batches. A run that finds the
 * mark re-reads from the saved state (nothing is lost) and projects every record of its first
 * REPLAYED_BATCHES batches, not only the changed ones: a store's projection runs while the next group's
 * records are stored, so the crash may have left two stores (a batch, or a group of small files stored
 * as one) with records stored and not projected.
 */
import type { Batch, Connector, JsonObject, RejectedRecord, SourceRecordEnvelope } from '../../connectors/contract';
import { ConnectorError } from '../../connectors/errors';
import { boundedRaw, oversizeReason, type RecordLimits } from '../../connectors/limits';
import type { SourceMapping } from '../../connectors/mapping';
import { buildConnectors, connectorById, mappingOf, type ConnectorRegistry } from '../../connectors/registry';
import { config } from '../config';
import { eachConcurrently } from '../infra/concurrency';
import { childLogger } from '../infra/log';
import type { QuarantineEntry } from '../model/quarantine';
import { SOURCES, type SourceId } from '../model/reference/agencies';
import { upsertSourceRecords, type IncomingSourceRecord, type UpsertResult } from '../model/sourceRecord';
import { SyncRunModel, type SyncCounts, type SyncError, type SyncStatus } from '../model/syncRun';
import type { SyncStateFile } from '../model/syncState';
import { recordFinishedRun } from '../store/streamStats';
import { acquireSourceLock, SyncLockedError } from './lock';
import { rebuildStaleMovementLists, refreshAllStreamsListIfStale } from './movementLists';
import { vouchStreamStats, vouchStreamStatsAhead } from './streamStats';
import { StreamQuarantine } from './openQuarantine';
import { syncLag, syncLastSuccess, syncRecords } from './metrics';
import { recordSourceOutcome } from './sourceHealth';
import { CarriedGroups, groupKeysOf, rebuildGroups, type CarriedRecord } from './groups';
import { StreamStatsModel, streamStatsId, type StreamStats } from '../store/streamStats';
import { forgetSourceVersions, projectRecords, type MappedRecord, type ProjectionContext, type ProjectionCounts } from './project';
import { retireReplacedRecords } from './retire';
import { clearGroupsPending, clearInFlight, encodeState, hasGroupsPending, loadState, markInFlight, saveEmptyState, saveState } from './state';
import { findByIds } from '../store/reads';
import { isStoreUnavailable } from '../store/writes';
import { FILING_STREAM } from '../completeness/calendar';
import { REPORT_KINDS, buildFilingsIfMissing, refreshFilings, type RefreshOptions } from '../completeness/filings';
import { KnownReceipts, RecordFilingsOfRun, beginReportsOfRun, endReportsOfRun } from '../model/filing';

const log = childLogger('ingest');

export interface BatchInfo {
  source: SourceId;
  stream: string;
  /** 1-based within the stream run; batches stored together (groupFileBatches) share one */
  index: number;
  counts: SyncCounts;
}

export interface SyncOptions {
  /** with no saved state, start from this time (ISO 8601 with offset) */
  since?: string;
  /** ignore saved state and read everything again (unchanged records still cost no write) */
  full?: boolean;
  signal?: AbortSignal;
  /** records + rejects per batch (REST: page size) */
  batchSize?: number;
  /** the instant recorded as when records and party aliases were seen; default: now */
  asOf?: Date;
  /** the connectors to use; default: built from the process configuration */
  connectors?: ConnectorRegistry;
  /** read a date range of a source's export instead of its feed (construction waybills: the nightly CSV) */
  backfill?: { from: string; to: string };
  /** only these streams of the source (default: all, in the connector's order) */
  streams?: readonly string[];
  /** per-record size limits (default: MAX_RECORD_BYTES / MAX_FIELD_BYTES of the configuration) */
  limits?: RecordLimits;
  /** BullMQ job id, recorded on the SyncRuns */
  jobId?: string | null;
  /** test and progress hooks: `afterStore` runs after a batch's records are stored, before projection */
  hooks?: {
    afterStore?: (info: BatchInfo) => void | Promise<void>;
    afterBatch?: (info: BatchInfo) => void | Promise<void>;
  };
}

export interface SyncRunSummary {
  runId: string;
  source: SourceId;
  stream: string;
  status: SyncStatus;
  counts: SyncCounts;
  /** unified documents inserted / updated / deleted by the projection */
  projected: ProjectionCounts;
  batches: number;
  cursorBefore: JsonObject | null;
  cursorAfter: JsonObject | null;
  errors: SyncError[];
  durationMs: number;
}

const isSourceId = (value: string): value is SourceId => (SOURCES as readonly string[]).includes(value);

/** Syncs one source or `all` configured sources (SYNC_CONCURRENCY at a time, the longest first: `longestFirst`). */
export async function runSync(target: string, options: SyncOptions = {}): Promise<SyncRunSummary[]> {
  const connectors = options.connectors ?? buildConnectors(config());
  const ids = target === 'all' ? await longestFirst([...connectors.keys()]) : [connectorById(connectors, target).id];
  const summaries: SyncRunSummary[] = [];
  // the receipts of the records the sources store: the filings' catch-up does not read them again
  const receipts = new KnownReceipts();
  // the counters of every source to sync that needs it, in one pass; a failure leaves it to each source's own vouch
  if (ids.length > 1) await vouchStreamStatsAhead(ids).catch((error: unknown) => log.warn({ err: error }, 'stream counters not vouched ahead'));
  // filings never built (a new database) are built before the sources write (nearly nothing to read then),
  // so the records' filings are merged as they are stored and the reports' caught up once at the end
  if (ids.length > 1) await buildFilingsIfMissing().catch((error: unknown) => log.warn({ err: error }, 'completeness filings not built ahead; the catch-up builds them'));
  // sources run SYNC_CONCURRENCY at a time, each under its own lock: one's JS runs while the store serves another's statements
  const bySource = new Map<string, SyncRunSummary[]>();
  const deferred = ids.length > 1 ? new DeferredSyncWork(ids, receipts) : null;
  const syncing = eachConcurrently(ids, target === 'all' ? config().SYNC_CONCURRENCY : 1, async (id) => {
    try {
      await syncOne(id);
    } finally {
      deferred?.sourceDone(id, bySource.get(id)?.some((s) => s.runId !== '') ?? false);
    }
  });
  try {
    await syncing;
  } finally {
    // the store down: thrown once the deferred work has ended too
    await deferred?.finish();
  }
  // in the registry's order, whichever finished first
  for (const id of connectors.keys()) summaries.push(...(bySource.get(id) ?? []));
  return summaries;

  async function syncOne(id: string): Promise<void> {
    // an aborted run returns what it did; each stream's SyncRun already records where it stopped
    if (options.signal?.aborted) return;
    try {
      const runs = await syncSource(connectorById(connectors, id), options, ids.length > 1, receipts);
      bySource.set(id, runs);
      const failed = runs.find((r) => r.status !== 'SUCCEEDED');
      if (isSourceId(id)) await trackSourceHealth(id, failed !== undefined, failed?.errors[0]?.message);
    } catch (error) {
      if (isSourceId(id) && !(error instanceof SyncLockedError)) await trackSourceHealth(id, true, error instanceof Error ? error.message : String(error));
      // `all` reports a source another process is syncing and goes on with the others
      if (target !== 'all' || !(error instanceof SyncLockedError) || !isSourceId(id)) throw error;
      log.warn({ source: id, holder: error.holder, until: error.until }, 'source locked by another sync; skipped');
      bySource.set(id, [lockedSummary(id, error)]);
    }
  }
}

/**
 * What `sync all` leaves until its sources have run, started as soon as what it needs has run, so it
 * overlaps the sources still running (the store serves it while they compute) rather than following
 * the last: the completeness filings of the period reports, in one catch-up once every source that
 * writes reports has finished (each a read of every report and of their records on the embedded
 * store); the movement lists the sources' lock releases left stale, those the syncs' records of their
 * writes cover rebuilt as each source finishes (from memory: no read of their movements), the others
 * (from one read of their movements) and the merged list once every source has run.
 */
class DeferredSyncWork {
  private readonly reportingLeft: Set<string>;
  private readonly reporting: string[] = [];
  private filings: Promise<void> | null = null;
  private readonly lists: Array<Promise<void>> = [];

  constructor(
    private readonly ids: readonly string[],
    private readonly receipts: KnownReceipts,
  ) {
    this.reportingLeft = new Set(ids.filter((id) => isSourceId(id) && writesReports(id)));
  }

  /** `id` has run (`ran`: it stored a run, it was not skipped). */
  sourceDone(id: string, ran: boolean): void {
    if (this.reportingLeft.delete(id) && ran) this.reporting.push(id);
    if (this.reportingLeft.size === 0 && !this.filings) this.filings = this.reporting.length > 0 ? catchUpFilings(this.reporting.join(','), { receipts: this.receipts }) : Promise.resolve();
    // its lists now, beside the sources still running: left to the end, they would follow the last
    this.lists.push(this.rebuildLists([id], true));
  }

  /** Ends the deferred work once every source has run: the lists left, then the merged list, and waits for all of it; a store failure of the catch-up is thrown. */
  async finish(): Promise<void> {
    const lists = Promise.allSettled(this.lists)
      .then(() => this.rebuildLists(this.ids, false))
      .then(() => refreshAllStreamsListIfStale())
      .catch((error: unknown) => log.warn({ err: error }, 'the merged movement list not rebuilt; the next lock release rebuilds it'));
    const [filings] = await Promise.allSettled([this.filings ?? Promise.resolve(), lists]);
    if (filings.status === 'rejected') throw filings.reason;
  }

  private rebuildLists(ids: readonly string[], coveredOnly: boolean): Promise<void> {
    // the merged list once, after the last source: each source's list rebuilt before would make it stale again
    return rebuildStaleMovementLists(ids, { coveredOnly, merged: false }).catch((error: unknown) => log.warn({ err: error }, 'movement lists not rebuilt; the next lock release rebuilds them'));
  }
}

/**
 * The order `sync all` starts its sources in: the longest first, so that the lanes (SYNC_CONCURRENCY)
 * end together instead of a long source starting last while the other lanes idle. A source's length
 * is its streams' last runs (the stream counters hold a copy: one small read). A source with a stream
 * never synced is a backfill and goes before any; among those, one whose documents are built from
 * several of its streams (medical handovers: ledgers, then receipts, then the handovers) first, as
 * its streams run one after another. Ties keep the registry's order.
 */
export async function longestFirst(ids: readonly string[]): Promise<string[]> {
  const streamIds = ids.flatMap((id) => (isSourceId(id) ? Object.keys(mappingOf(id).mappers).map((stream) => streamStatsId(id, stream)) : []));
  const stats = await findByIds<Pick<StreamStats, '_id' | 'lastRun'>, string>(StreamStatsModel, streamIds, { projection: { 'lastRun.startedAt': 1, 'lastRun.finishedAt': 1 }, small: true }).catch((error: unknown) => {
    log.warn({ err: error }, 'last runs not read; sources start in the registry order');
    return [];
  });
  const lastRunMs = new Map(stats.map((s) => [s._id, s.lastRun?.finishedAt ? s.lastRun.finishedAt.getTime() - s.lastRun.startedAt.getTime() : null]));
  const rank = (id: string): [number, number] => {
    if (!isSourceId(id)) return [0, 0];
    const mapping = mappingOf(id);
    const runs = Object.keys(mapping.mappers).map((stream) => lastRunMs.get(streamStatsId(id, stream)) ?? null);
    return runs.some((ms) => ms === null) ? [1, mapping.grouping ? 1 : 0] : [0, runs.reduce<number>((sum, ms) => sum + ms!, 0)];
  };
  const ranks = new Map(ids.map((id) => [id, rank(id)]));
  // a stable sort: ties keep the registry's order
  return [...ids].sort((a, b) => ranks.get(b)![0] - ranks.get(a)![0] || ranks.get(b)![1] - ranks.get(a)![1]);
}

/** The source's failure streak (src/ingest/sourceHealth.ts); Redis being down does not fail the sync. */
async function trackSourceHealth(source: SourceId, failed: boolean, problem: string | undefined): Promise<void> {
  try {
    await recordSourceOutcome(source, { failed, at: new Date(), problem });
  } catch (error) {
    log.warn({ source, err: error }, 'could not record the source health');
  }
}

/** What `sync all` reports for a source it skipped because another process is syncing it. */
function lockedSummary(source: SourceId, error: SyncLockedError): SyncRunSummary {
  return {
    runId: '',
    source,
    stream: '(locked)',
    status: 'FAILED',
    counts: zeroCounts(),
    projected: { inserted: 0, updated: 0, deleted: 0 },
    batches: 0,
    cursorBefore: null,
    cursorAfter: null,
    errors: [{ at: new Date(), message: error.message, code: error.code }],
    durationMs: 0,
  };
}

/** Whether a source's sync writes period reports the completeness filings follow (record streams follow their records). */
const writesReports = (source: SourceId) => REPORT_KINDS.some((kind) => FILING_STREAM[kind] === source);

/**
 * `deferred`: the lock's release leaves the movement list stale, and the run does not catch up the
 * completeness filings: the caller does both after its other sources.
 */
async function syncSource(connector: Connector, options: SyncOptions, deferred: boolean, receipts: KnownReceipts): Promise<SyncRunSummary[]> {
  const source = connector.id;
  if (!isSourceId(source)) throw new Error(`connector ${source} is not a source of the model (src/model/reference/agencies.ts)`);
  const mapping = mappingOf(source);
  const lock = await acquireSourceLock(source, undefined, { rebuildLists: !deferred, recordWrites: true });
  const summaries: SyncRunSummary[] = [];
  try {
    await vouchStreamStats(source);
    const streams = connector.streams.map((s) => s.name).filter((name) => !options.streams || options.streams.includes(name));
    // grouped records (medical ledger and receipt rows) build their documents once per source run,
    // after the last grouped stream, so a handover is written once with both sides
    // (all of them if an interrupted run left some waiting)
    const pending = await hasGroupsPending(source);
    const groups: GroupWork = {
      keys: pending ? 'all' : new Set(),
      rebuildAfter: streams.filter((name) => mapping.grouping?.streams.includes(name)).at(-1) ?? null,
      // the parts the run maps: the rebuild reads only the touched groups' other records, none at all
      // when the grouped streams had no live record yet (vouched counters: a first sync)
      carried: !pending && mapping.grouping ? new CarriedGroups(await noLiveRecords(source, mapping.grouping.streams)) : null,
    };
    // the run's record filings (medical drops, weigh tickets), known under its lock
    const filings = await RecordFilingsOfRun.begin(source);
    // a first sync of a source filing reports keeps them, so its catch-up reads none
    const reports = writesReports(source) ? beginReportsOfRun(source, await noLiveRecords(source, Object.keys(mapping.mappers))) : undefined;
    for (const stream of streams) {
      const summary = await syncStream(connector, source, mapping, stream, options, lock.renew, groups, writesReports(source) ? receipts : undefined, filings);
      summaries.push(summary);
      // an aborted run stops; a failed stream does not stop the source's other streams
      if (options.signal?.aborted) break;
    }
    // the completeness filings of the period reports this run wrote, under its lock; when the caller
    // defers them, still those of the kinds whose reports the run kept (they cost no read of the reports)
    const kinds = deferred ? REPORT_KINDS.filter((kind) => reports?.covers(kind)) : undefined;
    if (writesReports(source) && kinds?.length !== 0) await catchUpFilings(source, { heldSource: source, receipts, reports, kinds });
  } finally {
    endReportsOfRun(source);
    await lock.release();
  }
  return summaries;
}

/** Brings the completeness filings up to date (`heldSource`: the source whose lock the caller holds); a failure leaves it to the next calendar read. */
async function catchUpFilings(source: string, options: RefreshOptions): Promise<void> {
  try {
    await refreshFilings(options);
  } catch (error) {
    if (isStoreUnavailable(error)) throw error;
    log.warn({ source, err: error }, 'completeness filings not refreshed; the next calendar read catches up');
  }
}

/** The groups a source run's batches touched (`all` after an interrupted run), where they are rebuilt, and their parts when the run carries them. */
interface GroupWork {
  keys: Set<string> | 'all';
  rebuildAfter: string | null;
  carried: CarriedGroups | null;
}

/** Whether the streams' counters (vouched at the run's start) say none has a live record. */
async function noLiveRecords(source: SourceId, streams: readonly string[]): Promise<boolean> {
  const stats = await findByIds<Pick<StreamStats, 'liveRecords' | 'rebuiltAt'>, string>(StreamStatsModel, streams.map((stream) => streamStatsId(source, stream)), { projection: { liveRecords: 1, rebuiltAt: 1 }, small: true });
  return stats.length === streams.length && stats.every((doc) => doc.rebuiltAt !== null && doc.liveRecords === 0);
}

function zeroCounts(): SyncCounts {
  return { read: 0, new: 0, changed: 0, unchanged: 0, quarantined: 0 };
}

function errorOf(error: unknown): SyncError {
  const code = error instanceof ConnectorError ? error.code : error instanceof Error ? error.name : null;
  return { at: new Date(), message: error instanceof Error ? error.message : String(error), code };
}

function rejectEntry(source: SourceId, reject: RejectedRecord, seenAt: Date): QuarantineEntry {
  // a reject can be megabytes (a broken line, an oversized row): the entry keeps an excerpt
  return { source, stream: reject.stream, sourceKey: reject.sourceKey, reason: reject.reason, raw: boundedRaw(reject.raw), seenAt };
}

function limitsOf(options: SyncOptions): RecordLimits {
  if (options.limits) return options.limits;
  const { MAX_RECORD_BYTES, MAX_FIELD_BYTES } = config();
  return { maxRecordBytes: MAX_RECORD_BYTES, maxFieldBytes: MAX_FIELD_BYTES };
}

async function syncStream(
  connector: Connector,
  source: SourceId,
  mapping: SourceMapping,
  stream: string,
  options: SyncOptions,
  renewLock: () => Promise<void>,
  groupWork: GroupWork,
  receipts: KnownReceipts | undefined,
  filings: RecordFilingsOfRun,
): Promise<SyncRunSummary> {
  const startedAt = new Date();
  const saved = await loadState(source, stream);
  const cursorBefore = options.full ? null : saved.state;
  const run = await SyncRunModel.create({ connector: source, stream, cursorBefore: encodeState(cursorBefore), startedAt, seenAt: options.asOf ?? startedAt, jobId: options.jobId ?? null });
  const counts = zeroCounts();
  const projected: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const errors: SyncError[] = [];
  const context: ProjectionContext = { source, mapping, seenAt: options.asOf ?? startedAt };
  let cursorAfter: JsonObject | null = cursorBefore;
  let fileInProgress: SyncStateFile | null = saved.file;
  // the interrupted run may have stored two groups of batches without projecting them: the replay covers as many
  let replayLeft = saved.inFlight ? REPLAYED_BATCHES : 0;
  /** the stream is marked in flight by this run; cleared once it stops with every store projected and its state saved */
  let marked = false;
  /** stores begun whose projection and state are not saved yet */
  let unsaved = 0;
  /** the last store's projection and state save, running while the next group's records are stored */
  let projecting: Promise<void> | null = null;
  const settle = async () => {
    const previous = projecting;
    projecting = null;
    await previous;
  };
  let batches = 0;
  /** batches stored together count once (groupFileBatches) */
  let stores = 0;
  let newestChange: number | null = null;
  const grouped = mapping.grouping?.streams.includes(stream) ?? false;
  const quarantine = new StreamQuarantine(source, stream);
  const limits = limitsOf(options);
  try {
    const reads = connector.read(stream, cursorBefore, { signal: options.signal, batchSize: options.batchSize, since: options.since, limits, ...(options.backfill ? { backfill: options.backfill } : {}) });
    const projectAndSave = async (group: readonly Batch[], stored: StoredGroup, settings: BatchSettings) => {
      const outcome = await projectStoredGroup(context, stream, group, stored, settings, fileInProgress);
      fileInProgress = outcome.file;
      if (groupWork.keys !== 'all') for (const key of outcome.groupKeys) groupWork.keys.add(key);
      addCounts(projected, outcome.projected);
      if (outcome.newestChange !== null) newestChange = Math.max(newestChange ?? 0, outcome.newestChange);
      // the mark stays for the next store; cleared once the run stops with every store's state saved
      const state = group.at(-1)!.state;
      await saveState(source, stream, state, fileInProgress, true);
      unsaved -= 1;
      cursorAfter = state;
      await renewLock();
      await options.hooks?.afterBatch?.({ source, stream, index: settings.index, counts: { ...counts } });
    };
    for await (const group of readAhead(groupFileBatches(reads, options.batchSize ?? FILE_GROUP_RECORDS))) {
      batches += group.length;
      stores += 1;
      if (!marked) await markInFlight(source, stream, grouped);
      marked = true;
      const replay = replayLeft > 0;
      replayLeft = Math.max(0, replayLeft - group.length);
      const settings: BatchSettings = { replay, full: options.full ?? false, quarantine, seenAt: options.asOf, counts, hooks: options.hooks, index: stores, limits, receipts, filings, carried: grouped ? groupWork.carried : null };
      // this group's records are stored while the last group is projected (the store works while the hub computes)
      unsaved += 1;
      const storing = storeGroupRecords(context, stream, group, settings);
      storing.catch(() => undefined);
      try {
        await settle();
      } catch (error) {
        await storing.catch(() => undefined);
        throw error;
      }
      projecting = projectAndSave(group, await storing, settings);
      projecting.catch(() => undefined);
      // a group that replaced a file version retires records a later one may deliver again: it is projected first
      if (replacesFile(group, settings.full)) await settle();
      options.signal?.throwIfAborted();
    }
    await settle();
  } catch (error) {
    // a projection still running ends before the run does (its state saved, or its failure recorded)
    await settle().catch((late: unknown) => errors.push(errorOf(late)));
    errors.push(errorOf(error));
    log.warn({ source, stream, err: error }, 'sync stream stopped');
  }
  // stopped with every store projected and saved (done, or a read failed): nothing is half stored
  if (marked && unsaved === 0) {
    try {
      await clearInFlight(source, stream);
    } catch (error) {
      errors.push(errorOf(error));
    }
  }
  if (stream === groupWork.rebuildAfter && (groupWork.keys === 'all' || groupWork.keys.size > 0)) {
    try {
      addCounts(projected, await rebuildGroups(context, groupWork.keys, groupWork.carried));
      await clearGroupsPending(source);
    } catch (error) {
      errors.push(errorOf(error));
      log.warn({ source, stream, err: error }, 'rebuilding groups failed; the next run rebuilds them all');
    }
  }
  if (batches === 0 && errors.length === 0 && !saved.stored) await saveEmptyState(source, stream);
  const finishedAt = new Date();
  const status: SyncStatus = errors.length === 0 ? 'SUCCEEDED' : batches > 0 ? 'PARTIAL' : 'FAILED';
  const durationMs = finishedAt.getTime() - startedAt.getTime();
  const finished = { cursorAfter: encodeState(cursorAfter), counts, errors, status, finishedAt, durationMs };
  await SyncRunModel.updateOne({ _id: run._id }, { $set: finished }).exec();
  await recordFinishedRun({ ...run.toObject(), ...finished });
  for (const outcome of ['new', 'changed', 'unchanged', 'quarantined'] as const) syncRecords.inc({ source, stream, outcome }, counts[outcome]);
  syncRecords.inc({ source, stream, outcome: 'written' }, counts.new + counts.changed);
  if (status === 'SUCCEEDED') syncLastSuccess.set({ source, stream }, finishedAt.getTime() / 1000);
  if (newestChange !== null) syncLag.set({ source, stream }, Math.max(0, (finishedAt.getTime() - newestChange) / 1000));
  log.info({ source, stream, status, counts, projected, durationMs }, 'sync stream finished');
  return { runId: run._id.toHexString(), source, stream, status, counts, projected, batches, cursorBefore, cursorAfter, errors, durationMs };
}

/** Batches of whole files stored together at most. */
export const FILE_GROUP_BATCHES = 16;
/** Records (and rejects) of whole files stored together at most, unless the run sets a batch size. */
const FILE_GROUP_RECORDS = 1000;
/**
 * Batches a run that finds the in-flight mark projects in full: a crash can leave two stores unprojected
 * (one being projected, the next one's records being stored), each a group of up to FILE_GROUP_BATCHES.
 */
const REPLAYED_BATCHES = 2 * FILE_GROUP_BATCHES;

/**
 * Consecutive batches that each end a file (a small file is one batch), together, up to
 * FILE_GROUP_BATCHES batches and `maxRecords` records and rejects, none of one path twice; every other
 * batch alone. A file source delivering many small files (a hospital's monthly ledger each) then costs
 * one store of records, one projection and one state write per group, not per file.
 */
export async function* groupFileBatches(batches: AsyncIterable<Batch>, maxRecords: number): AsyncGenerator<Batch[]> {
  let group: Batch[] = [];
  let size = 0;
  for await (const batch of batches) {
    const batchSize = batch.records.length + batch.rejects.length;
    const joins = (version: Batch['fileVersion']) => version?.complete === true && group.length < FILE_GROUP_BATCHES && size + batchSize <= maxRecords && !group.some((b) => b.fileVersion!.path === version.path);
    if (group.length > 0 && !joins(batch.fileVersion)) {
      yield group;
      group = [];
      size = 0;
    }
    if (batch.fileVersion?.complete !== true) {
      yield [batch];
      continue;
    }
    group.push(batch);
    size += batchSize;
  }
  if (group.length > 0) yield group;
}

/**
 * Whether a file version read whole replaces an earlier one, so its projection retires what the new one
 * no longer holds: a file never read before replaces nothing (unless the state was dropped: --full).
 */
function replacesEarlierVersion(version: NonNullable<Batch['fileVersion']>, full: boolean): boolean {
  return version.complete && !version.fileRejected && (version.previousSha256 !== null || full);
}

/** Whether a group finishes a file version that replaces an earlier one. */
function replacesFile(group: readonly Batch[], full: boolean): boolean {
  return group.some(({ fileVersion }) => fileVersion !== undefined && replacesEarlierVersion(fileVersion, full));
}

/**
 * What `batches` yields, with the next one asked for as soon as one is handed out: the connector reads
 * and parses the next batch while the engine stores this one (nothing it reads depends on the store).
 * Batches are still stored in order, one group at a time (groupFileBatches), each group's state saved
 * after its projection.
 */
export async function* readAhead<T>(batches: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // a failure of the read ahead is thrown when its batch is asked for, not as an unhandled rejection
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}

function addCounts(total: ProjectionCounts, part: ProjectionCounts): void {
  total.inserted += part.inserted;
  total.updated += part.updated;
  total.deleted += part.deleted;
}

interface BatchSettings {
  replay: boolean;
  /** the run ignores saved state (`--full`) */
  full: boolean;
  quarantine: StreamQuarantine;
  seenAt: Date | undefined;
  counts: SyncCounts;
  index: number;
  hooks: SyncOptions['hooks'];
  limits: RecordLimits;
  receipts: KnownReceipts | undefined;
  filings: RecordFilingsOfRun;
  /** a grouped stream's: the parts its run carries (groups.ts) */
  carried: CarriedGroups | null;
}

function incoming(source: SourceId, record: SourceRecordEnvelope, batch: Batch, mapping: SourceMapping, seenAt: Date | undefined): IncomingSourceRecord {
  const file = batch.fileVersion ? { path: batch.fileVersion.path, sha256: batch.fileVersion.sha256 } : undefined;
  const grouped = mapping.grouping?.streams.includes(record.stream);
  return {
    source,
    stream: record.stream,
    sourceId: record.sourceId,
    payload: record.payload,
    ...(seenAt ? { seenAt } : {}),
    ...(file ? { file } : {}),
    ...(grouped ? { groupKey: mapping.grouping!.keyOf(record.stream, record.payload) } : {}),
  };
}

/** A group's records as stored, waiting for their projection. */
interface StoredGroup {
  /** the records to map: new and changed ones (every one in a replay) */
  toMap: Array<{ envelope: SourceRecordEnvelope; id: UpsertResult['id']; outcome: UpsertResult['outcome']; version: UpsertResult['version']; hash: string; rejectedBefore: boolean }>;
  /** rejects, oversized records and records the store refused */
  quarantine: QuarantineEntry[];
  newestChange: number | null;
  at: Date;
}

/**
 * Stores the records of a group of consecutive batches (groupFileBatches: whole small files; any other
 * batch alone) in one write; `projectStoredGroup` then projects them and finishes each batch's file.
 */
async function storeGroupRecords(context: ProjectionContext, stream: string, group: readonly Batch[], settings: BatchSettings): Promise<StoredGroup> {
  const { source, mapping } = context;
  const { counts } = settings;
  const now = new Date();
  const quarantine: QuarantineEntry[] = [];
  // the last guard before the store, whatever the connector: a record over the limits is quarantined
  const records: SourceRecordEnvelope[] = [];
  const arrivals: IncomingSourceRecord[] = [];
  for (const batch of group) {
    counts.read += batch.records.length + batch.rejects.length;
    for (const reject of batch.rejects) quarantine.push(rejectEntry(source, reject, now));
    for (const record of batch.records) {
      const oversize = oversizeReason(record.payload, settings.limits);
      if (oversize === null) {
        records.push(record);
        arrivals.push(incoming(source, record, batch, mapping, settings.seenAt));
      } else quarantine.push({ source, stream, sourceKey: record.sourceId, reason: `oversized: ${oversize}`, raw: boundedRaw(record.payload), seenAt: now });
    }
  }
  // a replayed batch may have stored fingerprints without their records: it compares every record
  const stored = await storeRecordsIsolated(
    arrivals,
    { verify: settings.replay, receipts: settings.receipts, filings: settings.filings },
    (record, error) => quarantine.push({ source, stream, sourceKey: record.sourceId, reason: `store: ${error instanceof Error ? error.message : String(error)}`, raw: boundedRaw(record.payload), seenAt: now }),
  );
  const toMap: StoredGroup['toMap'] = [];
  let newestChange: number | null = null;
  stored.forEach((result, i) => {
    if (result === null) return;
    const envelope = records[i]!;
    counts[result.outcome] += 1;
    // an unchanged record its mapping refused before: a fixed mapping takes it now
    const retry = result.outcome === 'unchanged' && result.mappingRejected === true;
    if (result.outcome !== 'unchanged' || result.revived || settings.replay || retry) toMap.push({ envelope, id: result.id, outcome: result.outcome, version: result.version, hash: result.hash, rejectedBefore: result.mappingRejected === true });
    const changedAt = envelope.updatedAt ? Date.parse(envelope.updatedAt) : NaN;
    if (!Number.isNaN(changedAt)) newestChange = Math.max(newestChange ?? 0, changedAt);
  });
  await settings.hooks?.afterStore?.({ source, stream, index: settings.index, counts: { ...counts } });
  return { toMap, quarantine, newestChange, at: now };
}

/** Maps and projects a stored group's records, quarantines what it must, and finishes each batch's file, in order; `file`: the file in progress before the group. */
async function projectStoredGroup(
  context: ProjectionContext,
  stream: string,
  group: readonly Batch[],
  { toMap, quarantine, newestChange, at: now }: StoredGroup,
  settings: BatchSettings,
  file: SyncStateFile | null,
): Promise<{ projected: ProjectionCounts; file: SyncStateFile | null; newestChange: number | null; groupKeys: Set<string> }> {
  const { source, mapping } = context;
  const { counts } = settings;
  const mapper = mapping.mappers[stream];
  if (!mapper) throw new Error(`no mapper for ${source}/${stream} (connectors/${source}/map.ts)`);
  const mapped: MappedRecord[] = [];
  const mappedIds: string[] = [];
  const unmarked: UpsertResult['id'][] = [];
  const refused: UpsertResult['id'][] = [];
  // records whose new version the mapping refused: their movements still carry the old one
  const refusedChanged: UpsertResult['id'][] = [];
  // a grouped stream's records as the run's carry takes them (stored group key, parts or refusal)
  const carried: CarriedRecord[] = [];
  for (const { envelope, id, outcome, version, hash, rejectedBefore } of toMap) {
    const result = mapper(envelope.payload, { source, stream, sourceId: envelope.sourceId, sourceRecordId: id, origin: envelope.origin });
    let record: MappedRecord | null = null;
    if (result.ok) {
      record = { sourceRecordId: id, sourceId: envelope.sourceId, sourceVersion: version === null ? null : { source, stream, version, hash }, projections: result.projections };
      mapped.push(record);
      mappedIds.push(envelope.sourceId);
      if (rejectedBefore) unmarked.push(id);
    } else {
      quarantine.push({ source, stream, sourceKey: envelope.sourceId, reason: `mapping: ${result.reason}`, raw: envelope.payload, seenAt: now });
      refused.push(id);
      if (outcome === 'changed') refusedChanged.push(id);
    }
    if (settings.carried) carried.push({ id, groupKey: mapping.grouping?.keyOf(stream, envelope.payload) ?? null, mapped: record });
  }
  counts.quarantined += quarantine.length;
  await settings.quarantine.add(quarantine);
  await settings.quarantine.mappingRejected(refused, now);
  // a record that arrives valid under a key that was quarantined is the corrected version
  await settings.quarantine.passed(mappedIds, unmarked);

  const projected = await projectRecords(context, mapped);
  if (refusedChanged.length > 0) addCounts(projected, await forgetSourceVersions(context, refusedChanged));
  const groupKeys = groupKeysOf(mapped);
  settings.carried?.note(carried);

  for (const { fileVersion: version } of group) {
    if (!version) continue;
    if (!file || file.path !== version.path || file.sha256 !== version.sha256) file = { path: version.path, sha256: version.sha256, startedAt: now };
    if (!version.complete) continue;
    if (!version.fileRejected) {
      if (replacesEarlierVersion(version, settings.full)) {
        const retired = await retireReplacedRecords(context, stream, { path: version.path, sha256: version.sha256 }, now);
        addCounts(projected, retired.counts);
        for (const key of retired.groupKeys) groupKeys.add(key);
        // retired records leave their groups: the rebuild reads what is live
        if (retired.retired > 0) settings.carried?.drop();
      }
      await settings.quarantine.fileFinished(version.path, file.startedAt);
    }
    file = null;
  }
  return { projected, file, newestChange, groupKeys };
}

/**
 * Stores a batch's records; when the batch write fails, stores them one by one so a record the store
 * refuses (a document over its size limit, say) costs only itself: it is handed to `onRefused` and
 * its slot in the result is null. An error that every record hits (the store is down) is thrown.
 */
async function storeRecordsIsolated(
  batch: readonly IncomingSourceRecord[],
  options: { verify: boolean; receipts: KnownReceipts | undefined; filings: RecordFilingsOfRun },
  onRefused: (record: IncomingSourceRecord, error: unknown) => void,
): Promise<Array<UpsertResult | null>> {
  try {
    return await upsertSourceRecords(batch, options);
  } catch (batchError) {
    if (!isRecordError(batchError)) throw batchError;
    log.warn({ err: batchError, records: batch.length }, 'batch write failed; storing its records one by one');
    const results: Array<UpsertResult | null> = [];
    for (const record of batch) {
      try {
        // the failed batch may have written some fingerprints: compare every record
        results.push((await upsertSourceRecords([record], { ...options, verify: true }))[0]!);
      } catch (error) {
        if (!isRecordError(error)) throw error;
        onRefused(record, error);
        results.push(null);
      }
    }
    return results;
  }
}

/** A write error caused by the record itself (too large, invalid), not by the store being unavailable. */
function isRecordError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // the store down (or a timeout) fails every record alike: one by one would wait once per record
  if (isStoreUnavailable(error) || /Timeout/.test(error.name)) return false;
  return true;
}
