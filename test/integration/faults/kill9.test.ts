/**
 * Fault injection: `hub` child processes SIGKILLed at awkward points of sync, reconcile, indicators and
 * close (HUB_KILL_AT, src/killPoints.ts), each followed by a plain re-run, end with exactly what an
 * undisturbed run of the same export stores: the same source records and model documents, the same
 * flags, the same indicator values and period versions.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { IndicatorValueModel } from '../../../src/indicators/indicatorValueModel';
import { PeriodModel } from '../../../src/indicators/periodModel';
import { connectMongo } from '../../../src/infra/mongo';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { ReconcileRunModel } from '../../../src/reconcile/reconcileRunModel';
import { SyncRunModel } from '../../../src/model/syncRun';
import { exportBundles, generateScenario } from '../../../sandbox';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { canonicalDump } from '../ingest/support';

useTestDatabase(__filename);
jest.setTimeout(1_200_000);

const ROOT = join(__dirname, '..', '..', '..');
const PERIOD = '2026-10';
let work: string;
let roots: Record<string, string>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kill9-'));
  roots = await exportBundles(generateScenario({ size: 0.05 }), work);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs `hub <args>` as a child process against database `db`, optionally with a kill point. */
function hub(db: string, args: string[], killAt?: string): Promise<Exit> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGODB_DB: db,
    HUB_KILL_AT: killAt ?? '',
    ...Object.fromEntries(Object.entries(roots).map(([source, dir]) => [`SOURCE_${source.toUpperCase()}_URL`, `file://${dir}`])),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

async function expectKilled(run: Promise<Exit>): Promise<void> {
  const exit = await run;
  expect({ signal: exit.signal, stderr: exit.signal ? '' : exit.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
}

async function expectSucceeded(run: Promise<Exit>): Promise<void> {
  const exit = await run;
  expect({ code: exit.code, stderr: exit.code === 0 ? '' : exit.stderr }).toEqual({ code: 0, stderr: '' });
}

/** Everything a run leaves, without ids and timestamps. */
async function dump(db: string): Promise<Record<string, string[]>> {
  await mongoose.disconnect();
  await connectMongo(process.env.MONGODB_URI!, db);
  const flags = await FlagModel.find({}).lean();
  const values = await IndicatorValueModel.find({}).lean();
  const periods = await PeriodModel.find({}).lean();
  const result = {
    ...(await canonicalDump()),
    flags: flags.map((f) => JSON.stringify([f.key, f.status, f.severity, f.evidence.difference, f.evidence.message, f.evidence.sides.map((s) => s.value)])).sort(),
    indicatorValues: values.map((v) => JSON.stringify([v.code, v.period, v.area, v.version, v.current, v.value, v.numerator, v.denominator])).sort(),
    periods: periods.map((p) => JSON.stringify([p.period, p.status, p.dirty, p.lastVersion, p.versions.map((v) => [v.version, v.indicatorValues]), p.pendingClose ?? null])),
    runningRuns: [String(await SyncRunModel.countDocuments({ status: 'RUNNING' })), String(await ReconcileRunModel.countDocuments({ status: 'RUNNING' }))],
  };
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
  await connectMongo(process.env.MONGODB_URI!, testDatabaseName(__filename));
  return result;
}

it('killed at awkward points of sync and close and re-run, the hub ends as an undisturbed run', async () => {
  const clean = `${testDatabaseName(__filename)}_clean`;
  const killed = `${testDatabaseName(__filename)}_killed`;

  // a close runs the final sync, the full reconciliation and the indicators before it freezes
  await expectSucceeded(hub(clean, ['close', '--period', PERIOD]));

  // sync killed after storing a batch and before projecting it (state not saved)
  await expectKilled(hub(killed, ['sync', 'all'], 'sync:hw-manifests:1'));
  // a close killed wherever it is after a moment (sync, reconcile or indicators), or not at all
  await hub(killed, ['close', '--period', PERIOD], 'after:6000');
  // a close killed after claiming its version, before freezing it
  const claimKill = await hub(killed, ['close', '--period', PERIOD], 'close:claim');
  expect(claimKill.signal === 'SIGKILL' || claimKill.code === 0).toBe(true);
  await expectSucceeded(hub(killed, ['close', '--period', PERIOD]));

  const undisturbed = await dump(clean);
  const disturbed = await dump(killed);
  expect(undisturbed.indicatorValues!.length).toBeGreaterThan(0);
  expect(undisturbed.flags!.length).toBeGreaterThan(0);
  for (const collection of Object.keys(undisturbed)) expect({ collection, docs: disturbed[collection] }).toEqual({ collection, docs: undisturbed[collection] });
});
