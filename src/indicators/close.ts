/**
 * The monthly close (DESIGN §8): final sync of every source → full reconciliation of the month →
 * indicators → the month frozen as version N (a copy of its live IndicatorValues, which become the
 * `current` ones). Late data makes the month dirty; closing it again freezes version N+1 and version N
 * stays queryable. Sync and reconciliation are injected (built in src/ingest and src/reconcile), so the
 * orchestration is testable on its own.
 */
import { IndicatorValueModel, LIVE_VERSION, type IndicatorValue, type IndicatorValueRecord, type ValueActor } from './indicatorValueModel';
import { computeIndicators, type ComputeIndicatorsResult } from './engine';
import { clearLateDataFlags } from './lateData';
import { PeriodModel, type PeriodRecord } from './periodModel';
import { parsePeriod } from './periods';

export interface CloseSteps {
  /** final sync of every source (src/ingest `runSync` for all sources) */
  syncAll?: (context: { period: string }) => Promise<unknown>;
  /** full reconciliation of the month (src/reconcile `runReconciliation`) */
  reconcile?: (context: { period: string; full: true }) => Promise<unknown>;
  /** defaults to computeIndicators */
  computeIndicators?: typeof computeIndicators;
  now?: () => Date;
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

export class CloseConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloseConflictError';
  }
}

/** Closes a month (YYYY-MM), or re-closes it when late data arrived since the last version. */
export async function closePeriod(period: string, actor: ValueActor, steps: CloseSteps = {}): Promise<CloseResult> {
  const month = parsePeriod(period, 'MONTH').key;
  const now = steps.now ?? (() => new Date());
  const sync = steps.syncAll ? await steps.syncAll({ period: month }) : null;
  const reconcile = steps.reconcile ? await steps.reconcile({ period: month, full: true }) : null;
  const indicators = await (steps.computeIndicators ?? computeIndicators)({ periods: [month], actor, now: now() });

  await PeriodModel.updateOne({ period: month }, { $setOnInsert: { period: month, status: 'OPEN', dirty: false, lateRecords: 0, lastClosedAt: null, lastVersion: 0, versions: [] } }, { upsert: true });
  const state = (await PeriodModel.findOne({ period: month }).lean<PeriodRecord>())!;
  if (state.status === 'CLOSED' && !state.dirty) {
    return { period: month, version: state.lastVersion, newVersion: false, indicatorValues: state.versions.at(-1)?.indicatorValues ?? 0, sync, reconcile, indicators };
  }
  const version = state.lastVersion + 1;
  const frozenAt = now();
  const live = await IndicatorValueModel.find({ period: month, version: LIVE_VERSION }).lean<IndicatorValueRecord[]>();
  const frozen: IndicatorValue[] = live.map(({ _id: _unused, ...value }) => ({ ...value, version, current: true, frozenAt }));
  // Claim the version first: a concurrent close of the same month finds lastVersion moved and stops.
  const claimed = await PeriodModel.updateOne(
    { period: month, lastVersion: state.lastVersion },
    {
      $set: { status: 'CLOSED', dirty: false, lateRecords: 0, lastClosedAt: frozenAt, lastVersion: version },
      $push: { versions: { version, closedAt: frozenAt, closedBy: actor, indicatorValues: frozen.length, lateRecords: state.lateRecords } },
    },
  );
  if (claimed.modifiedCount !== 1) throw new CloseConflictError(`period ${month} was closed concurrently; read its versions and retry`);
  if (frozen.length) await IndicatorValueModel.insertMany(frozen, { ordered: false });
  // The new version becomes what dashboards show; earlier versions and the live copy stay queryable.
  await IndicatorValueModel.updateMany({ period: month, version: { $ne: version }, current: true }, { $set: { current: false } });
  await clearLateDataFlags(month, version, frozenAt);
  return { period: month, version, newVersion: true, indicatorValues: frozen.length, sync, reconcile, indicators };
}
