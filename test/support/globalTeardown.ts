import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__HUB_TEST_SERVICES__?.stop();
  if (process.env.HUB_TEST_DATA_DIR) rmSync(process.env.HUB_TEST_DATA_DIR, { recursive: true, force: true });
}
