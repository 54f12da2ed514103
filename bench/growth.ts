/**
 * bench/growth — `npx tsx bench/growth.ts [--size 0.03] [--histories 1,6] [--backends sqlite,postgresql]`
 *
 * Does routine work cost what is new, or what is stored? One seeded scenario of (last history + 3)
 * months is served at two points of its clock: when every stream holds 1 month and 6 months of its
 * data, that is a month later (PUBLICATION_LAG: the monthly ledgers, receipts and recyclables files
 * are published in the month after the one they cover, so after 1 month of clock they hold nothing
 * and the measured month would be their first sync, not a routine one). The same scenario,
 * so the earlier months are byte-identical; each history gets its own fresh database (initial sync,
 * full reconciliation, the last stored month's indicators: set-up, not measured). On top of each, in order:
 * a sync with nothing new, the sync of one new month (the clock moved a month), the incremental
 * reconciliation, the new month's indicators, GraphQL `sources` and GraphQL `movement(id)` (one movement of each stream).
 *
 * Each job is priced by the driver's command monitoring (src/store/commandMonitor.ts): documents the
 * store returned (find/aggregate/getMore) and, as an estimate of what FerretDB v1 decodes, Σ over the
 * statements it answers with a scan (everything but a lone `{_id: value}`) of that collection's size
 * before the job. Prints `job | docs read and seconds at each history | ratios`, then, last,
 * `growth ratio R` = the worst job's documents-read ratio. Embedded FerretDB + redis-server unless
 * MONGODB_URI / REDIS_URL are set; one table per store backend measured (bench/backends.ts: SQLite and
 * PostgreSQL when PostgreSQL answers), R the worst of them.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { print } from 'graphql';
import mongoose from 'mongoose';
import type { StoreReads } from '../src/store/commandMonitor';
import { benchBackends, startBenchStore } from './backends';

const ROOT = join(__dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench-growth');
const SOURCES = ['industrial', 'household', 'construction', 'medical', 'taxstat'] as const;
/** the streams of movements (taxstat's records are period reports) */
const MOVEMENT_STREAMS = ['industrial', 'household', 'construction', 'medical'] as const;

interface JobMeasure {
  returned: number;
  scanned: number;
  seconds: number;
  /** every collection that returned documents, most first: what grows is found per collection */
  perCollection: string;
}

/** Months a stream's monthly file trails the month it covers: `h` months of history are stored once the clock has run h + this. */
const PUBLICATION_LAG = 1;

const sum = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);

function flagValue(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1]! : fallback;
}

async function main(): Promise<void> {
  const size = Number(flagValue('--size', '0.03'));
  const histories = flagValue('--histories', '1,6').split(',').map(Number);
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  process.env.LOG_LEVEL ??= 'warn';
  const backends = await benchBackends();
  const { startRedis } = await import('../src/infra/embedded');
  const redis = process.env.REDIS_URL ? null : await startRedis({ dataDir: join(WORK, 'redis'), bin: process.env.REDIS_SERVER_BIN });
  const redisUrl = process.env.REDIS_URL ?? redis!.url;
  const { generateScenario, exportBundles } = await import('../sandbox');
  const { addMonths, cstMidnight, monthKey, parseMonth } = await import('../sandbox/scenario/clock');
  const { loadConfig } = await import('../src/config');
  const { connectMongo, syncIndexes } = await import('../src/infra/mongo');
  const { sharedRedis, closeRedis } = await import('../src/infra/redis');
  const { startHttpServer } = await import('../src/httpServer');
  const { createApiKey } = await import('../src/auth/keys');
  const { buildConnectors } = await import('../connectors/registry');
  const { runSync } = await import('../src/ingest/engine');
  const { runReconciliation } = await import('../src/reconcile/engine');
  const { rebuildStreamStats } = await import('../src/ingest/streamStats');
  const { computeIndicators } = await import('../src/indicators/engine');
  const { monitorStore } = await import('../src/store/commandMonitor');
  const { SourcesDocument, MovementDetailDocument } = await import('../test/graphql/generated');
  await import('../src/model');
  await import('../src/reconcile/reconcileRunModel');
  await import('../src/reconcile/flagModel');
  await import('../src/indicators/indicatorValueModel');

  // one month past the last new month: every export is a clock point inside the scenario, never its
  // horizon (which adds the late corrections and annual files of the scenario's end)
  const months = Math.max(...histories) + PUBLICATION_LAG + 2;
  const scenario = generateScenario({ size, months });
  const start = parseMonth(scenario.options.startMonth);
  // the clock at the first instant of month `n` (0-based): n whole months have happened
  const clockAfter = (n: number) => cstMidnight(addMonths(start, n));
  console.log(`scenario: seed ${scenario.options.seed}, size ${size}, ${months} months from ${scenario.options.startMonth}; histories ${histories.join(', ')} months`);

  let worstOfAll = 0;
  try {
    for (const backend of backends) {
      const store = await startBenchStore(backend, join(WORK, `ferretdb-${backend}`), 'bench_growth');
      const mongoUri = store.mongoUri;
      console.log(`backend ${backend}`);
      const results = new Map<string, Map<number, JobMeasure>>();
      const jobs: string[] = [];
      // per history, the streams the set-up sync stored nothing of and the new month's sync did: a first sync there
      const firstSyncs = new Map<number, string[]>();
      try {
        for (const history of histories) {
          const dbName = `bench_growth_${history}`;
          const exportAt = async (n: number) => {
            const dir = join(WORK, `bundle-${history}-${n}`);
            rmSync(dir, { recursive: true, force: true });
            return exportBundles(scenario, dir, { asOf: clockAfter(n) });
          };
          const envFor = (roots: Record<string, string>): Record<string, string> => {
            const env: Record<string, string> = { NODE_ENV: 'test', LOG_LEVEL: 'warn' };
            for (const source of SOURCES) env[`SOURCE_${source.toUpperCase()}_URL`] = `file://${roots[source]}`;
            return env;
          };
          await connectMongo(mongoUri, dbName, { monitorCommands: true });
          await mongoose.connection.dropDatabase();
          await syncIndexes();
          const db = mongoose.connection.db!;
          const monitor = monitorStore(mongoose.connection.getClient());

          const setupStarted = performance.now();
          // the clock when every stream holds `history` months: the new month is the next clock month
          const at = history + PUBLICATION_LAG;
          let connectors = buildConnectors(loadConfig(envFor(await exportAt(at))));
          const initial = await runSync('all', { connectors });
          // the operator's clock is the scenario's: time-dependent rules judge deadlines at that instant
          await runReconciliation({ full: true, asOf: new Date(clockAfter(at)), actor: { id: 'bench', label: 'bench/growth set-up' } });
          // the last stored month's values: the new month's are compared with them (earlier months' values
          // would only make the set-up longer)
          await computeIndicators({ periods: [monthKey(addMonths(start, at - 1))] });
          // the stream counters behind `sources` counted once, as `hub stats rebuild` (and the demo) do
          // after the first sync; from then on the syncs keep them
          await rebuildStreamStats();
          console.log(`${history} month(s): set-up (sync of ${initial.reduce((n, r) => n + r.counts.read, 0)} records, full reconciliation, indicators) ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

          const measure = async (job: string, work: () => Promise<unknown>) => {
            const sizes = new Map<string, number>();
            for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) sizes.set(name, await db.collection(name).countDocuments());
            monitor.reset();
            const started = performance.now();
            await work();
            const seconds = (performance.now() - started) / 1000;
            const reads: StoreReads = monitor.reads;
            let scanned = 0;
            for (const [collection, scans] of reads.scans) scanned += scans * (sizes.get(collection) ?? 0);
            const perCollection = [...reads.returned].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ');
            if (!jobs.includes(job)) jobs.push(job);
            if (!results.has(job)) results.set(job, new Map());
            results.get(job)!.set(history, { returned: sum(reads.returned), scanned, seconds, perCollection });
            console.log(`  ${job}: ${sum(reads.returned)} docs read (${perCollection || '—'}), ~${scanned} scanned, ${seconds.toFixed(1)} s`);
          };

          await measure('sync with nothing new', () => runSync('all', { connectors }));
          connectors = buildConnectors(loadConfig(envFor(await exportAt(at + 1))));
          await measure('sync of one new month', async () => {
            const runs = await runSync('all', { connectors });
            const before = new Set(initial.filter((r) => r.counts.read > 0).map((r) => `${r.source}/${r.stream}`));
            firstSyncs.set(history, runs.filter((r) => r.counts.read > 0 && !before.has(`${r.source}/${r.stream}`)).map((r) => `${r.source}/${r.stream}`));
          });
          await measure('incremental reconcile', () => runReconciliation({ asOf: new Date(clockAfter(at + 1)), actor: { id: 'bench', label: 'bench/growth' } }));
          const newMonth = monthKey(addMonths(start, at));
          await measure(`month indicators`, () => computeIndicators({ periods: [newMonth] }));

          sharedRedis(redisUrl);
          const config = loadConfig({ ...envFor(await exportAt(at + 1)), PORT: '0', MONGODB_URI: mongoUri, REDIS_URL: redisUrl, API_RATE_LIMIT_PER_MINUTE: '1000000', API_EXECUTION_TIMEOUT_MS: '3600000' });
          const http = await startHttpServer(config, { embedded: [], redisUrl });
          try {
            const { key } = await createApiKey({ role: 'ADMIN', agency: 'TASKFORCE', createdBy: 'bench' });
            // the deadline is raised: this measures what a read costs, which a 60 s cut would hide
        const request = async (document: Parameters<typeof print>[0], variables: Record<string, unknown> = {}) => {
              const res = await fetch(`${http.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: print(document), variables }) });
              const body = (await res.json()) as { errors?: unknown[] };
              if (body.errors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
            };
            await measure('GraphQL sources', () => request(SourcesDocument));
            // per stream, the same movement at both sizes: of the newest month the stream has (medical
            // ledgers come a month later), the first by `_id`, not the first stored (which source a sync
            // starts first depends on its history); each stream's detail reads other documents (a
            // waybill's vehicle and project, a handover's institution). measure() resets the counts, so
            // picking it is not priced
            for (const stream of MOVEMENT_STREAMS) {
              const movement = await db.collection('movements').findOne({ stream }, { projection: { _id: 1 }, sort: { period: -1, _id: 1 } });
              if (!movement) throw new Error(`no ${stream} movement`);
              await measure(`GraphQL movement(id), ${stream}`, () => request(MovementDetailDocument, { id: String(movement._id) }));
            }
          } finally {
            monitor.stop();
            await http.close();
            await closeRedis();
            await mongoose.disconnect();
          }
        }
      } finally {
        await store.stop();
      }
      worstOfAll = Math.max(worstOfAll, printTable(backend, histories, jobs, results));
      for (const [history, sources] of firstSyncs) {
        if (sources.length === 0) continue;
        // a first sync is not a routine one: a first medical sync builds its handovers from the parts it
        // mapped, with no read of the records (src/ingest/groups.ts CarriedGroups), so its count is lower
        console.log(`note: at @${history} ${sources.join(', ')} had stored nothing before the new month (their first files come later): the "sync of one new month" there is their first sync, not a routine one`);
      }
    }
  } finally {
    await redis?.stop();
  }
  console.log(`growth ratio R ${worstOfAll.toFixed(2)}`);
}

/** One backend's table; returns its worst documents-read ratio. */
function printTable(backend: string, histories: number[], jobs: string[], results: Map<string, Map<number, JobMeasure>>): number {
  const [low, high] = [histories[0]!, histories.at(-1)!];
  const ratio = (a: number, b: number) => (a === 0 ? (b === 0 ? 1 : Infinity) : b / a);
  console.log('');
  console.log(`backend ${backend}`);
  console.log(['job', `docs read @${low}`, `docs read @${high}`, 'ratio', `s @${low}`, `s @${high}`, 'ratio', `~scanned @${low}`, `~scanned @${high}`, 'ratio'].join(' | '));
  let worst = 0;
  let worstScan = 0;
  for (const job of jobs) {
    const a = results.get(job)!.get(low)!;
    const b = results.get(job)!.get(high)!;
    const docsRatio = ratio(a.returned, b.returned);
    const scanRatio = ratio(a.scanned, b.scanned);
    worst = Math.max(worst, docsRatio);
    worstScan = Math.max(worstScan, scanRatio);
    console.log([job, a.returned, b.returned, docsRatio.toFixed(2), a.seconds.toFixed(1), b.seconds.toFixed(1), ratio(a.seconds, b.seconds).toFixed(2), a.scanned, b.scanned, scanRatio.toFixed(2)].join(' | '));
  }
  console.log(`${backend}: scan growth ratio (estimated docs FerretDB decodes) ${worstScan.toFixed(2)}`);
  console.log(`${backend}: growth ratio ${worst.toFixed(2)}`);
  console.log('');
  return worst;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
