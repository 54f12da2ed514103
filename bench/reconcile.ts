/**
 * bench/reconcile — `npx tsx bench/reconcile.ts [--sizes 1,10] [--reuse-synced] [--backends sqlite,postgresql]`
 *
 * `--reuse-synced` keeps the databases a previous run synced (under .tmp/bench-reconcile) and only
 * measures reconciliation again; without it every size is generated and synced afresh.
 *
 * On a synced 1× and 10× sandbox district-month (FerretDB, embedded, on each store backend measured:
 * bench/backends.ts, SQLite and PostgreSQL when PostgreSQL answers), prints for each backend and size: recall and
 * precision against the scenario's ground truth as a hub that first synced after every due day knows it
 * (one sync, on the hub's clock at the horizon: a delayed filing's lateness is unknown to it, so the
 * truth's COMPLETENESS DELAYED entries are left out and counted: groundTruthHarness `unwatched`; the
 * watched case is test/integration/reconcile/groundTruthWorlds.test.ts), flags/s, full-reconciliation time against one bare
 * cursor scan of the collections reconciliation reads (ratio, must be ≤ 3), and the peak RSS of the
 * reconciling process; then peak RSS 10× ÷ 1× (must be ≤ 1.5); then the year indicators of each year
 * the scenario covers, per year, against one bare scan of the movements (must be ≤ 2). All in one run.
 *
 * Each measurement runs in its own child process so `process.resourceUsage().maxRSS` is the peak of
 * reconciliation alone: one child generates the scenario and syncs it (that process holds the whole
 * scenario in memory, so its RSS says nothing about reconciliation); a second scans; a fresh third reconciles.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { benchBackends, startBenchStore } from './backends';

const ROOT = join(__dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench-reconcile');

interface ReconcileMeasure {
  size: number;
  records: number;
  scanDocs: number;
  scanMs: number;
  reconcileMs: number;
  flags: number;
  recall: number;
  precision: number;
  missed: string[];
  extra: string[];
  /** COMPLETENESS DELAYED entries of the truth left out of the score (lateness unknown to a backfill) */
  unwatchedDelayed: number;
  maxRssKb: number;
  /** one bare cursor scan of the movements alone */
  movementScanMs: number;
  /** every year's indicators of the scenario (`hub indicators --period YYYY`), after the reconciliation */
  yearIndicatorsMs: number;
  years: string[];
}

async function connect(uri: string, db: string): Promise<void> {
  const { connectMongo, syncIndexes } = await import('../src/infra/mongo');
  await import('../src/model');
  await import('../src/reconcile/reconcileRunModel');
  await import('../src/reconcile/flagModel');
  await connectMongo(uri, db);
  await syncIndexes();
}

/** Child 1: generate the scenario, serve it, sync it into a fresh database; write the ground truth. */
async function syncChild(size: number, uri: string, tag: string): Promise<void> {
  const { exportBundles, generateScenario } = await import('../sandbox');
  const { runSync } = await import('../src/ingest/engine');
  const { buildConnectors } = await import('../connectors/registry');
  const { loadConfig } = await import('../src/config');
  await connect(uri, `bench_reconcile_${String(size).replace('.', '_')}`);
  await mongoose.connection.dropDatabase();
  const { syncIndexes } = await import('../src/infra/mongo');
  await syncIndexes();
  // file:// bundles: the data the servers serve at the horizon, without paging and rate limits.
  const scenario = generateScenario({ size });
  const bundleDir = join(WORK, `bundles-${size}`);
  rmSync(bundleDir, { recursive: true, force: true });
  const roots = await exportBundles(scenario, bundleDir);
  try {
    const env: Record<string, string> = { NODE_ENV: 'test' };
    for (const [source, dir] of Object.entries(roots)) env[`SOURCE_${source.toUpperCase()}_URL`] = `file://${dir}`;
    const connectors = buildConnectors(loadConfig(env));
    // on the hub's clock at the horizon too: one sync after every due day, whatever the wall clock says
    const runs = await runSync('all', { connectors, asOf: new Date(scenario.horizon) });
    const failed = runs.filter((r) => r.status !== 'SUCCEEDED');
    if (failed.length) throw new Error(`sync failed: ${JSON.stringify(failed.map((r) => [r.source, r.stream, r.errors]))}`);
    const truth = scenario.groundTruth;
    writeFileSync(join(WORK, `truth-${tag}-${size}.json`), JSON.stringify({ horizon: scenario.horizon, discrepancies: truth.discrepancies, nearMisses: truth.nearMisses, records: runs.reduce((s, r) => s + r.counts.read, 0) }));
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
    await mongoose.disconnect();
  }
}

/** Child 2: one bare cursor scan of the collections reconciliation reads (its own process: its RSS is not reconciliation's). */
async function scanChild(size: number, uri: string, tag: string): Promise<void> {
  await connect(uri, `bench_reconcile_${String(size).replace('.', '_')}`);
  const collections = ['movements', 'periodreports', 'parties', 'facilities', 'projects', 'vehicles', 'resolutioncases'];
  const db = mongoose.connection.db!;
  let scanDocs = 0;
  const scanStart = performance.now();
  for (const name of collections) for await (const _doc of db.collection(name).find({})) scanDocs++;
  const scanMs = performance.now() - scanStart;
  const movementStart = performance.now();
  let movements = 0;
  for await (const _doc of db.collection('movements').find({})) movements++;
  if (movements === 0) throw new Error('no movements to scan');
  const movementScanMs = performance.now() - movementStart;
  writeFileSync(join(WORK, `scan-${tag}-${size}.json`), JSON.stringify({ scanDocs, scanMs, movementScanMs }));
  await mongoose.disconnect();
}

/** Child 3: a full reconciliation from scratch; scored against the ground truth. */
async function reconcileChild(size: number, uri: string, tag: string): Promise<void> {
  await connect(uri, `bench_reconcile_${String(size).replace('.', '_')}`);
  const { FlagModel } = await import('../src/reconcile/flagModel');
  const { ReconcileRunModel } = await import('../src/reconcile/reconcileRunModel');
  const { runReconciliation } = await import('../src/reconcile/engine');
  const { score, unwatched } = await import('../test/integration/reconcile/groundTruthHarness');
  const truth = JSON.parse(readFileSync(join(WORK, `truth-${tag}-${size}.json`), 'utf8')) as { horizon: number; discrepancies: never[]; nearMisses: never[]; records: number };
  const { scanDocs, scanMs, movementScanMs } = JSON.parse(readFileSync(join(WORK, `scan-${tag}-${size}.json`), 'utf8')) as { scanDocs: number; scanMs: number; movementScanMs: number };
  await FlagModel.deleteMany({});
  await ReconcileRunModel.deleteMany({});
  const recStart = performance.now();
  await runReconciliation({ full: true, asOf: new Date(truth.horizon), actor: 'bench' });
  const reconcileMs = performance.now() - recStart;
  // the year indicators of every year the scenario's movements cover, as `hub indicators --period YYYY` computes them
  const { computeIndicators } = await import('../src/indicators/engine');
  const years = ((await mongoose.connection.db!.collection('movements').distinct('period')) as string[]).map((p) => p.slice(0, 4)).filter((y, i, all) => /^\d{4}$/.test(y) && all.indexOf(y) === i).sort();
  const yearStart = performance.now();
  for (const year of years) await computeIndicators({ periods: [year] });
  const yearIndicatorsMs = performance.now() - yearStart;
  const flags = await FlagModel.find({ closedByEngineAt: null }).select({ rule: 1, subject: 1, period: 1 }).lean<{ rule: string; subject: { key: string }; period: string }[]>();
  // the sync ran once, after every due day: the hub did not watch a delayed filing arrive (src/completeness/calendar.ts cellStatus)
  const known = unwatched(truth);
  const result = score(known, flags);
  const measure: ReconcileMeasure = {
    size, records: truth.records, scanDocs, scanMs, reconcileMs, flags: flags.length, recall: result.recall, precision: result.precision,
    missed: result.missed, extra: result.extra, unwatchedDelayed: truth.discrepancies.length - known.discrepancies.length, maxRssKb: process.resourceUsage().maxRSS, movementScanMs, yearIndicatorsMs, years,
  };
  writeFileSync(join(WORK, `measure-${tag}-${size}.json`), JSON.stringify(measure));
  await mongoose.disconnect();
}

function child(mode: 'sync' | 'scan' | 'reconcile', size: number, uri: string, tag: string): void {
  execFileSync(process.execPath, [...process.execArgv, __filename, mode, String(size), uri, tag], { stdio: 'inherit', cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } });
}

async function main(): Promise<void> {
  const [mode, sizeArg, uriArg, tagArg] = process.argv.slice(2);
  if (mode === 'sync') return syncChild(Number(sizeArg), uriArg!, tagArg!);
  if (mode === 'scan') return scanChild(Number(sizeArg), uriArg!, tagArg!);
  if (mode === 'reconcile') return reconcileChild(Number(sizeArg), uriArg!, tagArg!);

  const sizesFlag = process.argv.indexOf('--sizes');
  const sizes = sizesFlag > 0 ? process.argv[sizesFlag + 1]!.split(',').map(Number) : [1, 10];
  mkdirSync(WORK, { recursive: true });
  const reuse = process.argv.includes('--reuse-synced');
  for (const backend of await benchBackends()) {
    const dataDir = join(WORK, `ferretdb-${backend}`);
    if (!reuse) rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    const store = await startBenchStore(backend, dataDir, 'bench_reconcile', { keep: reuse });
    try {
      report(backend, measureSizes(sizes, store.mongoUri, backend, reuse));
    } finally {
      await store.stop();
    }
  }
}

function measureSizes(sizes: number[], uri: string, tag: string, reuse: boolean): ReconcileMeasure[] {
  const measures: ReconcileMeasure[] = [];
  for (const size of sizes) {
    const t0 = performance.now();
    if (reuse && existsSync(join(WORK, `truth-${tag}-${size}.json`))) {
      console.log(`${tag} size ${size}: reusing the database synced before`);
    } else {
      child('sync', size, uri, tag);
      console.log(`${tag} size ${size}: synced in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    child('scan', size, uri, tag);
    child('reconcile', size, uri, tag);
    measures.push(JSON.parse(readFileSync(join(WORK, `measure-${tag}-${size}.json`), 'utf8')) as ReconcileMeasure);
  }
  return measures;
}

function report(backend: string, measures: ReconcileMeasure[]): void {
  console.log(`\nbackend ${backend}`);
  console.log('size  records  flags  recall   precision  flags/s  scan ms  reconcile ms  ratio  peak RSS MB');
  for (const m of measures) {
    console.log(
      `${String(m.size).padEnd(5)} ${String(m.records).padStart(7)}  ${String(m.flags).padStart(5)}  ${(m.recall * 100).toFixed(1).padStart(5)} %  ${(m.precision * 100).toFixed(1).padStart(6)} %  ${(m.flags / (m.reconcileMs / 1000)).toFixed(0).padStart(7)}  ${m.scanMs.toFixed(0).padStart(7)}  ${m.reconcileMs.toFixed(0).padStart(12)}  ${(m.reconcileMs / m.scanMs).toFixed(2).padStart(5)}  ${(m.maxRssKb / 1024).toFixed(0).padStart(11)}`,
    );
    if (m.unwatchedDelayed) console.log(`  ${m.unwatchedDelayed} delayed filing(s) of the truth not scored: one sync after their due day cannot know their lateness`);
    if (m.missed.length || m.extra.length) console.log(`  missed: ${m.missed.join(' ') || '-'}\n  extra: ${m.extra.join(' ') || '-'}`);
  }
  const ratios = measures.map((m) => m.reconcileMs / m.scanMs);
  console.log(`${backend}: full reconciliation ÷ bare scan: ${ratios.map((r) => r.toFixed(2)).join(', ')} (bar ≤ 3): ${ratios.every((r) => r <= 3) ? 'PASS' : 'FAIL'}`);
  if (measures.length >= 2) {
    const rss = measures.at(-1)!.maxRssKb / measures[0]!.maxRssKb;
    console.log(`${backend}: peak RSS ${measures.at(-1)!.size}× ÷ ${measures[0]!.size}×: ${rss.toFixed(2)} (bar ≤ 1.5): ${rss <= 1.5 ? 'PASS' : 'FAIL'}`);
  }
  for (const m of measures) {
    const ratio = m.yearIndicatorsMs / Math.max(1, m.years.length) / m.movementScanMs;
    console.log(`${backend} size ${m.size}: year indicators (${m.years.join(', ')}) ${(m.yearIndicatorsMs / 1000).toFixed(1)} s, per year ${ratio.toFixed(2)} × one bare scan of the movements (${m.movementScanMs.toFixed(0)} ms) (bar ≤ 2): ${ratio <= 2 ? 'PASS' : 'FAIL'}`);
  }
  const perfect = measures.every((m) => m.recall === 1 && m.precision === 1);
  console.log(`${backend}: recall and precision 100 %: ${perfect ? 'PASS' : 'FAIL'}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
