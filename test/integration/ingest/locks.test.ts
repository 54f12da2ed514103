/**
 * Locks that know their holder: a lock held by a process that died is taken over at once on its host
 * (or when its short lease lapses elsewhere), a live holder's heartbeat keeps it; `sync all` reports a
 * locked source and syncs the others; runs left RUNNING by a dead process are marked ABORTED.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { lockHolder, tryAcquireLock } from '../../../src/infra/lock';
import { runSync } from '../../../src/ingest/engine';
import { SyncRunModel } from '../../../src/model/syncRun';
import { runReconciliation } from '../../../src/reconcile/engine';
import { ReconcileRunModel } from '../../../src/reconcile/reconcileRunModel';
import { exportBundles, generateScenario } from '../../../sandbox';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors } from './support';

useTestDatabase(__filename);
jest.setTimeout(300_000);

const locks = () => mongoose.connection.collection<{ _id: string; owner: string; holder: { host: string; pid: number } | null; acquiredAt: Date; expiresAt: Date }>('synclocks');

/** The pid of a process that has exited (spawned and waited for). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('source locks', () => {
  afterEach(async () => {
    await locks().deleteMany({});
  });

  it('takes over at once a lock whose holder on this host has died, whatever its lease', async () => {
    const dead = { host: hostname(), pid: deadPid() };
    const hourFromNow = new Date(Date.now() + 3_600_000);
    await locks().insertOne({ _id: 'industrial', owner: 'crashed', holder: dead, acquiredAt: new Date(), expiresAt: hourFromNow });
    const lock = await tryAcquireLock('industrial', 30_000);
    expect(lock?.tookOverFrom).toEqual(dead);
    expect((await lockHolder('industrial'))?.holder).toEqual({ host: hostname(), pid: process.pid });
    await lock!.release();
  });

  it('leaves a live holder its lock, and takes it once the holder stops renewing its lease', async () => {
    const elsewhere = { host: 'another-host', pid: 1 };
    await locks().insertOne({ _id: 'household', owner: 'remote', holder: elsewhere, acquiredAt: new Date(), expiresAt: new Date(Date.now() + 500) });
    expect(await tryAcquireLock('household', 30_000)).toBeNull();
    let lock: Awaited<ReturnType<typeof tryAcquireLock>> = null;
    await until(async () => (lock = await tryAcquireLock('household', 30_000)) !== null, 'the lapsed lease');
    expect(lock!.tookOverFrom).toEqual(elsewhere);
    await lock!.release();
  });

  it('a live holder\'s heartbeat renews its lease, so nobody else takes it', async () => {
    const lock = (await tryAcquireLock('medical', 3_000, { heartbeatMs: 100 }))!;
    const first = (await lockHolder('medical'))!.expiresAt.getTime();
    await until(async () => (await lockHolder('medical'))!.expiresAt.getTime() > first, 'a heartbeat');
    expect(await tryAcquireLock('medical', 3_000)).toBeNull();
    await lock.release();
    expect(await lockHolder('medical')).toBeNull();
  });
});

describe('sync and reconcile runs of a dead process', () => {
  let work: string;
  let roots: Record<string, string>;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'locks-'));
    roots = await exportBundles(generateScenario({ size: 0.02 }), work);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('sync all reports a source locked by a live process and syncs the others; a dead one\'s runs are ABORTED', async () => {
    await locks().insertOne({ _id: 'medical', owner: 'other', holder: { host: 'another-host', pid: 7 }, acquiredAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000) });
    const dead = await SyncRunModel.create({ connector: 'taxstat', stream: 'envtax', startedAt: new Date(Date.now() - 60_000) });
    const runs = await runSync('all', { connectors: bundleConnectors(roots) });
    const locked = runs.filter((r) => r.errors.some((e) => e.code === 'SYNC_LOCKED'));
    expect(locked.map((r) => [r.source, r.status, r.errors[0]!.message])).toEqual([['medical', 'FAILED', expect.stringContaining('already running in process 7 on another-host')]]);
    // every other source was synced
    expect(new Set(runs.filter((r) => r.status === 'SUCCEEDED').map((r) => r.source))).toEqual(new Set(['industrial', 'household', 'construction', 'taxstat']));
    expect(await SyncRunModel.findById(dead._id).lean()).toMatchObject({ status: 'ABORTED', errors: [{ code: 'ABORTED' }] });
    expect(await SyncRunModel.countDocuments({ status: 'RUNNING' })).toBe(0);
    await locks().deleteMany({});
  });

  it('a reconciliation run left RUNNING without a live lease is marked ABORTED by the next run', async () => {
    const template = await runReconciliation({ full: true, periods: ['2026-10'], actor: 'test', rules: ['HW-QTY'] });
    const { _id: _unused, ...fields } = template;
    await ReconcileRunModel.create({ ...fields, runId: 'rec-dead', status: 'RUNNING', finishedAt: null, durationMs: null });
    await runReconciliation({ full: true, periods: ['2026-10'], actor: 'test', rules: ['HW-QTY'] });
    expect(await ReconcileRunModel.findOne({ runId: 'rec-dead' }).lean()).toMatchObject({ status: 'ABORTED', error: expect.stringContaining('stopped before it finished') });
    expect(await ReconcileRunModel.countDocuments({ status: 'RUNNING' })).toBe(0);
  });
});
