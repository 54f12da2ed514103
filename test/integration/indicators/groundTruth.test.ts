/**
 * DESIGN §10: on a sandbox scenario the hub's indicator values equal the ground truth's exactly. The
 * scenario is exported as file:// bundles, synced by the ingest engine into the model, aggregated and
 * computed; each ground-truth indicator is then compared for every month (value, and numerator and
 * denominator in the ground truth's units).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportBundles, generateScenario, type GroundTruth } from '../../../sandbox';
import { runSync } from '../../../src/ingest/engine';
import { COMPUTE } from '../../../src/indicators/compute';
import { formatScaled } from '../../../src/indicators/decimals';
import { computeIndicators } from '../../../src/indicators/engine';
import { IndicatorValueModel, type IndicatorValueRecord } from '../../../src/indicators/indicatorValueModel';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors } from '../ingest/support';

useTestDatabase(__filename);
jest.setTimeout(1_500_000);

let truth: GroundTruth;
let dir: string;
const hub = new Map<string, IndicatorValueRecord>();

beforeAll(async () => {
  const scenario = generateScenario({ size: 0.3, months: 1 });
  truth = scenario.groundTruth;
  dir = await mkdtemp(join(tmpdir(), 'hub-gt-'));
  const roots = await exportBundles(scenario, dir);
  const runs = await runSync('all', { connectors: bundleConnectors(roots) });
  const failed = runs.filter((r) => r.status !== 'SUCCEEDED');
  if (failed.length) throw new Error(`sync failed: ${JSON.stringify(failed.map((r) => [r.source, r.stream, r.errors]))}`);
  await computeIndicators({ periods: Object.keys(truth.indicators) });
  for (const v of await IndicatorValueModel.find({ area: 'DISTRICT', current: true, periodKind: 'MONTH' }).lean<IndicatorValueRecord[]>()) hub.set(`${v.code}|${v.period}`, v);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The hub's numerator and denominator in the ground truth's units (ZW01's IVA in 万元 with 2 decimals). */
function asTruth(code: string, v: IndicatorValueRecord): { numerator: string | null; denominator: string | null } {
  if (code === 'ZW01') return { numerator: v.numerator, denominator: v.denominator === null ? null : formatScaled(BigInt(v.denominator) / 10_000n, 2) };
  return { numerator: v.numerator, denominator: v.denominator };
}

describe('indicators equal the sandbox ground truth', () => {
  it.each(Object.keys(COMPUTE))('%s, every month', (code) => {
    for (const [month, values] of Object.entries(truth.indicators)) {
      const expected = values.find((v) => v.code === code);
      expect(expected).toBeDefined();
      const actual = hub.get(`${code}|${month}`);
      expect([month, actual?.value ?? null]).toEqual([month, expected!.denominator === '0' && expected!.value === '0' ? null : expected!.value]);
      expect([month, asTruth(code, actual!)]).toEqual([month, { numerator: expected!.numerator, denominator: expected!.denominator }]);
    }
  });
});
