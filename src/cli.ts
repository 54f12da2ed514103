/**
 * The `hub` command line. Each subcommand starts the runtime it needs (stores, connections) and stops it
 * when done; `serve` and `demo` keep running until interrupted.
 */
import { Command, Option } from 'commander';
import { createApiKey, KeyInputError } from './auth/keys';
import { AGENCY_SCOPES, ROLES } from './auth/roles';
import { config as loadConfig, ConfigError, type Config } from './config';
import { startHttpServer } from './httpServer';
import { MissingBinaryError } from './infra/embedded';
import { onShutdown, startRuntime, type Runtime } from './runtime';
import { exportBundles, generateScenario, recordCount, startSandbox, type ScenarioOptions } from '../sandbox';
import { jobOptionsFrom, JobQueues } from '../jobs/queues';
import { workerHandlers, workerQueues } from '../jobs/registry';
import { defaultSchedules, startScheduler } from '../jobs/schedules';
import { startWorkers } from '../jobs/worker';
import { redisConnection } from './infra/redis';

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

/** Runs a one-shot command inside a runtime and always stops it. */
async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await startRuntime(configOrExit());
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
  .description('the main job on the embedded default: stores up, GraphQL served, an admin key printed')
  .action(() => serve({ printKey: true }));

program
  .command('worker')
  .description('run job workers (sync, reconcile, indicators, close) until interrupted; run several for more throughput')
  .action(async () => {
    const config = configOrExit();
    const runtime = await startRuntime(config);
    const pool = await startWorkers({ redisUrl: runtime.services.redisUrl, queues: workerQueues(), handlers: workerHandlers(config) });
    onShutdown(async () => {
      await pool.close();
      await runtime.stop();
    });
    process.stdout.write(`worker ${pool.name} listening on ${workerQueues().join(', ')}\n`);
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
  .description('write the scenario as file:// bundles (and ground-truth.json) under --dir')
  .requiredOption('--dir <dir>', 'output folder')
  .action(async (options: { dir: string; seed?: string; size?: string; months?: string; start?: string }) => {
    const scenario = generateScenario(scenarioOptions(options));
    const roots = await exportBundles(scenario, options.dir);
    process.stdout.write(`exported ${recordCount(scenario)} records\n`);
    for (const [source, root] of Object.entries(roots)) process.stdout.write(`SOURCE_${source.toUpperCase()}_URL=file://${root}\n`);
  });

const keys = program.command('keys').description('API keys');
keys
  .command('create')
  .description('create an API key and print it (it is stored hashed and shown only once)')
  .addOption(new Option('--role <role>', 'role').choices([...ROLES]).makeOptionMandatory())
  .addOption(new Option('--agency <code>', 'agency code').choices(AGENCY_SCOPES.map((a) => a.code)).makeOptionMandatory())
  .option('--label <label>', 'a name for the key')
  .action(async (options: { role: string; agency: string; label?: string }) => {
    await withRuntime(async () => {
      const { key, record } = await createApiKey({ ...options, createdBy: 'cli' });
      process.stdout.write(`${key}\n`);
      process.stderr.write(`created key ${record.keyId} (${record.role}, ${record.agency}); store it now, it is not shown again\n`);
    });
  });

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof MissingBinaryError || err instanceof KeyInputError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
