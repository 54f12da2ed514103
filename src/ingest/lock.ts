/**
 * One sync per source at a time, across processes: a lock per source (src/infra/lock.ts) with a short
 * lease renewed by a heartbeat while the holder lives, so a crashed holder's lock is taken over within
 * seconds. A second sync of a live source fails at once instead of waiting. Whoever takes the lock
 * is the only sync of its source, so any SyncRun of that source still RUNNING belonged to a process
 * that died: it is marked ABORTED. Releasing the lock rebuilds the source's movement list if a write
 * under it marked the list stale (src/ingest/movementLists.ts).
 */
import { lockHolder, tryAcquireLock, type HeldLock, type LockHolder } from '../infra/lock';
import { childLogger } from '../infra/log';
import { SyncRunModel } from '../model/syncRun';
import type { SourceId } from '../model/reference/agencies';
import { endWrittenMovements, refreshMovementListIfStale, sealWrittenMovements, startWrittenMovements } from './movementLists';
import { finishInterruptedProjections } from './project';
import { refreshLastRuns } from './streamStats';
import { CodedError } from '../errors';

const log = childLogger('ingest');

/** The lease of a source lock; the holder renews it every third of it. */
export const SOURCE_LOCK_LEASE_MS = 30_000;

export class SyncLockedError extends CodedError {
  readonly code = 'SYNC_LOCKED';
  constructor(
    readonly source: string,
    readonly until: Date | null,
    readonly holder: LockHolder | null = null,
  ) {
    super(`[${source}] a sync of this source is already running${holder ? ` in process ${holder.pid} on ${holder.host}` : ''}${until ? ` (lease until ${until.toISOString()})` : ''}`);
    this.name = 'SyncLockedError';
  }
}

export type SourceLock = HeldLock;

/**
 * `rebuildLists: false`: the release leaves the movement lists stale, for the caller to rebuild
 * (rebuildStaleMovementLists); `mergedList: false`: it rebuilds the source's list but leaves the
 * merged one to the caller, whose other sources' writes would make it stale again. `recordWrites`:
 * the holder's movement writes are recorded, so the lists are rebuilt from them (a sync's).
 */
export async function acquireSourceLock(source: string, ttlMs = SOURCE_LOCK_LEASE_MS, options: { rebuildLists?: boolean; mergedList?: boolean; recordWrites?: boolean } = {}): Promise<SourceLock> {
  const lock = await tryAcquireLock(source, ttlMs);
  if (!lock) {
    const held = await lockHolder(source);
    throw new SyncLockedError(source, held?.expiresAt ?? null, held?.holder ?? null);
  }
  if (lock.tookOverFrom) log.warn({ source, deadHolder: lock.tookOverFrom }, 'took over the sync lock of a process that died holding it');
  await abortDeadSyncRuns(source);
  // a crashed holder's half-done replacements are finished before anything of the source is read
  const finished = await finishInterruptedProjections(source as SourceId);
  if (finished > 0) log.warn({ source, finished }, 'finished replacements an interrupted sync left half done');
  if (options.recordWrites) await startWrittenMovements(source);
  // the movements written under the lock are listed again before another writer may take it
  // (src/store/movementLists.ts); a list a dead holder left stale is rebuilt here too
  return {
    ...lock,
    release: async () => {
      try {
        if (options.rebuildLists !== false) await refreshMovementListIfStale(source, options.mergedList !== false);
        else await sealWrittenMovements(source);
      } catch (error) {
        // the list stays stale: readers take the query until the next holder rebuilds it
        log.warn({ source, err: error }, 'the movement list could not be rebuilt before the lock was released');
      } finally {
        if (options.rebuildLists !== false) endWrittenMovements(source);
        await lock.release();
      }
    },
  };
}

/**
 * Marks the source's runs left RUNNING (their process died) ABORTED; the caller holds the source lock.
 * Asked first with a read: nearly always there is none, and a write waits for the store's one writer.
 */
export async function abortDeadSyncRuns(source: string, now = new Date()): Promise<number> {
  if (!(await SyncRunModel.exists({ connector: source, status: 'RUNNING' }).exec())) return 0;
  const result = await SyncRunModel.updateMany(
    { connector: source, status: 'RUNNING' },
    {
      $set: { status: 'ABORTED', finishedAt: now },
      $push: { errors: { at: now, message: 'the process running this sync stopped before it finished; the next sync resumed from the saved state', code: 'ABORTED' } },
    },
  ).exec();
  if (result.modifiedCount > 0) {
    log.warn({ source, runs: result.modifiedCount }, 'sync runs of a dead process marked ABORTED');
    await refreshLastRuns(source);
  }
  return result.modifiedCount;
}
