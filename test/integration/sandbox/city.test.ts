/**
 * A city bundle (`exportCity`, two districts) read by the hub's own connectors, without a database: every
 * stream yields the ground truth's expected records, rejects exactly its malformed ones, and no two
 * records of a stream share a source id (no district's record would replace another's).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConnectors } from '../../../connectors/registry';
import { loadConfig } from '../../../src/config';
import { exportCity, type GroundTruth } from '../../../sandbox';

jest.setTimeout(120_000);

let work: string;
let truth: GroundTruth;
let connectors: ReturnType<typeof buildConnectors>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sandbox-city-connectors-'));
  const { roots } = await exportCity(work, { seed: 'city-connectors', size: 0.1, months: 2, districts: 2 });
  truth = JSON.parse(await readFile(join(work, 'ground-truth.json'), 'utf8')) as GroundTruth;
  const env: Record<string, string> = { NODE_ENV: 'test' };
  for (const [source, dir] of Object.entries(roots)) env[`SOURCE_${source.toUpperCase()}_URL`] = `file://${dir}`;
  connectors = buildConnectors(loadConfig(env));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a city bundle through the connectors', () => {
  it('yields every expected record once and rejects exactly the malformed ones', async () => {
    const seen: Record<string, { records: number; distinct: number; rejects: number }> = {};
    const expected: Record<string, { records: number; distinct: number; rejects: number }> = {};
    for (const [source, streams] of Object.entries(truth.counts)) {
      const connector = connectors.get(source);
      if (!connector) throw new Error(`no connector for ${source}`);
      for (const [stream, count] of Object.entries(streams)) {
        const ids = new Set<string>();
        let records = 0;
        let rejects = 0;
        for await (const batch of connector.read(stream, null, { batchSize: 5000 })) {
          records += batch.records.length;
          rejects += batch.rejects.length;
          for (const r of batch.records) ids.add(r.sourceId);
        }
        const key = `${source}/${stream}`;
        seen[key] = { records, distinct: ids.size, rejects };
        // envtax files also hold other pollutants' rows (not the hub's), envstat yields one record per
        // waste element of an <Enterprise>: their record counts differ from the served rows by design.
        const rowsAreRecords = !(source === 'taxstat' && (stream === 'envtax' || stream === 'envstat'));
        expected[key] = { records: rowsAreRecords ? count.expected : records, distinct: records, rejects: count.malformed };
      }
    }
    expect(seen).toEqual(expected);
  });
});
