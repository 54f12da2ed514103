/**
 * More than one world: the industrial / taxstat rules against the sandbox ground truth on several seeds
 * and sizes, over several months (GIS-BALANCE needs a previous month; TAX-PLATFORM a quarter), printing
 * per-rule recall and precision. Each world gets a fresh database. Worlds come from
 * `GROUND_TRUTH_WORLDS` (`seed:size:months,…`); the default is two small ones to keep the suite quick.
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
jest.setTimeout(3_600_000);

const RULES = ['HW-QTY', 'HW-LATE', 'HW-LEDGER', 'HW-LICENCE', 'HW-CODE', 'GIS-BALANCE', 'TAX-PLATFORM', 'STAT-PLATFORM', 'COVERAGE', 'ID-USCC', 'DATA-QUALITY'];
const worlds = (process.env.GROUND_TRUTH_WORLDS ?? 'w1:0.1:3,w2:0.15:2').split(',').map((w) => {
  const [seed = 'w', size = '0.1', months = '2'] = w.split(':');
  return { seed, size: Number(size), months: Number(months) };
});

describe.each(worlds)('world seed $seed size $size months $months', ({ seed, size, months }) => {
  it('flags every injected industrial / taxstat discrepancy and nothing else, rule by rule', async () => {
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
      for (const rule of RULES) {
        const truth = { discrepancies: scenario.groundTruth.discrepancies.filter((d) => d.rule === rule), nearMisses: scenario.groundTruth.nearMisses.filter((n) => n.rule === rule) };
        const result = score(truth, flags.filter((f) => f.rule === rule));
        lines.push(`${rule.padEnd(14)} expected ${String(result.expected).padStart(4)} raised ${String(result.raised).padStart(4)} recall ${(result.recall * 100).toFixed(1)} % precision ${(result.precision * 100).toFixed(1)} % near misses ${truth.nearMisses.length}`);
        if (result.missed.length || result.extra.length || result.flaggedNearMisses.length) failures[rule] = { missed: result.missed, extra: result.extra, flaggedNearMisses: result.flaggedNearMisses };
      }
      process.stdout.write(`\nworld ${seed} size ${size} months ${months}\n${lines.join('\n')}\n`);
      expect(failures).toEqual({});
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
