/** The engine asks its connector for the next batch while it stores the current one (src/ingest/engine.ts). */
import { readAhead } from '../../../src/ingest/engine';

/** A source of batches that logs when each is asked for and when it is closed. */
function source(count: number, log: string[], failAt: number | null = null): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let i = 1; i <= count; i++) {
          log.push(`read ${i}`);
          await Promise.resolve();
          if (i === failAt) throw new Error(`read ${i} failed`);
          yield i;
        }
      } finally {
        log.push('closed');
      }
    },
  };
}

it('yields every batch in order, the next one read before the current one is handed out', async () => {
  const log: string[] = [];
  for await (const batch of readAhead(source(3, log))) log.push(`store ${batch}`);
  // the source ends (closes) while the last batch is being stored
  expect(log).toEqual(['read 1', 'read 2', 'store 1', 'read 3', 'store 2', 'closed', 'store 3']);
});

it('throws a failed read ahead when its batch is asked for, after the batches before it', async () => {
  const log: string[] = [];
  const stored: number[] = [];
  await expect(
    (async () => {
      for await (const batch of readAhead(source(3, log, 2))) stored.push(batch);
    })(),
  ).rejects.toThrow('read 2 failed');
  expect(stored).toEqual([1]);
  expect(log.at(-1)).toBe('closed');
});

it('closes the source when the consumer stops early', async () => {
  const log: string[] = [];
  for await (const batch of readAhead(source(5, log))) {
    log.push(`store ${batch}`);
    if (batch === 2) break;
  }
  expect(log.at(-1)).toBe('closed');
  expect(log.filter((line) => line.startsWith('store'))).toEqual(['store 1', 'store 2']);
});
