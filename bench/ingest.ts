/**
 * Ingest benchmark (DESIGN §10 "Speed"): a full sync of a district-month bundle (`file://` export of the
 * sandbox scenario) into a fresh database, against the raw driver's insertMany of the same number of
 * documents into the same store, in one run; and peak RSS of the sync for a 1× and a 10× bundle (each
 * sync in its own child process, read from `process.resourceUsage().maxRSS`), which must not grow with
 * the bundle because records stream through.
 *
 *   npx tsx bench/ingest.ts                 sizes 1 and 10
 *   BENCH_SIZES=0.3,3 npx tsx bench/ingest.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { buildConnectors } from '../connectors/registry';
import { exportBundles, generateScenario } from '../sandbox';
import { loadConfig } from '../src/config';
import { connectMongo, syncIndexes } from '../src/infra/mongo';
import { resolveServices } from '../src/infra/services';
import { runSync } from '../src/ingest/engine';
import '../src/model';

interface ChildResult {
  records: number;
  syncMs: number;
  maxRssMb: number;
}

const RAW_CHUNK = 500;

/** Child: one full sync of a bundle into a fresh database; prints its result as the last line. */
async function child(mongoUri: string, dbName: string, bundleDir: string): Promise<void> {
  await connectMongo(mongoUri, dbName);
  await mongoose.connection.dropDatabase();
  await syncIndexes();
  const env: Record<string, string> = { NODE_ENV: 'production', TOKEN_SECRET: 'x'.repeat(32), LOG_LEVEL: 'warn' };
  for (const source of ['industrial', 'household', 'construction', 'medical', 'taxstat']) env[`SOURCE_${source.toUpperCase()}_URL`] = `file://${join(bundleDir, source)}`;
  const started = performance.now();
  const runs = await runSync('all', { connectors: buildConnectors(loadConfig(env)) });
  const syncMs = performance.now() - started;
  const failed = runs.filter((r) => r.status !== 'SUCCEEDED');
  if (failed.length > 0) throw new Error(`sync failed: ${JSON.stringify(failed.map((r) => [r.source, r.stream, r.errors]))}`);
  const records = runs.reduce((n, r) => n + r.counts.read, 0);
  await mongoose.disconnect();
  const result: ChildResult = { records, syncMs, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(result));
}

/** The raw driver's insertMany of `count` copies of the synced SourceRecord documents (fresh ids) into the same store. */
async function rawInsertRate(mongoUri: string, sourceDb: string, count: number): Promise<number> {
  await connectMongo(mongoUri, sourceDb);
  const client = mongoose.connection.getClient();
  const target = client.db(`${sourceDb}_raw`).collection('sourcerecords');
  await target.drop().catch(() => undefined);
  const docs = await client.db(sourceDb).collection('sourcerecords').find({}, { projection: { _id: 0 } }).limit(count).toArray();
  const started = performance.now();
  for (let i = 0; i < docs.length; i += RAW_CHUNK) await target.insertMany(docs.slice(i, i + RAW_CHUNK).map((doc) => ({ ...doc })), { ordered: false });
  const ms = performance.now() - started;
  await client.db(`${sourceDb}_raw`).dropDatabase();
  await mongoose.disconnect();
  return (docs.length / ms) * 1000;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
  const sizes = (process.env.BENCH_SIZES ?? '1,10').split(',').map(Number);
  const work = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const services = await resolveServices(loadConfig({ DATA_DIR: join(work, 'data'), LOG_LEVEL: 'warn' }));
  // each row is printed as soon as it is measured: a 10× sync takes long
  console.log(['bundle', 'records', 'sync s', 'sync rec/s', 'raw insertMany docs/s', 'ratio', 'peak RSS MB'].join('\t'));
  try {
    for (const [i, size] of sizes.entries()) {
      const bundleDir = join(work, `bundle-${size}`);
      await exportBundles(generateScenario({ size }), bundleDir);
      const dbName = `bench_ingest_${i}`;
      const output = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', services.mongoUri, dbName, bundleDir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LOG_LEVEL: 'warn' } });
      const result = JSON.parse(output.trim().split('\n').at(-1)!) as ChildResult;
      const syncRate = (result.records / result.syncMs) * 1000;
      const rawRate = i === 0 ? await rawInsertRate(services.mongoUri, dbName, result.records) : NaN;
      console.log(
        [`${size}×`, String(result.records), (result.syncMs / 1000).toFixed(1), syncRate.toFixed(0), Number.isNaN(rawRate) ? '—' : rawRate.toFixed(0), Number.isNaN(rawRate) ? '—' : (syncRate / rawRate).toFixed(2), result.maxRssMb.toFixed(0)].join('\t'),
      );
    }
  } finally {
    await services.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
