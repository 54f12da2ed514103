/**
 * One sync per source at a time, across processes: a lock per source (src/infra/lock.ts) with an
 * expiry, so a crashed holder's lock lapses. The holder renews it as batches go by; a second sync of a
 * source fails at once instead of waiting.
 */
import { lockExpiry, tryAcquireLock, type HeldLock } from '../infra/lock';

export class SyncLockedError extends Error {
  readonly code = 'SYNC_LOCKED';
  constructor(
    readonly source: string,
    readonly until: Date | null,
  ) {
    super(`[${source}] a sync of this source is already running${until ? ` (lock held until ${until.toISOString()})` : ''}`);
    this.name = 'SyncLockedError';
  }
}

export type SourceLock = HeldLock;

export async function acquireSourceLock(source: string, ttlMs = 15 * 60_000): Promise<SourceLock> {
  const lock = await tryAcquireLock(source, ttlMs);
  if (!lock) throw new SyncLockedError(source, await lockExpiry(source));
  return lock;
}
