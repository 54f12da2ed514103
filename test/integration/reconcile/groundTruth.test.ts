/**
 * The sandbox district-month scenario, synced by the ingest engine, reconciled in full at the scenario
 * horizon: every injected discrepancy is flagged under its rule and subject and nothing else is (recall and
 * precision 100 %, no near miss flagged). Then: a second run changes nothing, and changing one source
 * document re-opens exactly the flag that depends on it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSync } from '../../../src/ingest/engine';
import { MovementModel } from '../../../src/model/movement';
import { FlagModel, type FlagRecord } from '../../../src/reconcile/flagModel';
import { runReconciliation } from '../../../src/reconcile/engine';
import { exportBundles, generateScenario, type Scenario } from '../../../sandbox';
import { bundleConnectors } from '../ingest/support';
import { useTestDatabase } from '../../support/mongo';
import { score, unwatched } from './groundTruthHarness';

useTestDatabase(__filename);
jest.setTimeout(600_000);

let scenario: Scenario;
let dir: string;
let asOf: Date;
const actor = { id: 'test', label: 'ground-truth test' };
const liveFlags = () => FlagModel.find({ closedByEngineAt: null }).lean<FlagRecord[]>();

// file:// bundles (the same data the servers serve at the horizon) keep the sync free of paging and rate limits.
beforeAll(async () => {
  scenario = generateScenario({ size: 0.3 });
  asOf = new Date(scenario.horizon);
  dir = mkdtempSync(join(tmpdir(), 'reconcile-gt-'));
  const roots = await exportBundles(scenario, dir);
  const connectors = bundleConnectors(roots);
  const runs = await runSync('all', { connectors });
  // then a backfill over the nightly waybill export, read after the API: its rows of trips that arrived
  // after midnight are older (DEPARTED) and must not undo the API's versions (no false CDW-OPEN)
  // (the exit days of the late arrivals, CDW-OPEN's near misses: a backfill of the whole month costs minutes on FerretDB)
  const lateDays = scenario.groundTruth.nearMisses.filter((n) => n.rule === 'CDW-OPEN').map((n) => String(n.detail.exitAt).slice(0, 10));
  const days = readdirSync(join(roots.construction, 'export', 'waybills')).map((f) => f.slice(0, 10)).filter((day) => lateDays.includes(day)).sort();
  for (const day of days.slice(0, 2)) runs.push(...(await runSync('construction', { connectors, streams: ['waybills'], backfill: { from: day, to: day } })));
  expect(runs.filter((r) => r.status !== 'SUCCEEDED').map((r) => [r.source, r.stream, r.errors])).toEqual([]);
}, 1_800_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('reconciliation against the sandbox ground truth', () => {
  it('flags every injected discrepancy under its rule and subject, and nothing else', async () => {
    const run = await runReconciliation({ full: true, asOf, actor });
    expect(run.status).toBe('SUCCEEDED');
    // one sync at the horizon, after every due day: delayed filings' lateness is unknown
    const result = score(unwatched(scenario.groundTruth), await liveFlags());
    expect({ missed: result.missed, extra: result.extra, flaggedNearMisses: result.flaggedNearMisses }).toEqual({ missed: [], extra: [], flaggedNearMisses: [] });
    expect(result.recall).toBe(1);
    expect(result.precision).toBe(1);
  });

  it('a second run on unchanged data changes nothing', async () => {
    const before = await FlagModel.find().sort({ key: 1 }).lean<FlagRecord[]>();
    const run = await runReconciliation({ full: true, asOf, actor });
    expect(run.diff).toEqual({ new: 0, changed: 0, reopened: 0, autoClosed: 0, unchanged: before.length });
    const after = await FlagModel.find().sort({ key: 1 }).lean<FlagRecord[]>();
    expect(after.map((f) => [f.key, f.revision, f.evidenceHash])).toEqual(before.map((f) => [f.key, f.revision, f.evidenceHash]));
    // and an incremental run finds nothing to do
    const incremental = await runReconciliation({ asOf, actor });
    expect(incremental.diff).toEqual({ new: 0, changed: 0, reopened: 0, autoClosed: 0, unchanged: expect.any(Number) });
    // the time rules: the clock alone can raise them (COMPLETENESS: a filing becomes missing at its due day)
    expect(incremental.perRule.map((r) => r.rule).sort()).toEqual(['CDW-OPEN', 'CDW-VEHICLE', 'COMPLETENESS', 'HW-LATE']);
  });

  it('changing one source document re-opens exactly the flags that depend on it', async () => {
    // A steward acknowledges every flag.
    await FlagModel.updateMany({}, { $set: { status: 'ACKNOWLEDGED' } });
    const target = await FlagModel.findOne({ rule: 'HW-QTY' }).sort({ key: 1 }).lean<FlagRecord>();
    expect(target).not.toBeNull();
    const manifest = (await MovementModel.findOne({ stream: 'industrial', sourceKey: target!.subject.key }))!;
    const received = manifest.quantities.find((q) => q.role === 'RECEIVED')!;
    received.grams -= 100_000; // a corrected weighbridge reading, still short
    manifest.markModified('quantities');
    await manifest.save();

    const run = await runReconciliation({ asOf, actor });
    expect(run.diff.reopened).toBe(1);
    expect(run.diff.new + run.diff.changed + run.diff.autoClosed).toBe(0);
    const reopened = await FlagModel.find({ status: 'OPEN' }).lean<FlagRecord[]>();
    expect(reopened.map((f) => f.key)).toEqual([target!.key]);
    expect(reopened[0]!.history.at(-1)).toMatchObject({ action: 'REOPENED_DATA_CHANGED', from: 'ACKNOWLEDGED', to: 'OPEN' });
  });
});
