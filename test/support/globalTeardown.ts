import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkRecordedShapes } from './checkStoreShapes';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__HUB_TEST_SERVICES__?.stop();
  const shapes = process.env.HUB_TEST_SHAPES_DIR;
  try {
    // kept for a look (and for `npx tsx test/support/checkStoreShapes.ts .tmp/index-shapes-last`)
    if (shapes) cpSync(shapes, join(__dirname, '..', '..', '.tmp', 'index-shapes-last'), { recursive: true, force: true });
    if (shapes) checkRecordedShapes(shapes);
  } finally {
    if (process.env.HUB_TEST_DATA_DIR) rmSync(process.env.HUB_TEST_DATA_DIR, { recursive: true, force: true });
  }
}
