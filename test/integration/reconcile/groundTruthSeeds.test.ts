/**
 * More than one world for the construction, household and medical rules: several seeds, two sizes and a
 * two-month scenario (trips, transfers and receipts across the month end), each synced from its bundles
 * and reconciled in full at its horizon. Every injected discrepancy of these rules is flagged, nothing
 * else is, and no near miss is (the sandbox writes each spec variant: see sandbox/README.md "Spec variants").
 * Per-rule recall and precision are printed for each world.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { syncIndexes } from '../../../src/infra/mongo';
import { runSync } from '../../../src/ingest/engine';
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { exportBundles, generateScenario } from '../../../sandbox';
import { bundleConnectors } from '../ingest/support';
import { useTestDatabase } from '../../support/mongo';
import { score } from './groundTruthHarness';

useTestDatabase(__filename);
jest.setTimeout(900_000);

const RULES = ['CDW-WEIGHT', 'CDW-OPEN', 'CDW-SPEED', 'CDW-VEHICLE', 'CDW-PROJECT', 'HH-CHAIN', 'HH-CATEGORY', 'HH-NET', 'MED-QTY', 'MED-48H'];
const SOURCES = ['construction', 'household', 'medical'];

const WORLDS: { seed: string; size: number; months: number }[] = [
  { seed: 'seed-1', size: 0.1, months: 1 },
  { seed: 'seed-2', size: 0.25, months: 1 },
  { seed: 'seed-3', size: 0.1, months: 1 },
  { seed: 'seed-4', size: 0.25, months: 1 },
  { seed: 'seed-5', size: 0.1, months: 2 },
];

describe('construction / household / medical rules on several sandbox worlds', () => {
  it.each(WORLDS)('seed $seed, size $size, $months month(s): recall and precision 100 %, no near miss flagged', async ({ seed, size, months }) => {
    await mongoose.connection.dropDatabase();
    await syncIndexes();
    const scenario = generateScenario({ seed, size, months });
    const dir = mkdtempSync(join(tmpdir(), 'reconcile-seeds-'));
    try {
      const roots = await exportBundles(scenario, dir);
      for (const source of SOURCES) {
        const runs = await runSync(source, { connectors: bundleConnectors(roots) });
        expect(runs.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.source, r.stream, r.errors])).toEqual([]);
      }
      const run = await runReconciliation({ full: true, rules: RULES, asOf: new Date(scenario.horizon), actor: 'ground-truth seeds test' });
      expect(run.status).toBe('SUCCEEDED');
      const flags = await FlagModel.find({ closedByEngineAt: null, rule: { $in: RULES } }).lean<FlagRecord[]>();
      const mine = <T extends { rule: string }>(items: readonly T[]) => items.filter((d) => RULES.includes(d.rule));
      const truth = { discrepancies: mine(scenario.groundTruth.discrepancies), nearMisses: mine(scenario.groundTruth.nearMisses) };
      const perRule = RULES.map((rule) => {
        const s = score({ discrepancies: truth.discrepancies.filter((d) => d.rule === rule), nearMisses: truth.nearMisses.filter((n) => n.rule === rule) }, flags.filter((f) => f.rule === rule));
        return `${rule} ${s.matched}/${s.expected} recall ${(s.recall * 100).toFixed(1)} % precision ${(s.precision * 100).toFixed(1)} % near misses ${truth.nearMisses.filter((n) => n.rule === rule).length}`;
      });
      process.stdout.write(`seed ${seed} size ${size} months ${months}\n${perRule.join('\n')}\n`);
      const result = score(truth, flags);
      expect({ missed: result.missed, extra: result.extra, flaggedNearMisses: result.flaggedNearMisses }).toEqual({ missed: [], extra: [], flaggedNearMisses: [] });
      expect(result.expected).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
