/**
 * Brings a hub process up and down: the stores (external or embedded), the MongoDB connection and its
 * indexes, the shared Redis client. Every process kind (serve, worker, scheduler, demo, CLI jobs) starts here.
 */
import type { Config } from './config';
// Importing the model registers every collection, so syncIndexes() creates all their indexes.
import { seedReferenceData } from './model';
import '../jobs/jobRun';
import './reconcile/flagModel';
import { childLogger } from './infra/log';
import { connectMongo, disconnectMongo, syncIndexes } from './infra/mongo';
import { closeRedis, sharedRedis } from './infra/redis';
import { resolveServices, type Services } from './infra/services';

const log = childLogger('runtime');

export interface Runtime {
  config: Config;
  services: Services;
  stop(): Promise<void>;
}

export async function startRuntime(config: Config): Promise<Runtime> {
  const services = await resolveServices(config);
  try {
    await connectMongo(services.mongoUri, config.MONGODB_DB);
    await syncIndexes();
    const seeded = await seedReferenceData();
    log.info({ rows: seeded.rows, inserted: seeded.inserted, updated: seeded.updated }, 'reference data loaded');
    sharedRedis(services.redisUrl);
  } catch (err) {
    await services.stop();
    throw err;
  }
  let stopped = false;
  return {
    config,
    services,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await closeRedis();
      await disconnectMongo();
      await services.stop();
      log.info('stopped');
    },
  };
}

/** A shutdown that has not finished by then exits anyway (the embedded servers are killed on exit). */
export const SHUTDOWN_DEADLINE_MS = 15_000;

/** Runs `cleanup` once on SIGINT/SIGTERM, then exits, within SHUTDOWN_DEADLINE_MS at the latest. */
export function onShutdown(cleanup: () => Promise<void>): void {
  let shuttingDown = false;
  const handler = (signal: NodeJS.Signals) => {
    if (shuttingDown) return;
    shuttingDown = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ deadlineMs: SHUTDOWN_DEADLINE_MS }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    cleanup()
      .catch((err: unknown) => log.error({ err }, 'shutdown failed'))
      .finally(() => process.exit(0));
  };
  // `on`, not `once`: a second signal (npm and tsx relay Ctrl-C to the process too) must not kill it
  // half-way through stopping the embedded servers, which would leave them running
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
