/**
 * bench/reconcile — `npx tsx bench/reconcile.ts [--sizes 1,10] [--reuse-synced]`
 *
 * `--reuse-synced` keeps the databases a previous run synced (under .tmp/bench-reconcile) and only
 * measures reconciliation again; without it every size is generated and synced afresh.
 *
 * On a synced 1× and 10× sandbox district-month (FerretDB, embedded), prints for each size: recall and
 * precision against the scenario's ground truth, flags/s, full-reconciliation time against one bare
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
async function syncChild(size: number, uri: string): Promise<void> {
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
    const runs = await runSync('all', { connectors });
    const failed = runs.filter((r) => r.status !== 'SUCCEEDED');
    if (failed.length) throw new Error(`sync failed: ${JSON.stringify(failed.map((r) => [r.source, r.stream, r.errors]))}`);
    const truth = scenario.groundTruth;
    writeFileSync(join(WORK, `truth-${size}.json`), JSON.stringify({ horizon: scenario.horizon, discrepancies: truth.discrepancies, nearMisses: truth.nearMisses, records: runs.reduce((s, r) => s + r.counts.read, 0) }));
  } finally {
    rmSync(bundleDir, { recursive: true, force: true });
    await mongoose.disconnect();
  }
}

/** Child 2: one bare cursor scan of the collections reconciliation reads (its own process: its RSS is not reconciliation's). */
async function scanChild(size: number, uri: string): Promise<void> {
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
  writeFileSync(join(WORK, `scan-${size}.json`), JSON.stringify({ scanDocs, scanMs, movementScanMs }));
  await mongoose.disconnect();
}

/** Child 3: a full reconciliation from scratch; scored against the ground truth. */
async function reconcileChild(size: number, uri: string): Promise<void> {
  await connect(uri, `bench_reconcile_${String(size).replace('.', '_')}`);
  const { FlagModel } = await import('../src/reconcile/flagModel');
  const { ReconcileRunModel } = await import('../src/reconcile/reconcileRunModel');
  const { runReconciliation } = await import('../src/reconcile/engine');
  const { score } = await import('../test/integration/reconcile/groundTruthHarness');
  const truth = JSON.parse(readFileSync(join(WORK, `truth-${size}.json`), 'utf8')) as { horizon: number; discrepancies: never[]; nearMisses: never[]; records: number };
  const { scanDocs, scanMs, movementScanMs } = JSON.parse(readFileSync(join(WORK, `scan-${size}.json`), 'utf8')) as { scanDocs: number; scanMs: number; movementScanMs: number };
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
  const result = score(truth, flags);
  const measure: ReconcileMeasure = {
    size, records: truth.records, scanDocs, scanMs, reconcileMs, flags: flags.length, recall: result.recall, precision: result.precision,
    missed: result.missed, extra: result.extra, maxRssKb: process.resourceUsage().maxRSS, movementScanMs, yearIndicatorsMs, years,
  };
  writeFileSync(join(WORK, `measure-${size}.json`), JSON.stringify(measure));
  await mongoose.disconnect();
}

function child(mode: 'sync' | 'scan' | 'reconcile', size: number, uri: string): void {
  execFileSync(process.execPath, [...process.execArgv, __filename, mode, String(size), uri], { stdio: 'inherit', cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn' } });
}

async function main(): Promise<void> {
  const [mode, sizeArg, uriArg] = process.argv.slice(2);
  if (mode === 'sync') return syncChild(Number(sizeArg), uriArg!);
  if (mode === 'scan') return scanChild(Number(sizeArg), uriArg!);
  if (mode === 'reconcile') return reconcileChild(Number(sizeArg), uriArg!);

  const sizesFlag = process.argv.indexOf('--sizes');
  const sizes = sizesFlag > 0 ? process.argv[sizesFlag + 1]!.split(',').map(Number) : [1, 10];
  mkdirSync(WORK, { recursive: true });
  const { startFerretDB } = await import('../src/infra/embedded');
  const dataDir = join(WORK, 'ferretdb');
  const reuse = process.argv.includes('--reuse-synced');
  if (!reuse) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const ferret = process.env.MONGODB_URI ? null : await startFerretDB({ dataDir, bin: process.env.FERRETDB_BIN });
  const uri = process.env.MONGODB_URI ?? ferret!.url;
  try {
    const measures: ReconcileMeasure[] = [];
    for (const size of sizes) {
      const t0 = performance.now();
      if (reuse && existsSync(join(WORK, `truth-${size}.json`))) {
        console.log(`size ${size}: reusing the database synced before`);
      } else {
        child('sync', size, uri);
        console.log(`size ${size}: synced in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
      child('scan', size, uri);
      child('reconcile', size, uri);
      measures.push(JSON.parse(readFileSync(join(WORK, `measure-${size}.json`), 'utf8')) as ReconcileMeasure);
    }
    console.log('\nsize  records  flags  recall   precision  flags/s  scan ms  reconcile ms  ratio  peak RSS MB');
    for (const m of measures) {
      console.log(
        `${String(m.size).padEnd(5)} ${String(m.records).padStart(7)}  ${String(m.flags).padStart(5)}  ${(m.recall * 100).toFixed(1).padStart(5)} %  ${(m.precision * 100).toFixed(1).padStart(6)} %  ${(m.flags / (m.reconcileMs / 1000)).toFixed(0).padStart(7)}  ${m.scanMs.toFixed(0).padStart(7)}  ${m.reconcileMs.toFixed(0).padStart(12)}  ${(m.reconcileMs / m.scanMs).toFixed(2).padStart(5)}  ${(m.maxRssKb / 1024).toFixed(0).padStart(11)}`,
      );
      if (m.missed.length || m.extra.length) console.log(`  missed: ${m.missed.join(' ') || '-'}\n  extra: ${m.extra.join(' ') || '-'}`);
    }
    const ratios = measures.map((m) => m.reconcileMs / m.scanMs);
    console.log(`\nfull reconciliation ÷ bare scan: ${ratios.map((r) => r.toFixed(2)).join(', ')} (bar ≤ 3): ${ratios.every((r) => r <= 3) ? 'PASS' : 'FAIL'}`);
    if (measures.length >= 2) {
      const rss = measures.at(-1)!.maxRssKb / measures[0]!.maxRssKb;
      console.log(`peak RSS ${measures.at(-1)!.size}× ÷ ${measures[0]!.size}×: ${rss.toFixed(2)} (bar ≤ 1.5): ${rss <= 1.5 ? 'PASS' : 'FAIL'}`);
    }
    for (const m of measures) {
      const ratio = m.yearIndicatorsMs / m.years.length / m.movementScanMs;
      console.log(`size ${m.size}: year indicators (${m.years.join(', ')}) ${(m.yearIndicatorsMs / 1000).toFixed(1)} s, per year ${ratio.toFixed(2)} × one bare scan of the movements (${m.movementScanMs.toFixed(0)} ms) (bar ≤ 2): ${ratio <= 2 ? 'PASS' : 'FAIL'}`);
    }
    const perfect = measures.every((m) => m.recall === 1 && m.precision === 1);
    console.log(`recall and precision 100 %: ${perfect ? 'PASS' : 'FAIL'}`);
  } finally {
    await ferret?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
