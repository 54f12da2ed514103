/**
 * bench/graphql — `npx tsx bench/graphql.ts [--runs 50]`
 *
 * Seeds a year of IndicatorValues (every indicator × district and streets × 12 months + quarters + the
 * year), serves the API, and times in the same run (median of N): the dashboard year page over HTTP
 * (all priority indicators × 12 months, one request) against one indexed `find` (an IndicatorValue by
 * its unique key) on the same store. Prints both and the ratio. Then a neighbour's one-field query
 * (`me`), alone and while another key attacks (the 500-alias `flags(first: 50) { totalCount }` request
 * and the costliest dashboard request the cost limit lets through, four loops each): prints both
 * medians, their ratio and what the attacker was answered. Embedded FerretDB and redis-server unless
 * MONGODB_URI / REDIS_URL are set.
 *
 * First (`--only reads` runs just this part), the reads issue #16 found slow, on the demo's data (the
 * sandbox at the demo's size, synced into a database of its own on the same store): `sources`,
 * `movement(id)` with every nested field, and a page of 50 movements (with its references; and with
 * `totalCount`), each over HTTP as a partner would send it, beside one bare `findOne({_id})` on the
 * same store (driver only): median times and ratios.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { print } from 'graphql';
import mongoose from 'mongoose';
import { median } from './measure';

const ROOT = join(__dirname, '..');
const WORK = join(ROOT, '.tmp', 'bench-graphql');


async function main(): Promise<void> {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 50;
  const onlyFlag = process.argv.indexOf('--only');
  const only = onlyFlag > 0 ? process.argv[onlyFlag + 1] : null;
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  process.env.LOG_LEVEL ??= 'warn';
  const { startFerretDB, startRedis } = await import('../src/infra/embedded');
  const ferret = process.env.MONGODB_URI ? null : await startFerretDB({ dataDir: join(WORK, 'ferretdb'), bin: process.env.FERRETDB_BIN });
  const redis = process.env.REDIS_URL ? null : await startRedis({ dataDir: join(WORK, 'redis'), bin: process.env.REDIS_SERVER_BIN });
  const mongoUri = process.env.MONGODB_URI ?? ferret!.url;
  const redisUrl = process.env.REDIS_URL ?? redis!.url;
  const { loadConfig } = await import('../src/config');
  const { connectMongo, syncIndexes } = await import('../src/infra/mongo');
  const { sharedRedis, closeRedis } = await import('../src/infra/redis');
  const { startHttpServer } = await import('../src/httpServer');
  const { createApiKey } = await import('../src/auth/keys');
  const { IndicatorValueModel } = await import('../src/indicators/indicatorValueModel');
  const { raisePriorityRevision } = await import('../src/indicators/prioritySnapshot');
  const { INDICATORS } = await import('../src/indicators/definitions');
  const { STREET_CODES } = await import('../src/model/reference/streets');
  const { DashboardDocument } = await import('../test/graphql/generated');
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', MONGODB_URI: mongoUri, REDIS_URL: redisUrl, API_RATE_LIMIT_PER_MINUTE: '1000000', API_EXECUTION_TIMEOUT_MS: '60000' });
  // command monitoring: the slow reads print what they asked of the store (src/store/commandMonitor.ts)
  await connectMongo(mongoUri, 'bench_graphql', { monitorCommands: true });
  await mongoose.connection.dropDatabase();
  await syncIndexes();
  sharedRedis(redisUrl);
  const http = await startHttpServer(config, { embedded: [], redisUrl });
  try {
    await slowReads(http.url, Math.min(runs, 20));
    if (only === 'reads') return;
    const year = '2025';
    const periods = [
      ...Array.from({ length: 12 }, (_, i) => ({ key: `${year}-${String(i + 1).padStart(2, '0')}`, kind: 'MONTH' as const })),
      ...[1, 2, 3, 4].map((q) => ({ key: `${year}Q${q}`, kind: 'QUARTER' as const })),
      { key: year, kind: 'YEAR' as const },
    ];
    const now = new Date();
    const docs = INDICATORS.flatMap((def) =>
      ['DISTRICT', ...STREET_CODES].flatMap((area) =>
        periods.map((p) => ({
          code: def.code, period: p.key, periodKind: p.kind, area, version: 0, current: true, value: '0.912345', numerator: '912345000', numeratorUnit: 'g', denominator: '1000000000', denominatorUnit: 'g',
          inputs: [{ name: 'industrial.general.generated', unit: 'g', amount: '1000000000', flagged: '0', goldenApplied: 0, records: 300, sources: ['industrial/GENERAL_LEDGER'], from: 'general-ledgers csl' }],
          goldenApplied: 0, openFlagShare: '0.000000', confidence: '1.000000', target: { evaluation: 'NOT_MET', kind: 'AT_LEAST', text: '≥ 99 %', year: 2027, source: 'SEED_000_2027' },
          previous: { period: 'x', value: '0.9', change: '0.012345' }, manual: null, computedAt: now, computedBy: { id: 'bench', label: 'bench' }, frozenAt: null,
        })),
      ),
    );
    for (let i = 0; i < docs.length; i += 1000) await IndicatorValueModel.insertMany(docs.slice(i, i + 1000), { ordered: false });
    // written past the indicator writer: the dashboard's kept values are reread
    await raisePriorityRevision();
    const { key } = await createApiKey({ role: 'ANALYST', agency: 'TASKFORCE', createdBy: 'bench' });
    const body = JSON.stringify({ query: print(DashboardDocument), variables: { year } });
    const dashboard = async () => {
      const res = await fetch(`${http.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
      const json = (await res.json()) as { data?: { dashboard: { rows: { monthly: unknown[] }[] } }; errors?: unknown };
      if (json.errors || json.data?.dashboard.rows.some((r) => r.monthly.length !== 12)) throw new Error(`dashboard failed: ${JSON.stringify(json.errors)}`);
      return json.data!.dashboard.rows.length;
    };
    const indexedFind = () => IndicatorValueModel.find({ code: 'ZW09', period: `${year}-06`, area: 'DISTRICT', version: 0 }).lean();
    // Warm up both paths.
    for (let i = 0; i < 5; i++) {
      await dashboard();
      await indexedFind();
    }
    const dashboardMs: number[] = [];
    const findMs: number[] = [];
    let rows = 0;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      rows = await dashboard();
      dashboardMs.push(performance.now() - t);
      t = performance.now();
      await indexedFind();
      findMs.push(performance.now() - t);
    }
    const d = median(dashboardMs);
    const f = median(findMs);
    console.log(`store: ${docs.length} IndicatorValues (${INDICATORS.length} indicators × ${1 + STREET_CODES.length} areas × ${periods.length} periods)`);
    console.log(`dashboard year page (${rows} priority indicators × 12 months + year, HTTP + auth + GraphQL): median ${d.toFixed(2)} ms over ${runs} runs`);
    console.log(`one indexed find (IndicatorValue by unique key, driver only):                     median ${f.toFixed(2)} ms over ${runs} runs`);
    console.log(`ratio dashboard / indexed find: ${(d / f).toFixed(2)}`);

    const neighbourKey = (await createApiKey({ role: 'PARTNER', agency: 'TAX', createdBy: 'bench' })).key;
    const attackerKey = (await createApiKey({ role: 'ANALYST', agency: 'TASKFORCE', createdBy: 'bench' })).key;
    const post = (key: string, query: string) =>
      fetch(`${http.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables: { year } }) });
    const neighbour = async () => {
      const t = performance.now();
      const res = await post(neighbourKey, '{ me { keyId } }');
      if (res.status !== 200) throw new Error(`neighbour answered ${res.status}`);
      await res.text();
      return performance.now() - t;
    };
    const countAttack = `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: flags(first: 50) { totalCount }`).join(' ')} }`;
    const heaviestDashboards = `query Attack($year: String!) { ${Array.from({ length: 25 }, (_, i) => `d${i}: dashboard(year: $year) { rows { yearValue { value inputs { amount } } monthly { value inputs { amount } } } }`).join(' ')} }`;
    for (let i = 0; i < 5; i++) await neighbour();
    const aloneMs: number[] = [];
    for (let i = 0; i < runs; i++) aloneMs.push(await neighbour());
    let attacking = true;
    const answered = new Map<string, number>();
    const attackLoop = async (query: string) => {
      while (attacking) {
        const res = await post(attackerKey, query);
        const label = `${res.status}`;
        await res.text();
        answered.set(label, (answered.get(label) ?? 0) + 1);
      }
    };
    const attackers = [...Array.from({ length: 4 }, () => attackLoop(countAttack)), ...Array.from({ length: 4 }, () => attackLoop(heaviestDashboards))];
    await new Promise((r) => setTimeout(r, 500));
    const duringMs: number[] = [];
    for (let i = 0; i < runs; i++) duringMs.push(await neighbour());
    attacking = false;
    await Promise.all(attackers);
    const alone = median(aloneMs);
    const during = median(duringMs);
    console.log(`neighbour { me } alone:                 median ${alone.toFixed(2)} ms over ${runs} runs`);
    console.log(`neighbour { me } during another key's attack: median ${during.toFixed(2)} ms over ${runs} runs (attacker answered: ${[...answered].map(([s, n]) => `${n}× HTTP ${s}`).join(', ')})`);
    console.log(`ratio neighbour during attack / alone: ${(during / alone).toFixed(2)}`);
  } finally {
    await http.close();
    await closeRedis();
    await mongoose.disconnect();
    await Promise.all([ferret?.stop(), redis?.stop()]);
  }
}

/** The demo's data: the sandbox at the demo's default size (`hub demo`: size 0.3, one month), synced. */
const DEMO = { size: 0.3, months: 1 };

/** `sources`, `movement(id)` and a page of 50 movements over HTTP beside one bare `_id` lookup (see the header). */
async function slowReads(url: string, runs: number): Promise<void> {
  const { startSandbox } = await import('../sandbox');
  const { buildConnectors } = await import('../connectors/registry');
  const { loadConfig } = await import('../src/config');
  const { runSync } = await import('../src/ingest/engine');
  const { rebuildStreamStats } = await import('../src/ingest/streamStats');
  const { MovementModel, SourceRecordModel } = await import('../src/model');
  const { createApiKey } = await import('../src/auth/keys');
  const { monitorStore, isPointFilter } = await import('../src/store/commandMonitor');
  const { SourcesDocument, MovementDetailDocument, MovementsDocument, MovementsWithReferencesDocument } = await import('../test/graphql/generated');
  const sandbox = await startSandbox({ scenarioOptions: DEMO });
  try {
    const env = Object.fromEntries(sandbox.envLines().map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
    const t = performance.now();
    await runSync('all', { connectors: buildConnectors(loadConfig({ ...env, NODE_ENV: 'test' })) });
    const records = await SourceRecordModel.estimatedDocumentCount();
    const movements = await MovementModel.estimatedDocumentCount();
    console.log(`demo data (sandbox size ${DEMO.size}, ${DEMO.months} month): ${records} source records, ${movements} movements, synced in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // the counters behind `sources` were kept by the sync; a rebuild (as on the first read of a
    // database no rebuild has vouched for, or `hub stats rebuild`) reads every record once
    const r = performance.now();
    await rebuildStreamStats();
    console.log(`stream counters rebuilt from the collections (once; what the first sources read would cost): ${((performance.now() - r) / 1000).toFixed(1)} s`);
  } finally {
    await sandbox.stop();
  }
  const { key } = await createApiKey({ role: 'ADMIN', agency: 'TASKFORCE', createdBy: 'bench' });
  // a movement with both ends, a vehicle and quantities: the most nested reads
  const sample = (await MovementModel.findOne({ 'vehicle.plate': { $ne: null } }, { _id: 1 }).lean().exec()) ?? (await MovementModel.findOne({}, { _id: 1 }).lean().exec());
  const id = sample!._id;
  const request = async (document: Parameters<typeof print>[0], variables: Record<string, unknown>) => {
    const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: print(document), variables }) });
    const json = (await res.json()) as { errors?: unknown };
    if (json.errors) throw new Error(`${JSON.stringify(json.errors).slice(0, 300)}`);
  };
  const operations: Array<[string, () => Promise<unknown>]> = [
    ['bare findOne({_id}) on movements (driver only)', () => MovementModel.findOne({ _id: id }).lean().exec()],
    ['sources (HTTP)', () => request(SourcesDocument, {})],
    ['movement(id), every nested field (HTTP)', () => request(MovementDetailDocument, { id: id.toHexString() })],
    ['movements(first: 50) with parties, category, records (HTTP)', () => request(MovementsWithReferencesDocument, { first: 50 })],
    ['movements(first: 50) + totalCount (HTTP)', () => request(MovementsDocument, { first: 50 })],
  ];
  const medians: number[] = [];
  for (const [label, operation] of operations) {
    // a read that fails (past the execution deadline, say) is printed as such; the others are still measured
    const failed = await operation().then(
      () => null,
      (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 200),
    );
    if (failed !== null) {
      console.log(`${label.padEnd(64)} failed: ${failed}`);
      medians.push(Number.NaN);
      continue;
    }
    const ms: number[] = [];
    // at least 3 runs; a slow read stops after 60 s
    const began = performance.now();
    for (let i = 0; i < runs && (i < 3 || performance.now() - began < 60_000); i++) {
      const t = performance.now();
      await operation();
      ms.push(performance.now() - t);
    }
    medians.push(median(ms));
    // one more run, monitored: the statements it sent and those the embedded store answers with a scan
    const monitor = monitorStore(mongoose.connection.getClient());
    await operation();
    monitor.stop();
    const statements = monitor.reads.statements;
    const scans = [...monitor.reads.scans].map(([collection, n]) => `${collection} ${n}`).join(', ') || 'none';
    const returned = [...monitor.reads.returned.values()].reduce((a, b) => a + b, 0);
    console.log(`${label.padEnd(64)} median ${median(ms).toFixed(2).padStart(9)} ms over ${ms.length} runs   ratio to bare _id lookup ${(median(ms) / medians[0]!).toFixed(2).padStart(7)}`);
    console.log(`${''.padEnd(66)}${statements.length} statements (${statements.filter((st) => isPointFilter(st.filter)).length} by _id alone), ${returned} documents returned; whole-collection reads on FerretDB: ${scans}`);
    console.log(`${''.padEnd(66)}sent: ${statements.map((st) => `${st.command} ${st.collection}`).join(', ')}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
