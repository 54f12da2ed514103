/**
 * The monthly close (DESIGN §8): final sync of every source → full reconciliation of the month →
 * indicators → the month frozen as version N (a copy of its live IndicatorValues, which become the
 * `current` ones). Late data makes the month dirty; closing it again freezes version N+1 and version N
 * stays queryable. Sync and reconciliation are injected (built in src/ingest and src/reconcile), so the
 * orchestration is testable on its own. A close killed at any point is finished by the next run (see
 * closePeriod).
 */
import { acquireLockWaiting, LockTimeoutError } from '../infra/lock';
import { IndicatorValueModel, LIVE_VERSION, type IndicatorValue, type IndicatorValueRecord, type ValueActor } from './indicatorValueModel';
import { computeIndicators, type ComputeIndicatorsResult } from './engine';
import { clearLateDataFlags } from './lateData';
import { PeriodModel, type PendingClose, type PeriodRecord } from './periodModel';
import { parsePeriod } from './periods';
import { raisePriorityRevision } from './prioritySnapshot';
import { indicatorRevisedEvent, periodClosedEvent, type IndicatorRevision } from '../webhooks/events';
import { recordEvents } from '../webhooks/outbox';
import { CodedError } from '../errors';

/** The three steps of a close, in order; a fault hook runs after each (tests kill a close there). */
export type CloseStep = 'claim' | 'freeze' | 'publish';

export interface CloseSteps {
  /** final sync of every source (src/ingest `runSync` for all sources) */
  syncAll?: (context: { period: string }) => Promise<unknown>;
  /** full reconciliation of the month (src/reconcile `runReconciliation`) */
  reconcile?: (context: { period: string; full: true }) => Promise<unknown>;
  /** defaults to computeIndicators */
  computeIndicators?: typeof computeIndicators;
  now?: () => Date;
  /** called after each step has been written: fault injection (a throw here is a crash at that point) */
  afterStep?: (step: CloseStep, context: { period: string; version: number }) => Promise<void> | void;
  /** how long to wait for another close of the month to finish (default one hour) */
  lockWaitMs?: number;
}

export interface CloseResult {
  period: string;
  version: number;
  /** false when the month was already closed and nothing changed since: no new version */
  newVersion: boolean;
  indicatorValues: number;
  sync: unknown;
  reconcile: unknown;
  indicators: ComputeIndicatorsResult;
}

export class CloseConflictError extends CodedError {
  readonly code = 'CONFLICT';
}

/**
 * Closes a month (YYYY-MM), or re-closes it when late data arrived since the last version.
 *
 * A resumable state machine, each step idempotent, so a close killed at any point is finished by the
 * next one with the same version and the live values stay current until the publish:
 *   claim   — reserve version N in `pendingClose` (the period stays OPEN, or CLOSED at N−1);
 *   freeze  — copy the live values to version N, not yet current (a half-written copy is rewritten);
 *   publish — the period becomes CLOSED at N, then version N becomes the current values.
 */
export async function closePeriod(period: string, actor: ValueActor, steps: CloseSteps = {}): Promise<CloseResult> {
  const month = parsePeriod(period, 'MONTH').key;
  // One close of a month at a time: a second one waits, then finds the month closed (or resumes what a
  // dead one left). Without it, its final sync would skip the sources the first is syncing and it
  // could freeze indicators computed on part of the month.
  const lock = await acquireLockWaiting(`close:${month}`, CLOSE_LOCK_LEASE_MS, steps.lockWaitMs ?? CLOSE_LOCK_WAIT_MS).catch((error: unknown) => {
    if (error instanceof LockTimeoutError) throw new CloseConflictError(`period ${month} is being closed by another process (waited ${steps.lockWaitMs ?? CLOSE_LOCK_WAIT_MS} ms); retry later`);
    throw error;
  });
  try {
    return await closeLocked(month, actor, steps);
  } finally {
    await lock.release();
  }
}

/** the lease of a close's lock, renewed by its heartbeat; a dead closer's lock lapses within it */
const CLOSE_LOCK_LEASE_MS = 30_000;
/** how long a second close waits for the first (a close of a large month takes minutes) */
const CLOSE_LOCK_WAIT_MS = 60 * 60_000;

async function closeLocked(month: string, actor: ValueActor, steps: CloseSteps): Promise<CloseResult> {
  const now = steps.now ?? (() => new Date());
  const afterStep = steps.afterStep ?? (() => undefined);
  const sync = steps.syncAll ? await steps.syncAll({ period: month }) : null;
  const reconcile = steps.reconcile ? await steps.reconcile({ period: month, full: true }) : null;
  const indicators = await (steps.computeIndicators ?? computeIndicators)({ periods: [month], actor, now: now() });

  await PeriodModel.updateOne({ period: month }, { $setOnInsert: { period: month, status: 'OPEN', dirty: false, lateRecords: 0, lastClosedAt: null, lastVersion: 0, versions: [], pendingClose: null } }, { upsert: true });
  const state = (await PeriodModel.findOne({ period: month }).lean<PeriodRecord>())!;
  if (!state.pendingClose && state.status === 'CLOSED' && !state.dirty) {
    // Finishes a close killed after its period was published (both writes are no-ops otherwise).
    await makeVersionCurrent(month, state.lastVersion);
    await clearLateDataFlags(month, state.lastVersion, now());
    // a close killed before its events were written: they are written now (once: their ids are the version's)
    const last = state.versions.at(-1);
    await recordCloseEvents(month, state.lastVersion, last?.closedAt ?? now(), last?.indicatorValues ?? 0);
    return { period: month, version: state.lastVersion, newVersion: false, indicatorValues: state.versions.at(-1)?.indicatorValues ?? 0, sync, reconcile, indicators };
  }

  let pending = state.pendingClose ?? (await claimVersion(state, actor, now()));
  if (!state.pendingClose) await afterStep('claim', { period: month, version: pending.version });
  if (pending.step === 'CLAIMED') {
    pending = await freezeLiveValues(month, pending, now());
    await afterStep('freeze', { period: month, version: pending.version });
  }
  const indicatorValues = await publishVersion(month, pending);
  await afterStep('publish', { period: month, version: pending.version });
  await makeVersionCurrent(month, pending.version);
  await clearLateDataFlags(month, pending.version, now());
  await recordCloseEvents(month, pending.version, pending.frozenAt ?? pending.claimedAt, indicatorValues);
  return { period: month, version: pending.version, newVersion: true, indicatorValues, sync, reconcile, indicators };
}

/**
 * The values a re-close changed: each (indicator, area) whose value differs from the previous version's,
 * including values the previous version did not have (pure).
 */
export function indicatorRevisions(
  previous: readonly Pick<IndicatorValue, 'code' | 'area' | 'value' | 'version'>[],
  current: readonly Pick<IndicatorValue, 'code' | 'period' | 'area' | 'value' | 'version'>[],
): IndicatorRevision[] {
  const before = new Map(previous.map((v) => [`${v.code}\u0000${v.area}`, v]));
  return current
    .filter((v) => before.get(`${v.code}\u0000${v.area}`)?.value !== v.value)
    .map((v) => {
      const old = before.get(`${v.code}\u0000${v.area}`);
      return { code: v.code, period: v.period, area: v.area, version: v.version, value: v.value, previousVersion: v.version - 1, previousValue: old?.value ?? null };
    })
    .sort((a, b) => (a.code === b.code ? a.area.localeCompare(b.area) : a.code.localeCompare(b.code)));
}

/** PERIOD_CLOSED, and INDICATOR_REVISED for each value a re-close (version 2 and later) changed, to the outbox. */
async function recordCloseEvents(month: string, version: number, closedAt: Date, indicatorValues: number): Promise<void> {
  const events = [periodClosedEvent(month, version, closedAt, indicatorValues)];
  if (version > 1) {
    const values = await IndicatorValueModel.find({ period: month, version: { $in: [version - 1, version] } })
      .select({ code: 1, period: 1, area: 1, value: 1, version: 1 })
      .lean<Pick<IndicatorValue, 'code' | 'period' | 'area' | 'value' | 'version'>[]>();
    const revisions = indicatorRevisions(values.filter((v) => v.version === version - 1), values.filter((v) => v.version === version));
    events.push(...revisions.map((r) => indicatorRevisedEvent(r, closedAt)));
  }
  await recordEvents(events);
}

/** Reserves version lastVersion + 1; a concurrent close that claimed first makes this one stop. */
async function claimVersion(state: PeriodRecord, actor: ValueActor, at: Date): Promise<PendingClose> {
  const pending: PendingClose = { version: state.lastVersion + 1, step: 'CLAIMED', claimedAt: at, frozenAt: null, closedBy: actor, lateRecords: state.lateRecords };
  const claimed = await PeriodModel.updateOne({ period: state.period, lastVersion: state.lastVersion, pendingClose: null }, { $set: { pendingClose: pending } });
  if (claimed.modifiedCount !== 1) throw new CloseConflictError(`period ${state.period} is being closed concurrently; read its versions and retry`);
  return pending;
}

/**
 * Copies the month's live values to the claimed version, not current yet. Whatever a killed attempt
 * left of that version is replaced (nothing reads a version before it is published).
 */
async function freezeLiveValues(month: string, pending: PendingClose, frozenAt: Date): Promise<PendingClose> {
  const { version } = pending;
  const live = await IndicatorValueModel.find({ period: month, version: LIVE_VERSION }).lean<IndicatorValueRecord[]>();
  const frozen: IndicatorValue[] = live.map(({ _id: _unused, ...value }) => ({ ...value, version, current: false, frozenAt }));
  await IndicatorValueModel.deleteMany({ period: month, version });
  if (frozen.length) await IndicatorValueModel.insertMany(frozen, { ordered: false });
  const frozenStep = await PeriodModel.updateOne({ period: month, 'pendingClose.version': version }, { $set: { 'pendingClose.step': 'FROZEN', 'pendingClose.frozenAt': frozenAt } });
  if (frozenStep.modifiedCount !== 1) throw new CloseConflictError(`period ${month}: the claim of version ${version} was lost during the freeze; retry`);
  return { ...pending, step: 'FROZEN', frozenAt };
}

/** Marks the period CLOSED at the frozen version (once: conditional on the pending claim). */
async function publishVersion(month: string, pending: PendingClose): Promise<number> {
  const { version } = pending;
  const closedAt = pending.frozenAt ?? pending.claimedAt;
  const indicatorValues = await IndicatorValueModel.countDocuments({ period: month, version });
  const published = await PeriodModel.updateOne(
    { period: month, lastVersion: version - 1, 'pendingClose.version': version },
    {
      $set: { status: 'CLOSED', dirty: false, lateRecords: 0, lastClosedAt: closedAt, lastVersion: version, pendingClose: null },
      $push: { versions: { version, closedAt, closedBy: pending.closedBy, indicatorValues, lateRecords: pending.lateRecords } },
    },
  );
  if (published.modifiedCount !== 1) {
    const after = await PeriodModel.findOne({ period: month }).lean<PeriodRecord>();
    // A concurrent resume of the same close published it first: the outcome is the same.
    if (after?.lastVersion !== version) throw new CloseConflictError(`period ${month}: version ${version} could not be published (now at ${after?.lastVersion}); retry`);
  }
  return indicatorValues;
}

/** The published version becomes what dashboards show; earlier versions and the live copy stay queryable. */
async function makeVersionCurrent(month: string, version: number): Promise<void> {
  if (version === LIVE_VERSION) return;
  try {
    await IndicatorValueModel.updateMany({ period: month, version, current: false }, { $set: { current: true } });
    await IndicatorValueModel.updateMany({ period: month, version: { $ne: version }, current: true }, { $set: { current: false } });
  } finally {
    // the dashboard's kept priority values are reread (prioritySnapshot.ts)
    await raisePriorityRevision();
  }
}
