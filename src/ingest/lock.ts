/**
 * One sync per source at a time, across processes: a lock document per source in MongoDB, inserted
 * under the source id (the unique _id makes the insert the test-and-set) with an expiry, so a crashed
 * holder's lock lapses. The holder renews it as batches go by.
 */
import { randomUUID } from 'node:crypto';
import { Schema, model } from 'mongoose';

interface SyncLock {
  _id: string;
  owner: string;
  acquiredAt: Date;
  expiresAt: Date;
}

const SyncLockModel = model<SyncLock>(
  'SyncLock',
  new Schema<SyncLock>(
    { _id: { type: String, required: true }, owner: { type: String, required: true }, acquiredAt: { type: Date, required: true }, expiresAt: { type: Date, required: true } },
    { collection: 'synclocks' },
  ),
);

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

export interface SourceLock {
  /** extends the expiry; cheap to call often (writes at most every third of the lifetime) */
  renew(): Promise<void>;
  release(): Promise<void>;
}

const isDuplicateKey = (error: unknown) => (error as { code?: unknown } | null)?.code === 11000;

export async function acquireSourceLock(source: string, ttlMs = 15 * 60_000): Promise<SourceLock> {
  const owner = randomUUID();
  const take = async () => {
    const now = new Date();
    await SyncLockModel.create({ _id: source, owner, acquiredAt: now, expiresAt: new Date(now.getTime() + ttlMs) });
  };
  try {
    await take();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // a lapsed lock (its holder crashed) is removed, then taken like a free one
    const removed = await SyncLockModel.deleteOne({ _id: source, expiresAt: { $lt: new Date() } }).exec();
    if (removed.deletedCount === 0) {
      const held = await SyncLockModel.findById(source).lean().exec();
      throw new SyncLockedError(source, held?.expiresAt ?? null);
    }
    try {
      await take();
    } catch (retryError) {
      if (isDuplicateKey(retryError)) throw new SyncLockedError(source, null);
      throw retryError;
    }
  }
  let renewedAt = Date.now();
  return {
    renew: async () => {
      if (Date.now() - renewedAt < ttlMs / 3) return;
      renewedAt = Date.now();
      await SyncLockModel.updateOne({ _id: source, owner }, { $set: { expiresAt: new Date(renewedAt + ttlMs) } }).exec();
    },
    release: async () => {
      await SyncLockModel.deleteOne({ _id: source, owner }).exec();
    },
  };
}
