/**
 * The main job on the embedded default, in one process (DESIGN §3 `demo`): the sandbox agencies (unless
 * SOURCE_*_URL point at real ones) → sync all → full reconciliation → indicators → GraphQL served, with
 * workers and the scheduler running, and a short summary printed.
 */
import type { Writable } from 'node:stream';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { buildConnectors } from '../connectors/registry';
import { jobOptionsFrom, JobQueues } from '../jobs/queues';
import { workerHandlers, workerQueues } from '../jobs/registry';
import { defaultSchedules, startScheduler } from '../jobs/schedules';
import { startWorkers } from '../jobs/worker';
import { startWebhookWorkers } from './webhooks/queue';
import { createApiKey } from './auth/keys';
import { loadConfig, type Config } from './config';
import { startHttpServer } from './httpServer';
import { PRIORITY_CODES, indicatorDefinition } from './indicators/definitions';
import { computeIndicators } from './indicators/engine';
import { IndicatorValueModel } from './indicators/indicatorValueModel';
import { DISTRICT_AREA } from './indicators/periodAggregateModel';
import { defaultDashboardMonth, priorityCoverage } from './indicators/dashboardMonth';
import { redisConnection } from './infra/redis';
import { runSync } from './ingest/engine';
import { rebuildStreamStats } from './ingest/streamStats';
import { MovementModel } from './model';
import { runReconciliation } from './reconcile/engine';
import { FlagModel } from './reconcile/flagModel';
import { onShutdown, startRuntime } from './runtime';

const SOURCE_URL_VARS = ['SOURCE_INDUSTRIAL_URL', 'SOURCE_HOUSEHOLD_URL', 'SOURCE_CONSTRUCTION_URL', 'SOURCE_MEDICAL_URL', 'SOURCE_TAXSTAT_URL'] as const;

export interface DemoOptions {
  /** sandbox scale (1 = one district-month) */
  size: number;
  months: number;
}

/** The configuration with the sandbox's URLs and credentials filled in. */
function withSandbox(config: Config, sandbox: RunningSandbox): Config {
  const lines = Object.fromEntries(sandbox.envLines().map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  return loadConfig({ ...process.env, ...lines });
}

async function monthsWithData(): Promise<string[]> {
  const rows = await MovementModel.aggregate<{ _id: string }>([{ $group: { _id: '$period' } }, { $sort: { _id: 1 } }]);
  return rows.map((r) => r._id);
}

export async function runDemo(config: Config, options: DemoOptions, out: Writable = process.stdout): Promise<void> {
  const say = (line = '') => out.write(`${line}\n`);
  const runtime = await startRuntime(config);
  const stops: (() => Promise<void>)[] = [() => runtime.stop()];
  onShutdown(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  // Serve first, so /readyz and the API answer while the sources sync.
  const queues = new JobQueues(redisConnection(runtime.services.redisUrl, { forQueue: true }), jobOptionsFrom(config));
  const http = await startHttpServer(config, runtime.services);
  stops.push(() => queues.close(), () => http.close());
  const { key } = await createApiKey({ role: 'ADMIN', agency: 'TASKFORCE', label: 'demo admin', createdBy: 'demo' });
  say(`GraphQL: ${http.url}/graphql   ready: ${http.url}/readyz   metrics: ${http.url}/metrics`);
  say(`Admin API key (shown once): ${key}`);
  say(`Console: ${http.url}/   (sign in with this key; built by npm run setup into web/dist)`);
  say(`Try: curl -s ${http.url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${key}' \\`);
  say(`       -d '{"query":"{ health { mongo redis version } flags(first: 3) { totalCount edges { node { rule subject { key } } } } }"}'`);
  say('Ctrl-C stops the hub and the embedded servers.\n');

  let sourceConfig = config;
  let asOf: Date | undefined;
  if (SOURCE_URL_VARS.every((name) => !config[name])) {
    const sandbox = await startSandbox({ scenarioOptions: { size: options.size, months: options.months } });
    stops.push(() => sandbox.stop());
    sourceConfig = withSandbox(config, sandbox);
    // The sandbox's ground truth holds at its horizon: time rules (late manifests, open trips) judge as of then.
    asOf = new Date(sandbox.scenario.horizon);
    say(`Sandbox agencies up (seeded scenario, size ${options.size}, ${options.months} month(s)):`);
    for (const line of sandbox.envLines().filter((l) => l.startsWith('SOURCE_'))) say(`  ${line}`);
  }

  try {
    await syncReconcileCompute(sourceConfig, asOf, say);
  } catch (err) {
    say(`\nThe pipeline stopped: ${err instanceof Error ? err.message : String(err)} (the API keeps serving what was stored).`);
  }

  // From now on the schedules keep the hub in step with the sources, as in production.
  const pool = await startWorkers({ redisUrl: runtime.services.redisUrl, queues: workerQueues(), handlers: workerHandlers(sourceConfig) });
  const scheduler = startScheduler({ schedules: defaultSchedules(config), queues, timezone: config.TZ_SCHEDULES });
  const webhooks = await startWebhookWorkers({ redisUrl: runtime.services.redisUrl, config });
  stops.push(() => pool.close(), () => scheduler.stop(), () => webhooks.close());
  say(`\nDone. The API above serves the results; workers and the scheduler keep running.`);
}

/** Sync all → full reconciliation → indicators, printing the summary as it goes. */
async function syncReconcileCompute(sourceConfig: Config, asOf: Date | undefined, say: (line?: string) => void): Promise<void> {
  say('\nSync:');
  const connectors = buildConnectors(sourceConfig);
  const runs = await runSync('all', { connectors });
  // the counters behind `sources` start from a rebuild, so the console's first read is a point read
  await rebuildStreamStats();
  const bySource = new Map<string, { read: number; quarantined: number; failed: number }>();
  for (const run of runs) {
    const row = bySource.get(run.source) ?? { read: 0, quarantined: 0, failed: 0 };
    row.read += run.counts.read;
    row.quarantined += run.counts.quarantined;
    if (run.status !== 'SUCCEEDED') row.failed++;
    bySource.set(run.source, row);
  }
  for (const [source, row] of bySource) {
    say(`  ${source.padEnd(13)} ${String(row.read).padStart(7)} records   ${row.quarantined} quarantined${row.failed ? `   ${row.failed} stream(s) failed` : ''}`);
  }

  const months = await monthsWithData();
  const reconcile = await runReconciliation({ full: true, periods: months, asOf, actor: 'demo' });
  const flags = await FlagModel.aggregate<{ _id: string; count: number }>([{ $match: { status: 'OPEN' } }, { $group: { _id: '$rule', count: { $sum: 1 } } }, { $sort: { _id: 1 } }]);
  say(`\nReconciliation (rule set ${reconcile.ruleSetVersion}): ${flags.reduce((n, f) => n + f.count, 0)} open flags`);
  say(`  ${flags.map((f) => `${f._id} ${f.count}`).join(' · ')}`);

  await computeIndicators({ periods: months });
  // the month the console's dashboard opens on: not a month a month-end sync has only just opened
  const latest = defaultDashboardMonth(await priorityCoverage(DISTRICT_AREA));
  say(`\nPriority indicators, district, ${latest ?? 'no data'}:`);
  if (latest) {
    const values = await IndicatorValueModel.find({ period: latest, area: DISTRICT_AREA, current: true, code: { $in: PRIORITY_CODES } }).lean();
    for (const code of PRIORITY_CODES) {
      const value = values.find((v) => v.code === code);
      const definition = indicatorDefinition(code);
      const target = value?.target.text ? `target ${value.target.text}: ${value.target.evaluation}` : 'no target';
      say(`  ${code.padEnd(17)} ${(definition?.nameZh ?? code).padEnd(16, '　')} ${(value?.value ?? '—').padStart(12)} ${definition?.unit ?? ''}   ${target}`);
    }
  }
}
