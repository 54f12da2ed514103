/**
 * The embedded store's second backend: with STORE_BACKEND=postgresql the hub starts FerretDB on
 * PostgreSQL (creating its database), syncs a sandbox bundle into it and reads it back, through the model
 * and through the API. Runs where PostgreSQL answers (CI has it); elsewhere it says why it did nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { exportBundles, generateScenario } from '../../sandbox';
import { createApiKey } from '../../src/auth/keys';
import { loadConfig } from '../../src/config';
import { startHttpServer } from '../../src/httpServer';
import { runSync } from '../../src/ingest/engine';
import { LOCAL_POSTGRESQL_URL, dropPostgresDatabase, postgresReachable, withPostgresDatabase } from '../../src/infra/postgresql';
import { MovementModel } from '../../src/model/movement';
import { startRuntime, type Runtime } from '../../src/runtime';
import { bundleConnectors } from './ingest/support';

jest.setTimeout(600_000);

const server = process.env.FERRETDB_POSTGRESQL_URL || LOCAL_POSTGRESQL_URL;
const postgresqlUrl = withPostgresDatabase(server, `hub_test_backend_${process.pid}`);
let reachable = false;
let dir: string;
let runtime: Runtime | undefined;

beforeAll(async () => {
  reachable = await postgresReachable(server);
  if (!reachable) {
    process.stderr.write(`PostgreSQL backend test skipped: no PostgreSQL answers at ${server} (set FERRETDB_POSTGRESQL_URL or start the local cluster)\n`);
    return;
  }
  dir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  // a missing database is created by the hub
  await dropPostgresDatabase(postgresqlUrl);
});

afterAll(async () => {
  await runtime?.stop();
  if (!reachable) return;
  await dropPostgresDatabase(postgresqlUrl);
  rmSync(dir, { recursive: true, force: true });
});

it('starts on FerretDB over PostgreSQL, syncs a bundle and serves it', async () => {
  if (!reachable) return;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: join(dir, 'data'),
    MONGODB_DB: 'pgbackend',
    STORE_BACKEND: 'postgresql',
    FERRETDB_POSTGRESQL_URL: postgresqlUrl,
    REDIS_URL: process.env.REDIS_URL,
    PORT: '0',
  });
  runtime = await startRuntime(config);
  expect(runtime.services.embedded.map((s) => s.name)).toEqual(['ferretdb']);

  const roots = await exportBundles(generateScenario({ size: 0.02 }), join(dir, 'bundle'));
  const runs = await runSync('all', { connectors: bundleConnectors(roots) });
  expect(runs.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.source, r.stream, r.errors])).toEqual([]);
  const movements = await MovementModel.countDocuments();
  expect(movements).toBeGreaterThan(0);

  // the documents are in PostgreSQL: FerretDB keeps the database `pgbackend` as a schema of that name
  const pg = new Client({ connectionString: postgresqlUrl });
  await pg.connect();
  try {
    const tables = await pg.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'pgbackend'");
    expect(tables.rows[0].n).toBeGreaterThan(5);
  } finally {
    await pg.end();
  }

  const http = await startHttpServer(config, runtime.services);
  try {
    const { key } = await createApiKey({ role: 'ADMIN', agency: 'TASKFORCE', createdBy: 'test' });
    const res = await fetch(`${http.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: '{ movements(first: 5) { totalCount edges { node { id } } } }' }),
    });
    const body = (await res.json()) as { data?: { movements: { totalCount: number; edges: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.movements.totalCount).toBe(movements);
    expect(body.data!.movements.edges).toHaveLength(5);
  } finally {
    await http.close();
  }
});
