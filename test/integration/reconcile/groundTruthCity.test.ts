/**
 * The multi-district city export (`hub sandbox export --districts N`, `exportCity`): a city of two
 * districts synced from its bundles into a fresh database, reconciled in full at the horizon and scored
 * rule by rule against the city ground truth (every district's discrepancies and near misses) with the
 * same harness as the single-district worlds. Every injected discrepancy is flagged, nothing else is, no
 * near miss is, and every record the city ground truth lists as malformed is quarantined. Per-rule recall
 * and precision and the run time are printed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { syncIndexes } from '../../../src/infra/mongo';
import { runSync } from '../../../src/ingest/engine';
import { QuarantineModel } from '../../../src/model/quarantine';
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { RULE_IDS } from '../../../src/reconcile/rules';
import { exportCity, type GroundTruth } from '../../../sandbox';
import { bundleConnectors } from '../ingest/support';
import { useTestDatabase } from '../../support/mongo';
import { score } from './groundTruthHarness';

useTestDatabase(__filename);
jest.setTimeout(600_000);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a city of two districts', () => {
  it('flags every injected discrepancy of every district and nothing else, rule by rule, and quarantines the malformed', async () => {
    const started = performance.now();
    await mongoose.connection.dropDatabase();
    await syncIndexes();
    const dir = await mkdtemp(join(tmpdir(), 'reconcile-city-'));
    try {
      const { roots, districts } = await exportCity(dir, { seed: 'city-truth', size: 0.1, months: 1, districts: 2 });
      expect(districts).toBe(2);
      const truth = JSON.parse(await readFile(join(dir, 'ground-truth.json'), 'utf8')) as GroundTruth & { scenario: { horizon: string | number } };
      const runs = await runSync('all', { connectors: bundleConnectors(roots) });
      expect(runs.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.source, r.stream, r.errors])).toEqual([]);

      const notQuarantined: string[] = [];
      for (const m of truth.malformed) {
        const hash = m.key.indexOf('#');
        const filter = hash >= 0 ? { source: m.source, stream: m.stream, sourceKey: { $regex: `^${escape(m.key.slice(0, hash))}:` } } : { source: m.source, stream: m.stream, sourceKey: m.key };
        if ((await QuarantineModel.countDocuments({ ...filter, resolvedAt: null })) === 0) notQuarantined.push(`${m.source}/${m.stream} ${m.key}`);
      }
      expect(notQuarantined).toEqual([]);

      const run = await runReconciliation({ full: true, asOf: new Date(truth.scenario.horizon), actor: { id: 'test', label: 'city' } });
      expect(run.status).toBe('SUCCEEDED');
      const flags = await FlagModel.find({ closedByEngineAt: null }).lean<FlagRecord[]>();
      const lines: string[] = [];
      const failures: Record<string, unknown> = {};
      for (const rule of RULE_IDS) {
        const ruleTruth = { discrepancies: truth.discrepancies.filter((d) => d.rule === rule), nearMisses: truth.nearMisses.filter((n) => n.rule === rule) };
        const result = score(ruleTruth, flags.filter((f) => f.rule === rule));
        lines.push(`${rule.padEnd(14)} expected ${String(result.expected).padStart(4)} raised ${String(result.raised).padStart(4)} recall ${(result.recall * 100).toFixed(1)} % precision ${(result.precision * 100).toFixed(1)} % near misses ${ruleTruth.nearMisses.length}`);
        if (result.missed.length || result.extra.length || result.flaggedNearMisses.length) failures[rule] = { missed: result.missed, extra: result.extra, flaggedNearMisses: result.flaggedNearMisses };
      }
      const quarantined = await QuarantineModel.countDocuments({ resolvedAt: null });
      process.stdout.write(`\ncity of ${districts} districts (size 0.1, 1 month): ${truth.malformed.length} malformed, ${quarantined} quarantined, ${((performance.now() - started) / 1000).toFixed(1)} s\n${lines.join('\n')}\n`);
      expect(failures).toEqual({});
      expect(truth.discrepancies.length).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
