/**
 * Starts one real FerretDB and one real redis-server for the whole test run (or uses MONGODB_URI /
 * REDIS_URL when the caller set them) and hands their addresses to the test files through the environment.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config';
import { resolveServices, type Services } from '../../src/infra/services';

declare global {
  var __HUB_TEST_SERVICES__: Services | undefined;
}

export default async function globalSetup(): Promise<void> {
  process.env.NODE_ENV = 'test';
  const dataDir = join(__dirname, '..', '..', '.tmp', `test-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  const services = await resolveServices(loadConfig({ ...process.env, DATA_DIR: dataDir }));
  globalThis.__HUB_TEST_SERVICES__ = services;
  process.env.MONGODB_URI = services.mongoUri;
  process.env.REDIS_URL = services.redisUrl;
  process.env.HUB_TEST_DATA_DIR = dataDir;
  // each test file appends the store statements it saw here; globalTeardown checks them (indexShapes.ts)
  process.env.HUB_TEST_SHAPES_DIR = join(dataDir, 'shapes');
}
