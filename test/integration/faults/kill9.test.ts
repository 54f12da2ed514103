/**
 * Fault injection: `hub` child processes SIGKILLed at points of sync, reconcile, indicators and close
 * (HUB_KILL_AT, src/killPoints.ts) picked by a seed among those an undisturbed close passes, then
 * re-run, end with exactly what the undisturbed run stores: the same source records and model
 * documents, the same flags (keys, evidence hashes), the same indicator values and period versions,
 * no run left RUNNING.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundles, generateScenario } from '../../../sandbox';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { dumpAndDrop, expectKilled, expectSameDump, expectSucceeded, hub, random } from './support';

useTestDatabase(__filename);
jest.setTimeout(1_200_000);

const PERIOD = '2026-10';
let work: string;
let roots: Record<string, string>;
/** what an undisturbed close stores, and the kill points it passes (the candidates) */
let undisturbed: Record<string, string[]>;
let passed: string[];
const home = () => ({ uri: process.env.MONGODB_URI!, db: testDatabaseName(__filename) });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'kill9-'));
  roots = await exportBundles(generateScenario({ size: 0.05 }), work);
  // a close runs the final sync, the full reconciliation and the indicators before it freezes
  const clean = `${testDatabaseName(__filename)}_clean`;
  const pointsLog = join(work, 'points.log');
  await expectSucceeded(hub(['close', '--period', PERIOD], { db: clean, roots, pointsLog }));
  passed = (await readFile(pointsLog, 'utf8')).split('\n').filter(Boolean);
  undisturbed = await dumpAndDrop(process.env.MONGODB_URI!, clean, home());
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const PHASES = ['sync', 'reconcile', 'indicators', 'close'] as const;
/** several seeds of the kill points; HUB_FAULT_SEEDS=1,2,3,… runs more (the CI's fault bench runs more) */
const SEEDS = (process.env.HUB_FAULT_SEEDS ?? '1').split(',').map(Number);

it.each(SEEDS)('killed at points of sync, reconcile, indicators and close picked by seed %i and re-run, the hub ends as an undisturbed run', async (seed) => {
  const killed = `${testDatabaseName(__filename)}_killed${seed}`;
  const pick = random(seed);
  const points = PHASES.map((phase) => {
    const candidates = passed.filter((p) => p.startsWith(`${phase}:`));
    expect({ phase, passed: candidates.length > 0 }).toEqual({ phase, passed: true });
    return candidates[Math.floor(pick() * candidates.length)]!;
  });

  // each phase killed in turn: the sync alone, then a close (its own sync, reconciliation and
  // indicators) killed in each later phase, each run resuming what the previous one left
  await expectKilled(hub(['sync', 'all'], { db: killed, roots, killAt: points[0] }));
  for (const killAt of points.slice(1)) await expectKilled(hub(['close', '--period', PERIOD], { db: killed, roots, killAt }));
  await expectSucceeded(hub(['close', '--period', PERIOD], { db: killed, roots }));

  expectSameDump(await dumpAndDrop(process.env.MONGODB_URI!, killed, home()), undisturbed, { seed, points });
});
