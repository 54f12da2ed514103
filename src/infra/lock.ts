/**
 * Cross-process locks in MongoDB: a lock is a document inserted under the lock's name (the unique _id
 * makes the insert the test-and-set) with a short lease and its holder (host, pid). While the holder
 * lives, a heartbeat renews the lease; a crashed holder's lock lapses within one lease, or at once when
 * the next taker runs on the same host and finds the holder's process gone. Used for one sync per
 * source (src/ingest/lock.ts), one party writer at a time (src/resolve/partyCache.ts) and the liveness
 * of reconciliation runs.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Schema, model } from 'mongoose';
import { childLogger } from './log';
import { isDuplicateKey } from '../store/writes';
import { CodedError } from '../errors';

const log = childLogger('lock');

/** Who holds a lock: enough to tell, on the same host, whether it is still alive. */
export interface LockHolder {
  host: string;
  pid: number;
}

interface LockDoc {
  _id: string;
  owner: string;
  holder?: LockHolder | null;
  acquiredAt: Date;
  expiresAt: Date;
}

// the collection is named after its first use, the sync lock
const LockModel = model<LockDoc>(
  'Lock',
  new Schema<LockDoc>(
    {
      _id: { type: String, required: true },
      owner: { type: String, required: true },
      holder: { type: new Schema<LockHolder>({ host: { type: String, required: true }, pid: { type: Number, required: true } }, { _id: false }), default: null },
      acquiredAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    { collection: 'synclocks' },
  ),
);

export interface HeldLock {
  /** extends the lease (at most every third of it); throws LockLostError once another taker has it */
  renew(): Promise<void>;
  release(): Promise<void>;
  /** the holder whose lapsed lock this one replaced (it died holding it), or null */
  tookOverFrom: LockHolder | null;
}

export class LockLostError extends CodedError {
  readonly code = 'LOCK_LOST';
  constructor(readonly lock: string) {
    super(`the lock ${lock} was taken over (this process missed its heartbeats)`);
  }
}

export const THIS_HOLDER: LockHolder = { host: hostname(), pid: process.pid };

/** A process of this host that no longer exists (signal 0 only checks; EPERM means it exists). */
function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** A lock whose holder is known dead: its lease lapsed, or it ran on this host and its process is gone. */
export function holderIsGone(lock: Pick<LockDoc, 'holder' | 'expiresAt'>, now = new Date()): boolean {
  if (lock.expiresAt.getTime() < now.getTime()) return true;
  const holder = lock.holder;
  return !!holder && holder.host === THIS_HOLDER.host && holder.pid !== THIS_HOLDER.pid && processIsGone(holder.pid);
}

export interface LockOptions {
  /** how often a live holder renews its lease (default: a third of the lease) */
  heartbeatMs?: number;
}

/** Takes the lock if it is free or its holder is gone; null when a live holder has it. */
export async function tryAcquireLock(name: string, ttlMs: number, options: LockOptions = {}): Promise<HeldLock | null> {
  const owner = randomUUID();
  const take = async (): Promise<boolean> => {
    const now = new Date();
    try {
      await LockModel.create({ _id: name, owner, holder: THIS_HOLDER, acquiredAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  };
  let tookOverFrom: LockHolder | null = null;
  if (!(await take())) {
    // a dead holder's lock is removed (only that very lock: its owner), then taken like a free one
    const held = await LockModel.findById(name).lean<LockDoc>().exec();
    if (held && !holderIsGone(held)) return null;
    if (held) {
      const removed = await LockModel.deleteOne({ _id: name, owner: held.owner }).exec();
      if (removed.deletedCount === 0) return null;
      tookOverFrom = held.holder ?? { host: 'unknown', pid: 0 };
    }
    if (!(await take())) return null;
  }
  return heldLock(name, owner, ttlMs, options.heartbeatMs ?? ttlMs / 3, tookOverFrom);
}

function heldLock(name: string, owner: string, ttlMs: number, heartbeatMs: number, tookOverFrom: LockHolder | null): HeldLock {
  let renewedAt = Date.now();
  let lost = false;
  const extend = async () => {
    renewedAt = Date.now();
    const renewed = await LockModel.updateOne({ _id: name, owner }, { $set: { expiresAt: new Date(renewedAt + ttlMs) } }).exec();
    if (renewed.matchedCount === 0) lost = true;
  };
  // the heartbeat: the lease stays short, so a crashed holder's lock lapses in seconds
  const heartbeat = setInterval(() => {
    extend().catch((error: unknown) => log.warn({ lock: name, err: error }, 'lock heartbeat failed; retrying at the next beat'));
  }, heartbeatMs);
  heartbeat.unref();
  return {
    tookOverFrom,
    renew: async () => {
      if (lost) throw new LockLostError(name);
      if (Date.now() - renewedAt < ttlMs / 3) return;
      await extend();
      if (lost) throw new LockLostError(name);
    },
    release: async () => {
      clearInterval(heartbeat);
      await LockModel.deleteOne({ _id: name, owner }).exec();
    },
  };
}

/** The holder of the lock under `name` and when its lease lapses, or null when it is not held. */
export async function lockHolder(name: string): Promise<{ holder: LockHolder | null; expiresAt: Date } | null> {
  const held = await LockModel.findById(name).lean<LockDoc>().exec();
  return held ? { holder: held.holder ?? null, expiresAt: held.expiresAt } : null;
}

/** Whether the lock under `name` is held by a live holder. */
export async function lockIsLive(name: string): Promise<boolean> {
  const held = await LockModel.findById(name).lean<LockDoc>().exec();
  return !!held && !holderIsGone(held);
}

/** When the lock held under `name` lapses, or null when it is not held. */
export async function lockExpiry(name: string): Promise<Date | null> {
  const held = await LockModel.findById(name).lean().exec();
  return held?.expiresAt ?? null;
}

export class LockTimeoutError extends CodedError {
  readonly code = 'LOCK_TIMEOUT';
  constructor(readonly lock: string) {
    super(`timed out waiting for the lock ${lock}`);
  }
}

/**
 * Takes the lock, waiting for it with short, growing, jittered pauses while someone else holds it. A
 * crashed holder's lock lapses after its lifetime, so waiting a little longer than `ttlMs` is enough
 * unless live holders keep taking it in turn; `maxWaitMs` bounds that.
 */
export async function acquireLockWaiting(name: string, ttlMs: number, maxWaitMs = 2 * ttlMs, options: LockOptions = {}): Promise<HeldLock> {
  const deadline = Date.now() + maxWaitMs;
  for (let pauseMs = 5; ; pauseMs = Math.min(pauseMs * 2, 250)) {
    const lock = await tryAcquireLock(name, ttlMs, options);
    if (lock) return lock;
    if (Date.now() >= deadline) throw new LockTimeoutError(name);
    await sleep(pauseMs * (0.5 + Math.random()));
  }
}
