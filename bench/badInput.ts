/**
 * Bad-input benchmark (issue 14): the peak RSS of a full sync of an export corrupted by
 * sandbox/badInput.ts (a 2 MB CSV line, a 10 MB JSON line, oversized cells, a truncated XLSX, refused
 * index entries…) against an undisturbed sync of the same export, each in its own child process
 * (`resourceUsage().maxRSS`), and their ratio (target ≤ 1.5: an oversized record costs about one
 * record's limit, not its size).
 *
 *   npx tsx bench/badInput.ts              size 0.3
 *   BENCH_SIZE=1 npx tsx bench/badInput.ts
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { buildConnectors } from '../connectors/registry';
import { exportBundles, generateScenario } from '../sandbox';
import { corruptBundles } from '../sandbox/badInput';
import { loadConfig } from '../src/config';
import { connectMongo, syncIndexes } from '../src/infra/mongo';
import { resolveServices } from '../src/infra/services';
import { runSync } from '../src/ingest/engine';
import '../src/model';

interface ChildResult {
  records: number;
  quarantined: number;
  syncMs: number;
  maxRssMb: number;
}

const SOURCES = ['industrial', 'household', 'construction', 'medical', 'taxstat'] as const;

/** Child: one full sync of a bundle into a fresh database; prints its result as the last line. */
async function child(mongoUri: string, dbName: string, bundleDir: string): Promise<void> {
  await connectMongo(mongoUri, dbName);
  await mongoose.connection.dropDatabase();
  await syncIndexes();
  const env: Record<string, string> = { NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32), LOG_LEVEL: 'warn' };
  for (const source of SOURCES) env[`SOURCE_${source.toUpperCase()}_URL`] = `file://${join(bundleDir, source)}`;
  const started = performance.now();
  const runs = await runSync('all', { connectors: buildConnectors(loadConfig(env)) });
  const syncMs = performance.now() - started;
  const failed = runs.filter((r) => r.status !== 'SUCCEEDED');
  if (failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(failed.map((r) => [r.source, r.stream, r.errors]))}`);
  const result: ChildResult = {
    records: runs.reduce((n, r) => n + r.counts.new + r.counts.changed + r.counts.unchanged, 0),
    quarantined: runs.reduce((n, r) => n + r.counts.quarantined, 0),
    syncMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
  console.log(JSON.stringify(result));
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
  const size = Number(process.env.BENCH_SIZE ?? '0.3');
  const work = mkdtempSync(join(tmpdir(), 'bench-bad-input-'));
  const services = await resolveServices(loadConfig({ DATA_DIR: join(work, 'data'), LOG_LEVEL: 'warn' }));
  try {
    const cleanDir = join(work, 'clean');
    const badDir = join(work, 'bad');
    await exportBundles(generateScenario({ size }), cleanDir);
    cpSync(cleanDir, badDir, { recursive: true });
    const injected = await corruptBundles(Object.fromEntries(SOURCES.map((s) => [s, join(badDir, s)])) as Record<(typeof SOURCES)[number], string>);
    const runChild = (db: string, dir: string): ChildResult => {
      const output = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', services.mongoUri, db, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: 'warn' } });
      return JSON.parse(output.trim().split('\n').at(-1)!) as ChildResult;
    };
    const clean = runChild('bench_bad_input_clean', cleanDir);
    const bad = runChild('bench_bad_input_bad', badDir);
    console.log(['export', 'records stored', 'quarantined', 'sync s', 'peak RSS MB'].join('\t'));
    console.log([`${size}× undisturbed`, clean.records, clean.quarantined, (clean.syncMs / 1000).toFixed(1), clean.maxRssMb.toFixed(0)].join('\t'));
    console.log([`${size}× + ${injected.length} bad inputs`, bad.records, bad.quarantined, (bad.syncMs / 1000).toFixed(1), bad.maxRssMb.toFixed(0)].join('\t'));
    console.log(`peak RSS ratio (bad / undisturbed): ${(bad.maxRssMb / clean.maxRssMb).toFixed(2)} (target ≤ 1.5)`);
  } finally {
    await services.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
