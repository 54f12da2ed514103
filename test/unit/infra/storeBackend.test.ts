/** Which backend the embedded FerretDB runs on, from STORE_BACKEND and FERRETDB_POSTGRESQL_URL. */
import { loadConfig } from '../../../src/config';
import { LOCAL_POSTGRESQL_URL, postgresDatabaseName, withPostgresDatabase } from '../../../src/infra/postgresql';
import { embeddedPostgresqlUrl } from '../../../src/infra/services';

const remote = 'postgres://hub:secret@db.internal:5433/hubstore';

it.each([
  [{}, undefined],
  [{ STORE_BACKEND: 'sqlite' }, undefined],
  [{ STORE_BACKEND: 'postgresql' }, LOCAL_POSTGRESQL_URL],
  [{ FERRETDB_POSTGRESQL_URL: remote }, remote],
  [{ STORE_BACKEND: 'postgresql', FERRETDB_POSTGRESQL_URL: remote }, remote],
  // an explicit sqlite wins over a URL left in the environment
  [{ STORE_BACKEND: 'sqlite', FERRETDB_POSTGRESQL_URL: remote }, undefined],
])('%p runs FerretDB on %p', (env, expected) => {
  expect(embeddedPostgresqlUrl(loadConfig(env))).toBe(expected);
});

it('refuses a backend it does not know and a URL that is not PostgreSQL', () => {
  expect(() => loadConfig({ STORE_BACKEND: 'mysql' })).toThrow(/STORE_BACKEND/);
  expect(() => loadConfig({ FERRETDB_POSTGRESQL_URL: 'mysql://x/y' })).toThrow(/FERRETDB_POSTGRESQL_URL/);
});

it('names and swaps the database of a URL, keeping server and user', () => {
  expect(postgresDatabaseName(remote)).toBe('hubstore');
  expect(postgresDatabaseName('postgres://127.0.0.1:5432')).toBe('ferretdb');
  expect(withPostgresDatabase(remote, 'bench_ingest')).toBe('postgres://hub:secret@db.internal:5433/bench_ingest');
});
