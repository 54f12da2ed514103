/**
 * Runs disturbed from outside converge on what an undisturbed close of the same export stores:
 * - the store (FerretDB) or Redis killed under a running `hub close`: the close ends (fails with a clear
 *   error, or finishes when it no longer needed the dead server) within a bound instead of hanging; once
 *   the server is back on the same data, a re-run ends as the undisturbed close;
 * - two `hub sync all` and then two `hub close` started together: each source is synced by one of them
 *   (the other reports it locked), one close waits for the other, and the result is one close's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDB, startRedis, type EmbeddedServer } from '../../../src/infra/embedded';
import { exportBundles, generateScenario } from '../../../sandbox';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { dumpAndDrop, expectSameDump, expectSucceeded, startHub, type Exit, type HubProcess } from './support';

useTestDatabase(__filename);
jest.setTimeout(1_800_000);

const PERIOD = '2026-10';
/** a dead store is given up on after the driver's server selection timeout (10 s) per attempt */
const EXIT_BOUND_MS = 90_000;
/** the rest of a close (its indicators and freeze) and its stop, on a loaded machine */
const REDIS_EXIT_BOUND_MS = 240_000;
let work: string;
let roots: Record<string, string>;
let undisturbed: Record<string, string[]>;
const home = () => ({ uri: process.env.MONGODB_URI!, db: testDatabaseName(__filename) });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'services-'));
  roots = await exportBundles(generateScenario({ size: 0.05 }), work);
  const clean = `${testDatabaseName(__filename)}_clean`;
  await expectSucceeded(startHub(['close', '--period', PERIOD], { db: clean, roots }).exit);
  undisturbed = await dumpAndDrop(process.env.MONGODB_URI!, clean, home());
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Resolves once the kill points log (appended by the hub as it goes) has a line starting with `prefix`. */
async function passed(log: string, prefix: string, run: Promise<Exit>): Promise<void> {
  let exited = false;
  void run.then(() => (exited = true));
  while (!(existsSync(log) && readFileSync(log, 'utf8').split('\n').some((line) => line.startsWith(prefix)))) {
    if (exited) throw new Error(`the hub exited before passing ${prefix}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for the run's exit, failing when it takes longer than `ms`. */
async function exitWithin(hub: HubProcess, ms: number): Promise<Exit & { ms: number }> {
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => {
    hub.child.kill('SIGKILL');
    reject(new Error(`the hub did not exit within ${ms} ms: ${hub.stderr()}`));
  }, ms)));
  try {
    const exit = await Promise.race([hub.exit, timeout]);
    return { ...exit, ms: Date.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
}

/** A failed run says what failed in a few lines, not a hang or a page of stack frames. */
function expectClearFailure(exit: Exit, pattern: RegExp): void {
  expect(exit.code).not.toBe(0);
  expect(exit.stderr).toMatch(pattern);
}

it('the store killed mid-close: the close fails with a clear error, and after the store is back a re-run ends as an undisturbed close', async () => {
  const dataDir = join(work, 'store');
  let store: EmbeddedServer = await startFerretDB({ dataDir });
  const db = `${testDatabaseName(__filename)}_store_killed`;
  try {
    const log = join(work, 'store-points.log');
    const run = startHub(['close', '--period', PERIOD], { db, roots, mongoUri: store.url, pointsLog: log });
    await passed(log, 'sync:ledgers:', run.exit);
    process.kill(store.pid, 'SIGKILL');
    const exit = await exitWithin(run, EXIT_BOUND_MS);
    expectClearFailure(exit, /ECONNREFUSED|MongoServerSelectionError|MongoNetworkError|connection .* closed|Server selection timed out/i);

    store = await startFerretDB({ dataDir });
    await expectSucceeded(startHub(['close', '--period', PERIOD], { db, roots, mongoUri: store.url }).exit);
    expectSameDump(await dumpAndDrop(store.url, db, home()), undisturbed);
  } finally {
    await store.stop();

  }
});

it('Redis killed mid-close: the close ends within the bound, and after Redis is back a re-run ends as an undisturbed close', async () => {
  let redis: EmbeddedServer = await startRedis({ dataDir: join(work, 'redis') });
  const db = `${testDatabaseName(__filename)}_redis_killed`;
  try {
    const log = join(work, 'redis-points.log');
    const run = startHub(['close', '--period', PERIOD], { db, roots, redisUrl: redis.url, pointsLog: log });
    await passed(log, 'indicators:month:', run.exit);
    process.kill(redis.pid, 'SIGKILL');
    // the close itself writes to the store only (it goes on with its indicators and freeze); what it
    // must not do is hang on the dead Redis when it stops
    const exit = await exitWithin(run, REDIS_EXIT_BOUND_MS);
    if (exit.code !== 0) expectClearFailure(exit, /redis|ECONNREFUSED|Connection is closed/i);

    redis = await startRedis({ dataDir: join(work, 'redis') });
    await expectSucceeded(startHub(['close', '--period', PERIOD], { db, roots, redisUrl: redis.url }).exit);
    expectSameDump(await dumpAndDrop(process.env.MONGODB_URI!, db, home()), undisturbed);
  } finally {
    await redis.stop();
  }
});

it('two syncs and then two closes started together: the other reports locked sources or waits, and the result is one close\'s', async () => {
  const db = `${testDatabaseName(__filename)}_twice`;
  const syncs = await Promise.all([0, 1].map(() => startHub(['sync', 'all'], { db, roots }).exit));
  // every source synced by one of them; a source the other found locked is reported as such, not a
  // crash (no stack trace printed; logged errors are one JSON line each)
  for (const exit of syncs) {
    const failed = exit.stdout.split('\n').filter((line) => / FAILED /.test(line));
    expect({ code: exit.code, failed: failed.filter((line) => !/^\w+\/\(locked\): FAILED .*already running/.test(line)), stderr: /^\s+at /m.test(exit.stderr) ? exit.stderr : '' })
      .toEqual({ code: failed.length ? 1 : 0, failed: [], stderr: '' });
  }

  const closes = await Promise.all([0, 1].map(() => startHub(['close', '--period', PERIOD], { db, roots }).exit));
  for (const exit of closes) expect({ code: exit.code, stderr: exit.code === 0 ? '' : exit.stderr }).toEqual({ code: 0, stderr: '' });
  // one close made version 1, the other found it made
  const results = closes.map((exit) => JSON.parse(exit.stdout) as { version: number; newVersion: boolean });
  expect(results.map((r) => [r.version, r.newVersion]).sort()).toEqual([[1, false], [1, true]]);
  expectSameDump(await dumpAndDrop(process.env.MONGODB_URI!, db, home()), undisturbed);
});
