/**
 * The one place that decides where MongoDB and Redis are: MONGODB_URI / REDIS_URL when set, the embedded
 * default (FerretDB + redis-server under DATA_DIR; FerretDB on SQLite, or on PostgreSQL by STORE_BACKEND /
 * FERRETDB_POSTGRESQL_URL) otherwise.
 */
import type { Config } from '../config';
import { startFerretDB, startRedis, type EmbeddedServer } from './embedded';
import { LOCAL_POSTGRESQL_URL } from './postgresql';

export interface Services {
  mongoUri: string;
  redisUrl: string;
  /** Which servers this process started itself (empty when both are external). */
  embedded: EmbeddedServer[];
  stop(): Promise<void>;
}

/** The embedded FerretDB's PostgreSQL URL, or undefined for SQLite (STORE_BACKEND, FERRETDB_POSTGRESQL_URL). */
export function embeddedPostgresqlUrl(config: Pick<Config, 'STORE_BACKEND' | 'FERRETDB_POSTGRESQL_URL'>): string | undefined {
  const backend = config.STORE_BACKEND ?? (config.FERRETDB_POSTGRESQL_URL ? 'postgresql' : 'sqlite');
  if (backend === 'sqlite') return undefined;
  return config.FERRETDB_POSTGRESQL_URL ?? LOCAL_POSTGRESQL_URL;
}

export async function resolveServices(config: Config): Promise<Services> {
  const embedded: EmbeddedServer[] = [];
  const stop = async () => {
    await Promise.all(embedded.map((s) => s.stop()));
  };
  try {
    let mongoUri = config.MONGODB_URI;
    if (!mongoUri) {
      const ferret = await startFerretDB({ dataDir: config.DATA_DIR, bin: config.FERRETDB_BIN, postgresqlUrl: embeddedPostgresqlUrl(config) });
      embedded.push(ferret);
      mongoUri = ferret.url;
    }
    let redisUrl = config.REDIS_URL;
    if (!redisUrl) {
      const redis = await startRedis({ dataDir: config.DATA_DIR, bin: config.REDIS_SERVER_BIN });
      embedded.push(redis);
      redisUrl = redis.url;
    }
    return { mongoUri, redisUrl, embedded, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
