/**
 * Which store backends a benchmark measures: `--backends sqlite,postgresql`, by default both when a
 * PostgreSQL server answers (FERRETDB_POSTGRESQL_URL, or the local cluster) and SQLite alone otherwise.
 * With MONGODB_URI set the benchmark measures that store only (`external`).
 *
 * Each backend gets its own embedded FerretDB; on PostgreSQL in a database of the benchmark's own
 * (dropped before and after), so a run starts from nothing and leaves nothing behind.
 */
import { startFerretDB } from '../src/infra/embedded';
import { LOCAL_POSTGRESQL_URL, dropPostgresDatabase, postgresReachable, withPostgresDatabase } from '../src/infra/postgresql';

export type BenchBackend = 'sqlite' | 'postgresql' | 'external';

export interface BenchStore {
  backend: BenchBackend;
  mongoUri: string;
  stop(): Promise<void>;
}

const serverUrl = () => process.env.FERRETDB_POSTGRESQL_URL || LOCAL_POSTGRESQL_URL;

export async function benchBackends(argv: string[] = process.argv): Promise<BenchBackend[]> {
  if (process.env.MONGODB_URI) return ['external'];
  const at = argv.indexOf('--backends');
  if (at > 0) {
    const asked = argv[at + 1]!.split(',').map((b) => b.trim());
    const unknown = asked.filter((b) => b !== 'sqlite' && b !== 'postgresql');
    if (unknown.length) throw new Error(`--backends: unknown ${unknown.join(', ')} (sqlite, postgresql)`);
    if (asked.includes('postgresql') && !(await postgresReachable(serverUrl()))) throw new Error(`--backends postgresql: no PostgreSQL answers at ${serverUrl()}`);
    return asked as BenchBackend[];
  }
  if (await postgresReachable(serverUrl())) return ['sqlite', 'postgresql'];
  console.log(`PostgreSQL does not answer at ${serverUrl()}: measuring the SQLite backend only`);
  return ['sqlite'];
}

/** Starts the store of one backend for a benchmark (`name` keeps benchmarks' PostgreSQL databases apart). */
export async function startBenchStore(backend: BenchBackend, dataDir: string, name: string, options: { keep?: boolean } = {}): Promise<BenchStore> {
  if (backend === 'external') return { backend, mongoUri: process.env.MONGODB_URI!, stop: async () => undefined };
  if (backend === 'sqlite') {
    const ferret = await startFerretDB({ dataDir, bin: process.env.FERRETDB_BIN });
    return { backend, mongoUri: ferret.url, stop: () => ferret.stop() };
  }
  const postgresqlUrl = withPostgresDatabase(serverUrl(), name);
  // `keep`: a later run reuses what this one stored (bench/reconcile --reuse-synced)
  if (!options.keep) await dropPostgresDatabase(postgresqlUrl);
  const ferret = await startFerretDB({ dataDir, bin: process.env.FERRETDB_BIN, postgresqlUrl });
  return {
    backend,
    mongoUri: ferret.url,
    stop: async () => {
      await ferret.stop();
      if (!options.keep) await dropPostgresDatabase(postgresqlUrl);
    },
  };
}
