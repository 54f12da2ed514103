/**
 * A full sync of all five sandbox sources: record counts per stream equal the ground truth (served −
 * malformed), every malformed record is in Quarantine with a reason, and a second sync writes nothing.
 */
import { MovementModel } from '../../../src/model/movement';
import { PartyModel } from '../../../src/model/party';
import { PeriodReportModel } from '../../../src/model/periodReport';
import { QuarantineModel } from '../../../src/model/quarantine';
import { SourceRecordModel } from '../../../src/model/sourceRecord';
import { runSync } from '../../../src/ingest/engine';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { useTestDatabase } from '../../support/mongo';
import { sandboxConnectors } from './support';

useTestDatabase(__filename);

/** envtax rows of other pollutants are served but are not the hub's (MAPPING.md: 固体废物 only). */
function otherPollutantRows(running: RunningSandbox): number {
  let rows = 0;
  for (const file of running.scenario.files.taxstat) {
    const last = file.feed === 'envtax' ? file.versions.filter((v) => v.at <= running.scenario.horizon).at(-1) : undefined;
    if (last?.content.kind !== 'table') continue;
    const column = last.content.table.headers.indexOf('污染物类别');
    rows += last.content.table.rows.filter((row) => row[column] !== '固体废物').length;
  }
  return rows;
}
jest.setTimeout(600_000);

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ scenarioOptions: { size: 0.3 } });
});
afterAll(async () => {
  await sandbox.stop();
});

describe('full sync against the sandbox', () => {
  it('stores exactly the expected records per stream and quarantines the malformed ones', async () => {
    const started = Date.now();
    const runs = await runSync('all', { connectors: sandboxConnectors(sandbox) });
    const elapsed = Date.now() - started;
    const failed = runs.filter((r) => r.status !== 'SUCCEEDED');
    expect(failed.map((r) => [r.source, r.stream, r.errors])).toEqual([]);

    const truth = sandbox.scenario.groundTruth;
    const actual: Record<string, number> = {};
    const expected: Record<string, number> = {};
    for (const [source, streams] of Object.entries(truth.counts)) {
      for (const [stream, count] of Object.entries(streams)) {
        expected[`${source}/${stream}`] = count.expected - (source === 'taxstat' && stream === 'envtax' ? otherPollutantRows(sandbox) : 0);
        if (source === 'taxstat' && stream === 'envstat') {
          // the ground truth counts <Enterprise> elements; the hub keeps one record per waste element of each
          const ids = await SourceRecordModel.find({ source, stream, retiredAt: null }, { sourceId: 1 }).lean();
          actual[`${source}/${stream}`] = new Set(ids.map((r) => r.sourceId.split('|').slice(0, 2).join('|'))).size;
        } else {
          actual[`${source}/${stream}`] = await SourceRecordModel.countDocuments({ source, stream, retiredAt: null });
        }
      }
    }
    expect(actual).toEqual(expected);

    for (const malformed of truth.malformed) {
      const filePath = malformed.key.includes('#') ? malformed.key.slice(0, malformed.key.indexOf('#')) : null;
      const entries = await QuarantineModel.find(
        filePath ? { source: malformed.source, stream: malformed.stream, sourceKey: { $regex: `^${filePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:` } } : { source: malformed.source, stream: malformed.stream, sourceKey: malformed.key },
      ).lean();
      expect(entries.length).toBeGreaterThan(0);
      expect(entries[0]!.reason.length).toBeGreaterThan(0);
      expect(entries[0]!.resolvedAt).toBeNull();
    }
    const open = await QuarantineModel.find({ resolvedAt: null }).lean();
    const quarantined = open.length;
    expect(open.map((e) => `${e.source}/${e.stream} ${e.sourceKey}: ${e.reason.slice(0, 80)}`).slice(0, 12)).toHaveLength(Math.min(12, truth.malformed.length));
    expect(quarantined).toBe(truth.malformed.length);

    const movements = await MovementModel.countDocuments();
    const reports = await PeriodReportModel.countDocuments();
    const parties = await PartyModel.countDocuments();
    const unresolvedRefs = await MovementModel.countDocuments({ 'from.party.uscc': { $ne: null }, 'from.party.partyId': null });
    expect(unresolvedRefs).toBe(0);
    // printed for the report
    process.stdout.write(`${JSON.stringify({ elapsedMs: elapsed, records: Object.values(actual).reduce((a, b) => a + b, 0), movements, reports, parties, quarantined })}\n`);
  });

  it('writes nothing on a second sync', async () => {
    const before = await MovementModel.findOne().sort({ updatedAt: -1 }).lean();
    const runs = await runSync('all', { connectors: sandboxConnectors(sandbox) });
    expect(runs.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    expect(runs.reduce((n, r) => n + r.counts.new + r.counts.changed, 0)).toBe(0);
    expect(runs.reduce((n, r) => n + r.projected.inserted + r.projected.updated + r.projected.deleted, 0)).toBe(0);
    const after = await MovementModel.findOne().sort({ updatedAt: -1 }).lean();
    expect(after?.updatedAt).toEqual(before?.updatedAt);
  });
});
