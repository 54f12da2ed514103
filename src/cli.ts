/**
 * The `hub` command line. Each subcommand starts the runtime it needs (stores, connections) and stops it
 * when done; `serve` and `demo` keep running until interrupted.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { parse } from 'graphql';
import type { Writable } from 'node:stream';
import { Command, InvalidArgumentError, Option } from 'commander';
import { runDemo } from './demo';
import { closePeriod, CloseConflictError } from './indicators/close';
import { computeIndicators } from './indicators/engine';
import { runSync } from './ingest/engine';
import { exportQuarantine } from './ingest/quarantineExport';
import { retryQuarantine } from './ingest/retry';
import { checkStreamStats, rebuildStreamStats } from './ingest/streamStats';
import { rebuildFilings } from './completeness/filings';
import { checkFlagCounts, rebuildFlagCounts } from './reconcile/flagCounts';
import { checkMovementLists, rebuildMovementLists } from './ingest/movementLists';
import { runReconciliation } from './reconcile/engine';
import { exportFlags } from './reconcile/export';
import type { FlagStatus } from './reconcile/flagModel';
import { reconcileFromCli } from './reconcile/jobs';
import { SOURCES, type SourceId } from './model/reference/agencies';
import { createApiKey, KeyInputError } from './auth/keys';
import { registerTrustedOperation } from './auth/trustedOperations';
import { AGENCY_SCOPES, ROLES } from './auth/roles';
import { config as loadConfig, ConfigError, type Config } from './config';
import { startHttpServer } from './httpServer';
import { MissingBinaryError } from './infra/embedded';
import { armKillTimer, killPoint } from './killPoints';
import { onShutdown, startRuntime, type Runtime } from './runtime';
import { exportCity, MAX_CITY_DISTRICTS, recordCount, startSandbox, type ScenarioOptions } from '../sandbox';
import { jobOptionsFrom, JobQueues } from '../jobs/queues';
import { workerHandlers, workerQueues } from '../jobs/registry';
import { defaultSchedules, startScheduler } from '../jobs/schedules';
import { startWorkers } from '../jobs/worker';
import { DELIVERY_QUEUE, DISPATCH_QUEUE, startWebhookWorkers } from './webhooks/queue';
import { redisConnection } from './infra/redis';
import { serveMetrics } from './infra/metrics';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Fault injection (HUB_KILL_AT): a sync killed after storing a batch, before projecting it. */
const syncKillPoints = { afterStore: (info: { stream: string; index: number }) => killPoint(`sync:${info.stream}:${info.index}`) };
/** Fault injection: a reconciliation or an indicator computation killed after one of its writes. */
const reconcileKillPoints = { afterWrite: (point: string) => killPoint(`reconcile:${point}`) };
const indicatorKillPoints = { afterWrite: (point: string) => killPoint(`indicators:${point}`) };

/** Runs a one-shot command inside a runtime and always stops it. */
async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await startRuntime(configOrExit());
  armKillTimer();
  try {
    return await work(runtime);
  } finally {
    await runtime.stop();
  }
}

async function serve(options: { printKey?: boolean }): Promise<void> {
  const config = configOrExit();
  const runtime = await startRuntime(config);
  const http = await startHttpServer(config, runtime.services);
  onShutdown(async () => {
    await http.close();
    await runtime.stop();
  });
  process.stdout.write(`GraphQL: ${http.url}/graphql   health: ${http.url}/readyz   metrics: ${http.url}/metrics\n`);
  if (options.printKey) {
    const { key } = await createApiKey({ role: 'ADMIN', agency: 'TASKFORCE', label: 'demo admin', createdBy: 'cli' });
    process.stdout.write(`Admin API key (shown once): ${key}\n`);
    process.stdout.write(`Try: curl -s ${http.url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${key}' -d '{"query":"{ health { mongo redis version } }"}'\n`);
  }
}

const program = new Command('hub').description('Zero-waste city data hub');

program
  .command('serve')
  .description('serve the GraphQL API (PORT), with /healthz, /readyz and /metrics')
  .option('--print-key', 'create an ADMIN key for the task force and print it')
  .action(serve);

program
  .command('demo')
  .description('the main job: sandbox agencies → sync → reconcile → indicators → GraphQL served (embedded default)')
  .option('--size <n>', 'sandbox scale (1 = one district-month)', '0.3')
  .option('--months <n>', 'sandbox months', '1')
  .action(async (options: { size: string; months: string }) => {
    await runDemo(configOrExit(), { size: Number(options.size), months: Number(options.months) });
  });

program
  .command('sync')
  .description('sync one source or all of them into the unified model')
  .argument('<source>', 'industrial | household | construction | medical | taxstat | all')
  .option('--since <iso>', 'with no saved state, start from this time (ISO 8601 with offset)')
  .option('--full', 'ignore saved state and read everything again (unchanged records cost no write)')
  .action(async (source: string, options: { since?: string; full?: boolean }) => {
    await withRuntime(async () => {
      const runs = await runSync(source, { ...options, hooks: syncKillPoints });
      for (const run of runs) {
        const c = run.counts;
        process.stdout.write(`${run.source}/${run.stream}: ${run.status} read ${c.read} new ${c.new} changed ${c.changed} unchanged ${c.unchanged} quarantined ${c.quarantined} (${run.durationMs} ms)${run.errors.length ? ` errors: ${run.errors.map((e) => e.message).join('; ')}` : ''}\n`);
      }
      if (runs.some((r) => r.status === 'FAILED')) process.exitCode = 1;
    });
  });

program
  .command('reconcile')
  .description('run the reconciliation rules (incremental by default) and print the diff')
  .option('--period <period>', 'YYYY-MM, YYYYQn or YYYY')
  .option('--full', 'every rule over the whole period, not only what changed')
  .option('--rules <ids>', 'comma-separated rule ids')
  .option('--as-of <iso>', '"now" for the time rules')
  .action(async (options: { period?: string; full?: boolean; rules?: string; asOf?: string }) => {
    await withRuntime(async () => {
      process.stdout.write(`${JSON.stringify(await reconcileFromCli(options, reconcileKillPoints), null, 2)}\n`);
    });
  });

program
  .command('indicators')
  .description('compute the indicators for a period (month, quarter or year)')
  .requiredOption('--period <period>', 'YYYY-MM, YYYYQn or YYYY')
  .action(async (options: { period: string }) => {
    await withRuntime(async () => {
      const result = await computeIndicators({ periods: [options.period], actor: { id: 'cli', label: 'hub indicators' }, hooks: indicatorKillPoints });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
  });

program
  .command('close')
  .description('monthly close: final sync → full reconciliation → indicators → freeze the period as a new version')
  .requiredOption('--period <YYYY-MM>', 'the month to close')
  .action(async (options: { period: string }) => {
    await withRuntime(async () => {
      const result = await closePeriod(options.period, { id: 'cli', label: 'hub close' }, {
        syncAll: () => runSync('all', { hooks: syncKillPoints }),
        reconcile: ({ period }) => runReconciliation({ periods: [period], full: true, actor: 'cli close', hooks: reconcileKillPoints }),
        computeIndicators: (options) => computeIndicators({ ...options, hooks: indicatorKillPoints }),
        afterStep: (step) => killPoint(`close:${step}`),
      });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
  });

/** Writes an export to --out or stdout. */
async function toOutput(file: string | undefined, write: (out: Writable) => Promise<unknown>): Promise<void> {
  const out = file ? createWriteStream(file) : process.stdout;
  await write(out);
  if (file) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

const flagsCommand = program.command('flags').description('stewards\' flags');

flagsCommand
  .command('export')
  .description('write every matching flag (rule, subject keys, period, evidence, status) as JSON or CSV')
  .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
  .option('--period <period>', 'YYYY-MM, YYYYQn or YYYY')
  .option('--rule <rule>', 'rule id, e.g. HW-QTY')
  .option('--status <status>', 'OPEN | ACKNOWLEDGED | RESOLVED | DISMISSED')
  .option('--out <file>', 'write to a file instead of stdout')
  .action(async (options: { format: 'json' | 'csv'; period?: string; rule?: string; status?: string; out?: string }) => {
    await withRuntime(() => toOutput(options.out, (out) => exportFlags({ format: options.format, period: options.period, rule: options.rule, status: options.status as FlagStatus | undefined }, out)));
  });

const flagCountsCommand = flagsCommand.command('counts').description('the flag counters behind the queue\'s total and facets (GraphQL `flags`)');

flagCountsCommand
  .command('rebuild')
  .description('recompute every flag counter from the flags (reads all flags once)')
  .action(async () => {
    await withRuntime(async () => {
      const rebuilt = await rebuildFlagCounts();
      process.stdout.write(rebuilt ? 'flag counters rebuilt\n' : 'flag writers kept changing the counters: marked for a rebuild on their next read\n');
      if (!rebuilt) process.exitCode = 1;
    });
  });

flagCountsCommand
  .command('check')
  .description('compare the flag counters with the flags; exits 1 and names each counter that drifted')
  .action(async () => {
    await withRuntime(async () => {
      const drift = await checkFlagCounts();
      if (drift.length === 0) process.stdout.write('flag counters agree with the flags\n');
      for (const line of drift) process.stdout.write(`${line}\n`);
      if (drift.length > 0) process.exitCode = 1;
    });
  });

const quarantineCommand = program.command('quarantine').description('records that failed parsing, validation or mapping');

quarantineCommand
  .command('export')
  .description('write every quarantined record (source, stream, key, reason, raw payload) as JSON or CSV')
  .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
  .addOption(new Option('--source <source>', 'only this source').choices([...SOURCES]))
  .option('--stream <stream>', 'only this stream')
  .option('--out <file>', 'write to a file instead of stdout')
  .action(async (options: { format: 'json' | 'csv'; source?: SourceId; stream?: string; out?: string }) => {
    await withRuntime(() => toOutput(options.out, (out) => exportQuarantine({ format: options.format, source: options.source, stream: options.stream }, out)));
  });

quarantineCommand
  .command('retry')
  .description('process open quarantine entries again after a fix: mapping rejects from their stored records, parsing/validation rejects by a full read of their stream')
  .addOption(new Option('--source <source>', 'only this source').choices([...SOURCES]))
  .option('--stream <stream>', 'only this stream')
  .action(async (options: { source?: SourceId; stream?: string }) => {
    await withRuntime(async () => {
      const summaries = await retryQuarantine({ source: options.source, stream: options.stream });
      if (summaries.length === 0) process.stdout.write('no open quarantine entries\n');
      for (const s of summaries) {
        process.stdout.write(`${s.source}/${s.stream}: open ${s.open}, remapped ${s.remapped}, connector rejects ${s.connectorRejects}${s.reread ? ' (stream read again)' : ''}, resolved ${s.resolved}, still open ${s.stillOpen}\n`);
      }
    });
  });

const statsCommand = program.command('stats').description('the per-stream counters behind GraphQL `sources` (records, quarantine, last runs) and the movement lists behind `movements`');

statsCommand
  .command('rebuild')
  .description('recompute every stream counter from the collections (each source under its sync lock; reads all records once)')
  .addOption(new Option('--source <source>', 'only this source').choices([...SOURCES]))
  .action(async (options: { source?: SourceId }) => {
    await withRuntime(async () => {
      const result = await rebuildStreamStats(options.source ? [options.source] : undefined);
      process.stdout.write(`rebuilt: ${result.rebuilt.join(', ') || '(none)'}${result.locked.length ? `; being synced, left as they were: ${result.locked.join(', ')}` : ''}
`);
      const lists = await rebuildMovementLists(options.source ? [options.source] : SOURCES);
      process.stdout.write(`movement lists rebuilt: ${lists.rebuilt.join(', ') || '(none)'}${lists.locked.length ? `; being synced, left as they were: ${lists.locked.join(', ')}` : ''}
`);
      if (result.locked.length > 0 || lists.locked.length > 0) process.exitCode = 1;
    });
  });

statsCommand
  .command('check')
  .description('compare the stream counters with the collections; exits 1 and names each counter that drifted')
  .action(async () => {
    await withRuntime(async () => {
      const drift = await checkStreamStats();
      if (drift.length === 0) process.stdout.write('stream counters agree with the collections\n');
      for (const d of drift) process.stdout.write(`${d.stream} ${d.field}: stored ${String(d.stored)}, actual ${String(d.actual)}\n`);
      const listDrift = await checkMovementLists(SOURCES);
      if (listDrift.length === 0) process.stdout.write('movement lists agree with the movements\n');
      for (const d of listDrift) process.stdout.write(`movement list ${d.stream} ${d.period}: stored ${d.stored}, actual ${d.actual} (or ids or order differ)\n`);
      if (drift.length > 0 || listDrift.length > 0) process.exitCode = 1;
    });
  });

program
  .command('completeness')
  .description('the completeness calendar\'s filings aggregate (`filings`, `filingreporters`)')
  .command('rebuild')
  .description('build the filings aggregate from every medical drop row, weigh ticket and period report (idempotent; also done on the first calendar read of a database without it)')
  .action(async () => {
    await withRuntime(async () => {
      const result = await rebuildFilings();
      process.stdout.write(`filings ${result.filings}, reporters ${result.reporters}: ${result.written} written, ${result.deleted} deleted\n`);
    });
  });

program
  .command('worker')
  .description('run job workers (sync, reconcile, indicators, close, webhook deliveries) until interrupted; run several for more throughput')
  .action(async () => {
    const config = configOrExit();
    const runtime = await startRuntime(config);
    const pool = await startWorkers({ redisUrl: runtime.services.redisUrl, queues: workerQueues(), handlers: workerHandlers(config) });
    const webhooks = await startWebhookWorkers({ redisUrl: runtime.services.redisUrl, config });
    // the worker's own sync, reconcile and job metrics: Prometheus scrapes every worker (README "Metrics")
    const metrics = await serveMetrics(config.WORKER_METRICS_PORT, config.HOST).catch(async (error: unknown) => {
      await Promise.all([pool.close(), webhooks.close()]);
      await runtime.stop();
      throw new Error(`WORKER_METRICS_PORT ${config.WORKER_METRICS_PORT}: ${error instanceof Error ? error.message : String(error)} (0 picks a free port)`);
    });
    onShutdown(async () => {
      await Promise.all([pool.close(), webhooks.close()]);
      await metrics.close();
      await runtime.stop();
    });
    process.stdout.write(`worker ${pool.name} listening on ${[...workerQueues(), DISPATCH_QUEUE, DELIVERY_QUEUE].join(', ')}; metrics: ${metrics.url}\n`);
  });

program
  .command('scheduler')
  .description('fire the schedules (node-cron) and enqueue their jobs; several schedulers never double-run a slot')
  .action(async () => {
    const config = configOrExit();
    const runtime = await startRuntime(config);
    const queues = new JobQueues(redisConnection(runtime.services.redisUrl, { forQueue: true }), jobOptionsFrom(config));
    const schedules = defaultSchedules(config);
    const scheduler = startScheduler({ schedules, queues, timezone: config.TZ_SCHEDULES });
    onShutdown(async () => {
      await scheduler.stop();
      await queues.close();
      await runtime.stop();
    });
    for (const s of schedules) process.stdout.write(`${s.id.padEnd(20)} ${s.cron}\n`);
  });

const scenarioOptions = (options: { seed?: string; size?: string; months?: string; start?: string }): ScenarioOptions => ({
  ...(options.seed ? { seed: options.seed } : {}),
  ...(options.size ? { size: Number(options.size) } : {}),
  ...(options.months ? { months: Number(options.months) } : {}),
  ...(options.start ? { startMonth: options.start } : {}),
});

const sandbox = program.command('sandbox').description('the simulated agency systems (one seeded scenario with ground truth)');
for (const command of [sandbox.command('serve'), sandbox.command('export')]) {
  command
    .option('--seed <seed>', 'scenario seed', 'zero-waste')
    .option('--size <n>', 'scale: 1 = one district')
    .option('--months <n>', 'number of months')
    .option('--start <YYYY-MM>', 'first month');
}
sandbox.commands
  .find((c) => c.name() === 'serve')!
  .description('serve the five agency interfaces on loopback ports and print the SOURCE_* lines to use them')
  .action(async (options: { seed?: string; size?: string; months?: string; start?: string }) => {
    const running = await startSandbox({ scenarioOptions: scenarioOptions(options) });
    onShutdown(() => running.stop());
    process.stdout.write(`sandbox: ${recordCount(running.scenario)} records; paste these to point the hub at it:\n`);
    for (const line of running.envLines()) process.stdout.write(`${line}\n`);
  });
sandbox.commands
  .find((c) => c.name() === 'export')!
  .description(
    'write the scenario as file:// bundles (and ground-truth.json) under --dir; with --districts N a city of N districts ' +
      '(seed <seed>/d<i> each, own division code and ids), generated and written one district at a time in bounded memory ' +
      '(~22k records per district-month at size 1; a city-year ≥ 10^7 records is --districts 39 --months 12)',
  )
  .requiredOption('--dir <dir>', 'output folder (with --districts > 1 its five source folders and ground-truth.json are replaced)')
  .addOption(
    new Option('--districts <n>', `districts in the city, 1–${MAX_CITY_DISTRICTS} (1 = the single district, today's bundle)`).default(1).argParser((value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > MAX_CITY_DISTRICTS) throw new InvalidArgumentError(`an integer 1–${MAX_CITY_DISTRICTS}`);
      return n;
    }),
  )
  .action(async (options: { dir: string; seed?: string; size?: string; months?: string; start?: string; districts: number }) => {
    const districts = options.districts;
    const result = await exportCity(options.dir, {
      ...scenarioOptions(options),
      districts,
      onDistrict: districts > 1 ? ({ index, name, records }) => process.stderr.write(`district ${index + 1}/${districts} ${name}: ${records} records\n`) : undefined,
    });
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    process.stdout.write(
      `exported ${result.records} records (${districts} district${districts > 1 ? 's' : ''}) in ${result.seconds.toFixed(1)} s; ` +
        `peak RSS ${mb(result.maxRssBytes)} MB; bundle ${mb(result.bundleBytes)} MB on disk\n`,
    );
    for (const [source, root] of Object.entries(result.roots)) process.stdout.write(`SOURCE_${source.toUpperCase()}_URL=file://${root}\n`);
  });

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .description('create an API key and print it (it is stored hashed and shown only once)')
  .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
  .addOption(new Option('--agency <code>', 'agency code').choices(AGENCY_SCOPES.map((a) => a.code)).makeOptionMandatory())
  .option('--label <label>', 'a name for the key')
  .option('--trusted-only', 'the key runs registered operations only (`operations register`)')
  .action(async (options: { role: string; agency: string; label?: string; trustedOnly?: boolean }) => {
    await withRuntime(async () => {
      const { key, record } = await createApiKey({ ...options, createdBy: 'cli' });
      process.stdout.write(`${key}\n`);
      process.stderr.write(`created key ${record.keyId} (${record.role}, ${record.agency}); store it now, it is not shown again\n`);
    });
  });

program
  .command('operations')
  .description('trusted documents for `--trusted-only` keys')
  .command('register <file>')
  .description('register the operation in <file> (its exact text) and print its SHA-256 hash')
  .option('--name <name>', 'a name to list it by')
  .action(async (file: string, options: { name?: string }) => {
    const document = readFileSync(file, 'utf8');
    parse(document);
    await withRuntime(async () => {
      const registered = await registerTrustedOperation(document, options.name ?? null, 'cli');
      process.stdout.write(`${registered._id}\n`);
    });
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof MissingBinaryError || err instanceof KeyInputError || (err instanceof Error && 'code' in err && err.code === 'BAD_USER_INPUT')) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  // a conflict with another process is an outcome to report, not a crash
  if (err instanceof CloseConflictError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
