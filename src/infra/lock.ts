/**
 * Cross-process locks in MongoDB: a lock is a document inserted under the lock's name (the unique _id
 * makes the insert the test-and-set) with an expiry, so a crashed holder's lock lapses and the next
 * taker removes it. Used for one sync per source (src/ingest/lock.ts) and one party writer at a time
 * (src/resolve/partyCache.ts).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Schema, model } from 'mongoose';

interface LockDoc {
  _id: string;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
}

// the collection is named after its first use, the sync lock
const LockModel = model<LockDoc>(
  'Lock',
  new Schema<LockDoc>(
    { _id: { type: String, required: true }, owner: { type: String, required: true }, acquiredAt: { type: Date, required: true }, expiresAt: { type: Date, required: true } },
    { collection: 'synclocks' },
  ),
);

export interface HeldLock {
  /** extends the expiry; cheap to call often (writes at most every third of the lifetime) */
  renew(): Promise<void>;
  release(): Promise<void>;
}

const isDuplicateKey = (error: unknown) => (error as { code?: unknown } | null)?.code === 11000;

/** Takes the lock if it is free or lapsed; null when someone else holds it. */
export async function tryAcquireLock(name: string, ttlMs: number): Promise<HeldLock | null> {
  const owner = randomUUID();
  const take = async (): Promise<boolean> => {
    const now = new Date();
    try {
      await LockModel.create({ _id: name, owner, acquiredAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  };
  if (!(await take())) {
    // a lapsed lock (its holder crashed) is removed, then taken like a free one
    const removed = await LockModel.deleteOne({ _id: name, expiresAt: { $lt: new Date() } }).exec();
    if (removed.deletedCount === 0 || !(await take())) return null;
  }
  let renewedAt = Date.now();
  return {
    renew: async () => {
      if (Date.now() - renewedAt < ttlMs / 3) return;
      renewedAt = Date.now();
      await LockModel.updateOne({ _id: name, owner }, { $set: { expiresAt: new Date(renewedAt + ttlMs) } }).exec();
    },
    release: async () => {
      await LockModel.deleteOne({ _id: name, owner }).exec();
    },
  };
}

/** When the lock held under `name` lapses, or null when it is not held. */
export async function lockExpiry(name: string): Promise<Date | null> {
  const held = await LockModel.findById(name).lean().exec();
  return held?.expiresAt ?? null;
}

export class LockTimeoutError extends Error {
  constructor(readonly lock: string) {
    super(`timed out waiting for the lock ${lock}`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * Takes the lock, waiting for it with short, growing, jittered pauses while someone else holds it. A
 * crashed holder's lock lapses after its lifetime, so waiting a little longer than `ttlMs` is enough
 * unless live holders keep taking it in turn; `maxWaitMs` bounds that.
 */
export async function acquireLockWaiting(name: string, ttlMs: number, maxWaitMs = 2 * ttlMs): Promise<HeldLock> {
  const deadline = Date.now() + maxWaitMs;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 250)) {
    const lock = await tryAcquireLock(name, ttlMs);
    if (lock) return lock;
    if (Date.now() >= deadline) throw new LockTimeoutError(name);
    await sleep(pauseMs * (0.5 + Math.random()));
  }
}
