/**
 * More than one world: every rule against the sandbox ground truth on several seeds, two sizes and
 * several months (GIS-BALANCE needs a previous month, TAX-PLATFORM a quarter; trips, transfers and
 * receipts cross the month end), each synced from its bundles into a fresh database and reconciled in
 * full at its horizon. Every injected discrepancy is flagged, nothing else is, and no near miss is (the
 * sandbox writes each spec variant: sandbox/README.md "Spec variants"). Per-rule recall and precision
 * are printed for each world. `GROUND_TRUTH_WORLDS=seed:size:months,…` chooses other worlds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { syncIndexes } from '../../../src/infra/mongo';
import { runSync } from '../../../src/ingest/engine';
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { RULE_IDS } from '../../../src/reconcile/rules';
import { exportBundles, generateScenario } from '../../../sandbox';
import { bundleConnectors } from '../ingest/support';
import { useTestDatabase } from '../../support/mongo';
import { score } from './groundTruthHarness';

useTestDatabase(__filename);
jest.setTimeout(3_600_000);

const DEFAULT_WORLDS = 'seed-1:0.1:1,seed-2:0.25:1,seed-3:0.1:1,seed-4:0.25:1,seed-5:0.1:2,w1:0.1:3';
const worlds = (process.env.GROUND_TRUTH_WORLDS ?? DEFAULT_WORLDS).split(',').map((w) => {
  const [seed = 'w', size = '0.1', months = '1'] = w.split(':');
  return { seed, size: Number(size), months: Number(months) };
});

describe.each(worlds)('world seed $seed size $size months $months', ({ seed, size, months }) => {
  it('flags every injected discrepancy and nothing else, rule by rule, and no near miss', async () => {
    await mongoose.connection.dropDatabase();
    await syncIndexes();
    const scenario = generateScenario({ size, months, seed });
    const dir = mkdtempSync(join(tmpdir(), 'reconcile-worlds-'));
    try {
      const runs = await runSync('all', { connectors: bundleConnectors(await exportBundles(scenario, dir)) });
      expect(runs.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.source, r.stream, r.errors])).toEqual([]);
      const run = await runReconciliation({ full: true, asOf: new Date(scenario.horizon), actor: { id: 'test', label: 'worlds' } });
      expect(run.status).toBe('SUCCEEDED');
      const flags = await FlagModel.find({ closedByEngineAt: null }).lean<FlagRecord[]>();
      const lines: string[] = [];
      const failures: Record<string, unknown> = {};
      for (const rule of RULE_IDS) {
        const truth = { discrepancies: scenario.groundTruth.discrepancies.filter((d) => d.rule === rule), nearMisses: scenario.groundTruth.nearMisses.filter((n) => n.rule === rule) };
        const result = score(truth, flags.filter((f) => f.rule === rule));
        lines.push(`${rule.padEnd(14)} expected ${String(result.expected).padStart(4)} raised ${String(result.raised).padStart(4)} recall ${(result.recall * 100).toFixed(1)} % precision ${(result.precision * 100).toFixed(1)} % near misses ${truth.nearMisses.length}`);
        if (result.missed.length || result.extra.length || result.flaggedNearMisses.length) failures[rule] = { missed: result.missed, extra: result.extra, flaggedNearMisses: result.flaggedNearMisses };
      }
      process.stdout.write(`\nworld ${seed} size ${size} months ${months}\n${lines.join('\n')}\n`);
      expect(failures).toEqual({});
      expect(scenario.groundTruth.discrepancies.length).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
