/**
 * bench/storeReads — `npx tsx bench/storeReads.ts [--docs 20000,80000] [--backends sqlite,postgresql]`
 *
 * What one API read costs on each store backend as a collection grows: a collection of N source-record-
 * sized documents (~1 KB), then the median of 5 of `findOne {_id}`, `findOne` on a unique-indexed field and
 * `find` of the documents with one value of a non-unique indexed field (N/1000 of them). FerretDB v1 on SQLite answers all but `{_id}` by reading the whole
 * collection; on PostgreSQL it uses the index. A read the console waits for should stay well under a
 * second: the collection size where it stops doing so is the largest district a backend serves interactively.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { benchBackends, startBenchStore } from './backends';
import { median } from './measure';

const CHUNK = 500;

async function timed(read: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const started = performance.now();
    await read();
    runs.push(performance.now() - started);
  }
  return median(runs);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--docs');
  const sizes = (at > 0 ? process.argv[at + 1]! : '20000,80000').split(',').map(Number);
  const work = mkdtempSync(join(tmpdir(), 'bench-store-reads-'));
  console.log(['backend', 'docs', 'insert docs/s', 'findOne _id ms', 'findOne unique field ms', 'find indexed field ms'].join('\t'));
  try {
    for (const backend of await benchBackends()) {
      const store = await startBenchStore(backend, join(work, backend), 'bench_store_reads');
      const client = new MongoClient(store.mongoUri, { directConnection: true });
      try {
        const collection = client.db('bench_store_reads').collection<{ _id: string; key: string; group: number; payload: string }>('docs');
        await collection.drop().catch(() => undefined);
        await collection.createIndex({ key: 1 }, { unique: true });
        await collection.createIndex({ group: 1 });
        let stored = 0;
        let insertMs = 0;
        for (const size of sizes) {
          const started = performance.now();
          for (; stored < size; stored += CHUNK) {
            const docs = Array.from({ length: Math.min(CHUNK, size - stored) }, (_, i) => ({ _id: `d${stored + i}`, key: `k${stored + i}`, group: (stored + i) % 1000, payload: 'x'.repeat(1000) }));
            await collection.insertMany(docs, { ordered: false });
          }
          insertMs += performance.now() - started;
          const probe = Math.floor(size / 2);
          const byId = await timed(() => collection.findOne({ _id: `d${probe}` }));
          const byUnique = await timed(() => collection.findOne({ key: `k${probe}` }));
          const byIndexed = await timed(() => collection.find({ group: probe % 1000 }).toArray());
          console.log([backend, size, ((stored / insertMs) * 1000).toFixed(0), byId.toFixed(1), byUnique.toFixed(1), byIndexed.toFixed(1)].join('\t'));
        }
      } finally {
        await client.close();
        await store.stop();
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
