import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundles, generateScenario, recordCount } from '../../../sandbox';
import { RULE_IDS } from '../../../sandbox/scenario/types';
import { listFiles } from './bundleReader';
import { findingKey, runOracle } from './ruleOracle';

describe('sandbox scenario', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sandbox-scenario-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('gives byte-identical bundles for the same seed, and different ones for another seed', async () => {
    await exportBundles(generateScenario({ seed: 'same', size: 0.3 }), join(work, 'a'));
    await exportBundles(generateScenario({ seed: 'same', size: 0.3 }), join(work, 'b'));
    await exportBundles(generateScenario({ seed: 'other', size: 0.3 }), join(work, 'c'));
    const files = await listFiles(join(work, 'a'));
    expect(files).toEqual(await listFiles(join(work, 'b')));
    expect(files.some((f) => f.endsWith('.xlsx'))).toBe(true);
    for (const f of files) expect((await readFile(join(work, 'b', f))).equals(await readFile(join(work, 'a', f)))).toBe(true);
    const manifestsA = await readFile(join(work, 'a', 'industrial', 'hw-manifests.jsonl'));
    const manifestsC = await readFile(join(work, 'c', 'industrial', 'hw-manifests.jsonl'));
    expect(manifestsA.equals(manifestsC)).toBe(false);
  });

  it('generates a district-month in well under a minute, at district scale', () => {
    const started = Date.now();
    const scenario = generateScenario();
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(recordCount(scenario)).toBeGreaterThan(15_000);
    const counts = scenario.groundTruth.counts;
    expect(counts.industrial.enterprises?.served).toBeGreaterThan(300);
    expect(counts.medical.institutions?.served).toBe(40);
    expect(counts.construction.projects?.served).toBe(100);
    expect(counts.household.communities?.served).toBe(30);
  });

  it('injects every DESIGN §5 rule and the oracle finds exactly the ground truth (recall and precision)', async () => {
    const scenario = generateScenario({ size: 0.5, months: 2, seed: 'oracle' });
    const dir = join(work, 'oracle');
    await exportBundles(scenario, dir);
    const truth = scenario.groundTruth;
    for (const rule of RULE_IDS) expect(truth.discrepancies.filter((d) => d.rule === rule).length).toBeGreaterThan(0);
    const malformed = new Set(truth.malformed.map((m) => `${m.source}/${m.stream}/${m.key}`));
    const findings = await runOracle(dir, malformed, scenario.horizon);
    const found = new Set(findings.map(findingKey));
    const expected = new Set(truth.discrepancies.map(findingKey));
    const missing = [...expected].filter((k) => !found.has(k));
    const unexpected = [...found].filter((k) => !expected.has(k));
    expect(missing).toEqual([]);
    expect(unexpected).toEqual([]);
    for (const nearMiss of truth.nearMisses) expect(found.has(findingKey(nearMiss))).toBe(false);
  });
});
