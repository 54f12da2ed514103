/** `hub` child processes for the fault-injection tests, and what a run leaves, for comparisons. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { IndicatorValueModel } from '../../../src/indicators/indicatorValueModel';
import { PeriodModel } from '../../../src/indicators/periodModel';
import { checkMovementLists } from '../../../src/ingest/movementLists';
import { connectMongo } from '../../../src/infra/mongo';
import { STREAMS } from '../../../src/model/reference/agencies';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { ReconcileRunModel } from '../../../src/reconcile/reconcileRunModel';
import { SyncRunModel } from '../../../src/model/syncRun';
import { canonicalDump } from '../ingest/support';

export const ROOT = join(__dirname, '..', '..', '..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface HubOptions {
  /** database name on `mongoUri` */
  db: string;
  /** the export's folders by source (SOURCE_<ID>_URL=file://…) */
  roots?: Record<string, string>;
  /** default: the test run's servers; '' for the embedded default */
  mongoUri?: string;
  redisUrl?: string;
  killAt?: string;
  pointsLog?: string;
  env?: NodeJS.ProcessEnv;
}

export interface HubProcess {
  child: ChildProcess;
  exit: Promise<Exit>;
  /** resolves when stdout has printed a line matching `pattern` */
  printed(pattern: RegExp): Promise<string>;
  /** what stderr has printed so far (its last 8000 characters) */
  stderr(): string;
}

/** Runs a writer script of this folder (`<script>.ts <args>`) in a child process on database `db`, killed at `killAt` if given. */
export function runScript(script: string, args: string[], db: string, killAt = ''): Promise<Exit> {
  const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', MONGODB_DB: db, HUB_KILL_AT: killAt };
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, script), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Starts `hub <args>` as a child process. */
export function startHub(args: string[], options: HubOptions): HubProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGODB_URI: options.mongoUri ?? process.env.MONGODB_URI,
    REDIS_URL: options.redisUrl ?? process.env.REDIS_URL,
    MONGODB_DB: options.db,
    HUB_KILL_AT: options.killAt ?? '',
    HUB_KILL_POINTS_LOG: options.pointsLog ?? '',
    ...Object.fromEntries(Object.entries(options.roots ?? {}).map(([source, dir]) => [`SOURCE_${source.toUpperCase()}_URL`, `file://${dir}`])),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli.ts'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-4_000_000);
    for (const wait of [...waiting]) {
      const line = stdout.split('\n').find((l) => wait.pattern.test(l));
      if (line !== undefined) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve(line);
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  const exit = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const printed = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const line = stdout.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) return resolve(line);
      waiting.push({ pattern, resolve });
      void exit.then((e) => reject(new Error(`hub ${args.join(' ')} exited (${e.code ?? e.signal}) before printing ${pattern}: ${e.stderr}`)));
    });
  return { child, exit, printed, stderr: () => stderr };
}

export function hub(args: string[], options: HubOptions): Promise<Exit> {
  return startHub(args, options).exit;
}

export async function expectKilled(run: Promise<Exit>): Promise<void> {
  const exit = await run;
  expect({ signal: exit.signal, stderr: exit.signal ? '' : exit.stderr }).toEqual({ signal: 'SIGKILL', stderr: '' });
}

export async function expectSucceeded(run: Promise<Exit>): Promise<Exit> {
  const exit = await run;
  expect({ code: exit.code, stderr: exit.code === 0 ? '' : exit.stderr }).toEqual({ code: 0, stderr: '' });
  return exit;
}

/**
 * Everything a run left in database `db` of `uri`, without ids and timestamps (records by source id,
 * flags by key with their evidence hash, indicator values with their versions), then drops it; the
 * mongoose connection goes back to `back` afterwards.
 */
export async function dumpAndDrop(uri: string, db: string, back: { uri: string; db: string }): Promise<Record<string, string[]>> {
  await mongoose.disconnect();
  await connectMongo(uri, db);
  const flags = await FlagModel.find({}).lean();
  const values = await IndicatorValueModel.find({}).lean();
  const periods = await PeriodModel.find({}).lean();
  const result = {
    ...(await canonicalDump()),
    flags: flags.map((f) => JSON.stringify([f.key, f.status, f.severity, f.evidenceHash, f.evidence.difference, f.evidence.message, f.evidence.sides.map((s) => s.value)])).sort(),
    indicatorValues: values.map((v) => JSON.stringify([v.code, v.period, v.area, v.version, v.current, v.value, v.numerator, v.denominator])).sort(),
    periods: periods.map((p) => JSON.stringify([p.period, p.status, p.dirty, p.lastVersion, p.versions.map((v) => [v.version, v.indicatorValues]), p.pendingClose ?? null])),
    runningRuns: [String(await SyncRunModel.countDocuments({ status: 'RUNNING' })), String(await ReconcileRunModel.countDocuments({ status: 'RUNNING' }))],
    // the movement lists a killed holder left stale are rebuilt by the next: none differs from the movements
    movementListDrift: (await checkMovementLists(STREAMS)).map((drift) => JSON.stringify(drift)),
  };
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
  await connectMongo(back.uri, back.db);
  return result;
}

/** Compares two dumps collection by collection (a failure names the collection). */
export function expectSameDump(disturbed: Record<string, string[]>, undisturbed: Record<string, string[]>, context: unknown = null): void {
  expect(undisturbed.indicatorValues!.length).toBeGreaterThan(0);
  expect(undisturbed.flags!.length).toBeGreaterThan(0);
  expect(Object.keys(disturbed).sort()).toEqual(Object.keys(undisturbed).sort());
  for (const collection of Object.keys(undisturbed)) expect({ context, collection, docs: disturbed[collection] }).toEqual({ context, collection, docs: undisturbed[collection] });
}

/** mulberry32: what a seed picks is the same on every machine */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
