/**
 * A reconciliation run holds a lease (src/infra/lock.ts) under its run id while it runs, renewed by a
 * heartbeat, so a run whose process died is told apart from one still running: its lease lapses within
 * seconds (at once on the same host). The next run marks such runs ABORTED instead of leaving them
 * RUNNING forever.
 */
import { lockIsLive, tryAcquireLock, type HeldLock } from '../infra/lock';
import { childLogger } from '../infra/log';
import { ReconcileRunModel } from './reconcileRunModel';

const log = childLogger('reconcile');

export const RUN_LEASE_MS = 30_000;

const leaseName = (runId: string) => `reconcile-run:${runId}`;

/** The run's lease; its name is new, so it is always free. */
export async function takeRunLease(runId: string): Promise<HeldLock | null> {
  return tryAcquireLock(leaseName(runId), RUN_LEASE_MS);
}

/** Marks ABORTED every RUNNING run whose lease is not held by a live process. */
export async function abortDeadReconcileRuns(now = new Date()): Promise<string[]> {
  const running = await ReconcileRunModel.find({ status: 'RUNNING' }, { runId: 1 }).lean<{ runId: string }[]>().exec();
  const aborted: string[] = [];
  for (const { runId } of running) {
    if (await lockIsLive(leaseName(runId))) continue;
    const marked = await ReconcileRunModel.updateOne(
      { runId, status: 'RUNNING' },
      { $set: { status: 'ABORTED', error: 'the process running this reconciliation stopped before it finished; a later run covers its periods', finishedAt: now } },
    ).exec();
    if (marked.modifiedCount > 0) aborted.push(runId);
  }
  if (aborted.length) log.warn({ runs: aborted }, 'reconciliation runs of a dead process marked ABORTED');
  return aborted;
}
