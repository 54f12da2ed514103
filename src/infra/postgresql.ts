/**
 * The PostgreSQL side of the embedded store's second backend (FerretDB `--handler=postgresql`): FerretDB
 * keeps each MongoDB database as a schema inside one PostgreSQL database, which it does not create itself.
 * So the hub creates that database when it is missing, connecting to the cluster's `postgres` database
 * with the same user, host and port.
 */
import { Client } from 'pg';

/** A local cluster with trust auth, as `STORE_BACKEND=postgresql` without FERRETDB_POSTGRESQL_URL uses it. */
export const LOCAL_POSTGRESQL_URL = 'postgres://postgres@127.0.0.1:5432/zerowaste_hub';

/** The database a URL names (FerretDB's default is `ferretdb` when the path is empty). */
export function postgresDatabaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  return name || 'ferretdb';
}

/** The same server and user, another database (e.g. one per benchmark run). */
export function withPostgresDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function maintenanceClient(url: string): Client {
  return new Client({ connectionString: withPostgresDatabase(url, 'postgres'), connectionTimeoutMillis: 3000 });
}

/** True when a PostgreSQL server answers at this URL's host with its user (any database). */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = maintenanceClient(url);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the URL's database unless it exists; returns whether it created it. */
export async function ensurePostgresDatabase(url: string): Promise<boolean> {
  const database = postgresDatabaseName(url);
  const client = maintenanceClient(url);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
    } catch (error) {
      // another process created it between the check and the CREATE
      if ((error as { code?: string }).code !== '42P04') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/** Drops the URL's database (benchmarks and tests clean up after themselves). */
export async function dropPostgresDatabase(url: string): Promise<void> {
  const client = maintenanceClient(url);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(postgresDatabaseName(url))} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
