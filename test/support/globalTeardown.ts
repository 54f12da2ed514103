import { rmSync } from 'node:fs';
import { checkRecordedShapes } from './checkStoreShapes';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__HUB_TEST_SERVICES__?.stop();
  try {
    if (process.env.HUB_TEST_SHAPES_DIR) checkRecordedShapes(process.env.HUB_TEST_SHAPES_DIR);
  } finally {
    if (process.env.HUB_TEST_DATA_DIR) rmSync(process.env.HUB_TEST_DATA_DIR, { recursive: true, force: true });
  }
}
