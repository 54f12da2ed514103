/**
 * More than one world: every rule against the sandbox ground truth on several seeds, two sizes and
 * several months (GIS-BALANCE needs a previous month, TAX-PLATFORM a quarter; trips, transfers and
 * receipts cross the month end), each synced from its bundles into a fresh database and reconciled in
 * full at its horizon. Every injected discrepancy is flagged, nothing else is, and no near miss is (the
 * sandbox writes each spec variant: sandbox/README.md "Spec variants"). Per-rule recall and precision
 * are printed for each world. `GROUND_TRUTH_WORLDS=seed:size:months,…` chooses other worlds.
 *
 * The hub watches each world as it unfolds, on the scenario clock (`SyncOptions.asOf`): a first sync of
 * every source the day before the first month (registries only: nothing is filed yet), a sync of the
 * medical drop an hour after each month's due day but the last (a file drop states no upload time: a
 * delayed ledger or receipt file is LATE because that sync did not find it), and the full sync at the
 * horizon. So withheld filings are MISSING and delayed ones LATE (COMPLETENESS scored cell by cell:
 * reporter, kind, period and status; recall and precision printed per filing kind).
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
import { completenessCells, score } from './groundTruthHarness';

const DAY_MS = 86_400_000;
/** The end of a month's due day on the hub's default (the 15th of the following month, 24:00 CST). */
const monthlyDue = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Date.UTC(y, m, 16) - 8 * 3_600_000;
};

useTestDatabase(__filename);
jest.setTimeout(3_600_000);

const DEFAULT_WORLDS = 'seed-1:0.1:1,seed-2:0.25:1,seed-3:0.1:1,seed-4:0.25:1,seed-5:0.1:2,w1:0.1:3';
const worlds = (process.env.GROUND_TRUTH_WORLDS ?? DEFAULT_WORLDS).split(',').map((w) => {
  const [seed = 'w', size = '0.1', months = '1'] = w.split(':');
  return { seed, size: Number(size), months: Number(months) };
});

describe.each(worlds)('world seed $seed size $size months $months', ({ seed, size, months: monthCount }) => {
  it('flags every injected discrepancy and nothing else, rule by rule, and no near miss', async () => {
    await mongoose.connection.dropDatabase();
    await syncIndexes();
    const scenario = generateScenario({ size, months: monthCount, seed });
    const dirs: string[] = [];
    // the sources as published at `at`, synced with the hub's clock at `at`
    const syncAt = async (at: number, source: 'all' | 'medical') => {
      const dir = mkdtempSync(join(tmpdir(), 'reconcile-worlds-'));
      dirs.push(dir);
      return runSync(source, { connectors: bundleConnectors(await exportBundles(scenario, dir, { asOf: at })), asOf: new Date(at) });
    };
    try {
      const runs = await syncAt(scenario.start - DAY_MS, 'all');
      const months = Array.from({ length: monthCount }, (_, i) => new Date(Date.UTC(Number(scenario.options.startMonth.slice(0, 4)), Number(scenario.options.startMonth.slice(5, 7)) - 1 + i, 1)).toISOString().slice(0, 7));
      for (const month of months.slice(0, -1)) runs.push(...(await syncAt(monthlyDue(month) + 3_600_000, 'medical')));
      runs.push(...(await syncAt(scenario.horizon, 'all')));
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
      const cells = completenessCells(scenario.groundTruth, flags);
      for (const g of cells.groups) lines.push(`COMPLETENESS   ${g.group.padEnd(26)} expected ${String(g.expected).padStart(3)} found ${String(g.found).padStart(3)}`);
      lines.push(`COMPLETENESS   cells recall ${(cells.recall * 100).toFixed(1)} % precision ${(cells.precision * 100).toFixed(1)} %`);
      if (cells.missed.length || cells.extra.length) failures.COMPLETENESS_CELLS = { missed: cells.missed, extra: cells.extra };
      process.stdout.write(`\nworld ${seed} size ${size} months ${monthCount}\n${lines.join('\n')}\n`);
      expect(failures).toEqual({});
      expect(scenario.groundTruth.discrepancies.length).toBeGreaterThan(0);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
