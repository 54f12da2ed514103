/** Sorted runs and their k-way merge (the city export's bounded-memory sort of REST bundles). */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_FAN_IN, mergeRuns, writeRun } from '../../../sandbox/runs';
import { Rng } from '../../../sandbox/scenario/prng';

describe('sandbox runs', () => {
  let work: string;
  beforeEach(async () => {
    work = await mkdtemp(join(tmpdir(), 'sandbox-runs-'));
  });
  afterEach(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('merges more runs than the fan-in, with lines longer than the read buffer, into change order', async () => {
    const rng = new Rng('runs');
    const all: { at: number; id: string; body: { id: string; text: string } }[] = [];
    const runs: string[] = [];
    const count = MAX_FAN_IN + 5;
    for (let r = 0; r < count; r++) {
      const records = Array.from({ length: rng.int(0, 6) }, (_, i) => {
        const id = `R${r}-${i}`;
        // multibyte text, sometimes far longer than the 16-byte buffer below, with a tab and a newline inside
        return { at: rng.int(0, 20), id, body: { id, text: `废物\t类别\n${'重量'.repeat(rng.int(0, 40))}` } };
      });
      records.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
      all.push(...records);
      runs.push(join(work, `run${r}`));
      writeRun(runs.at(-1) as string, records);
    }
    all.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const target = join(work, 'merged.jsonl');
    expect(mergeRuns(runs, target, { chunkBytes: 16 })).toBe(all.length);
    const expected = all.map((r) => `${JSON.stringify(r.body)}\n`).join('');
    expect(await readFile(target, 'utf8')).toBe(expected);
    expect(await readdir(work)).toEqual(['merged.jsonl']);
  });

  it('writes an empty file when every run is empty, and refuses ids with a tab', async () => {
    writeRun(join(work, 'a'), []);
    expect(mergeRuns([join(work, 'a')], join(work, 'out'))).toBe(0);
    expect(await readFile(join(work, 'out'), 'utf8')).toBe('');
    expect(() => writeRun(join(work, 'b'), [{ at: 1, id: 'x\ty', body: {} }])).toThrow(/tab/);
  });
});
