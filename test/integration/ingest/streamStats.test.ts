/**
 * The per-stream counters behind GraphQL `sources` (src/store/streamStats.ts) stay equal to the
 * collections they count through syncs, changed and retired records, quarantine opened, re-opened,
 * resolved and retried; `checkStreamStats` names a drift and `rebuildStreamStats` repairs it.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Batch, Connector, JsonObject } from '../../../connectors/contract';
import { taxstatStreams } from '../../../connectors/taxstat/streams';
import { runSync } from '../../../src/ingest/engine';
import { checkMovementLists } from '../../../src/ingest/movementLists';
import { retryQuarantine } from '../../../src/ingest/retry';
import { checkStreamStats, computeStreamStats, rebuildStreamStats } from '../../../src/ingest/streamStats';
import { QuarantineModel, SourceRecordModel, SyncRunModel } from '../../../src/model';
import { Types } from 'mongoose';
import { StreamStatsModel, addToStreamStats, memoByKey, memoByStream, recordFinishedRun, streamStatsId, type LastRun, type StreamStats } from '../../../src/store/streamStats';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors } from './support';

useTestDatabase(__filename);

const row = (area: string, value: string) => ({ 地区: area, 期别: '2026-10', 指标: '工业增加值', 数值: value, 单位: '万元' });
// 海淀区 is neither the district nor one of its streets: the econ mapping rejects it
const DISTRICT = row('石景山区', '1234.56');
const STREET = row('八角街道', '12.5');
const FOREIGN = row('海淀区', '99');
const keyOf = (r: Record<string, string>) => `${r.地区}|${r.期别}|${r.指标}`;

/** The taxstat source as one econ batch of `rows` (whatever the test put there last). */
function econSource(rows: { current: Record<string, string>[] }): Map<string, Connector> {
  const connector: Connector = {
    id: 'taxstat',
    streams: taxstatStreams.filter((s) => s.name === 'econ'),
    check: async () => ({ ok: true, message: 'fake' }),
    async *read(): AsyncIterable<Batch> {
      yield { stream: 'econ', records: rows.current.map((r) => ({ stream: 'econ', sourceId: keyOf(r), payload: r as JsonObject, versionSignal: 'sha256:fake' })), rejects: [], state: { done: true } };
    },
  };
  return new Map([['taxstat', connector]]);
}

/** The maintained counters of one stream, as stored (no rebuild). */
async function stored(source: string, stream: string): Promise<Pick<StreamStats, 'liveRecords' | 'openQuarantine' | 'resolvedQuarantine'> | null> {
  return StreamStatsModel.findById(streamStatsId(source, stream), { _id: 0, liveRecords: 1, openQuarantine: 1, resolvedQuarantine: 1 }).lean().exec();
}

/** The same numbers counted in the collections, independently of src/ingest/streamStats.ts. */
async function counted(source: string, stream: string) {
  return {
    liveRecords: await SourceRecordModel.countDocuments({ source, stream, retiredAt: null }),
    openQuarantine: await QuarantineModel.countDocuments({ source, stream, resolvedAt: null }),
    resolvedQuarantine: await QuarantineModel.countDocuments({ source, stream, resolvedAt: { $ne: null } }),
  };
}

async function expectExact(source: string, stream: string, expected: { liveRecords: number; openQuarantine: number; resolvedQuarantine: number }) {
  expect(await counted(source, stream)).toEqual(expected);
  expect(await stored(source, stream)).toEqual(expected);
  expect(await checkStreamStats()).toEqual([]);
  // the movement list the sync keeps beside the counters (src/store/movementLists.ts) agrees too
  expect(await checkMovementLists([source])).toEqual([]);
}

function put(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

describe('stream counters', () => {
  it('follow a REST-like stream: new, changed, quarantined, the last run', async () => {
    const rows = { current: [DISTRICT, FOREIGN] };
    const connectors = econSource(rows);
    await runSync('taxstat', { connectors, streams: ['econ'] });
    await expectExact('taxstat', 'econ', { liveRecords: 2, openQuarantine: 1, resolvedQuarantine: 0 });
    // the first sync vouched for the source's counters before adding to them: no read has to rebuild them
    expect((await StreamStatsModel.findById(streamStatsId('taxstat', 'econ')).lean().exec())!.rebuiltAt).not.toBeNull();

    // the district row changes, a street row arrives, the foreign row still fails (same entry)
    rows.current = [row('石景山区', '1300'), STREET, FOREIGN];
    await runSync('taxstat', { connectors, streams: ['econ'] });
    await expectExact('taxstat', 'econ', { liveRecords: 3, openQuarantine: 1, resolvedQuarantine: 0 });
    const [run] = await SyncRunModel.find({ connector: 'taxstat', stream: 'econ' }).sort({ startedAt: -1 }).limit(1).lean().exec();
    const last = await StreamStatsModel.findById(streamStatsId('taxstat', 'econ')).lean().exec();
    expect(last!.lastRun!._id.toHexString()).toBe(run!._id.toHexString());
    expect(last!.lastSuccessAt).toEqual(run!.finishedAt);
  });

  it('follow a file stream: rejects corrected by a new version, rows retired, revived and rejected again', async () => {
    const drop = mkdtempSync(join(tmpdir(), 'stream-stats-medical-'));
    const path = 'ledgers/12110107400000001X/2026-10.csv';
    const header = '科室,日期,废物类别,重量（kg）,转移联单号,包装数,交接时间,交接人';
    const lines = {
      a: '内科,2026-10-01,感染性,12.5,MW2026100001,2,2026-10-02 09:00:00,张三',
      b: (weight: string) => `检验科,2026-10-02,化学性,${weight},MW2026100002,1,2026-10-03 09:00:00,李四`,
      c: '外科,2026-10-03,损伤性,3.0,MW2026100003,1,2026-10-04 09:00:00,王五',
    };
    const upload = async (...rows: string[]) => {
      put(drop, path, [header, ...rows, ''].join('\n'));
      await runSync('medical', { connectors: bundleConnectors({ medical: drop }), streams: ['ledgers'] });
    };
    await upload(lines.a, lines.b('abc'));
    await expectExact('medical', 'ledgers', { liveRecords: 1, openQuarantine: 1, resolvedQuarantine: 0 });
    await upload(lines.a, lines.b('4.5'), lines.c);
    await expectExact('medical', 'ledgers', { liveRecords: 3, openQuarantine: 0, resolvedQuarantine: 1 });
    // a corrected upload without b and c retires their records
    await upload(lines.a);
    await expectExact('medical', 'ledgers', { liveRecords: 1, openQuarantine: 0, resolvedQuarantine: 1 });
    // c delivered again unchanged and b changed: both live again
    await upload(lines.a, lines.b('5.5'), lines.c);
    await expectExact('medical', 'ledgers', { liveRecords: 3, openQuarantine: 0, resolvedQuarantine: 1 });
    // the row that was corrected fails again on the same line: its resolved entry re-opens, b retires
    await upload(lines.a, 'x,y,z', lines.c);
    const counts = await counted('medical', 'ledgers');
    expect(counts.openQuarantine).toBeGreaterThan(0);
    expect(await stored('medical', 'ledgers')).toEqual(counts);
    expect(await checkStreamStats()).toEqual([]);
  });

  it('follow a quarantine retry, and a drift is named and repaired by a rebuild', async () => {
    // as if an older hub had quarantined the district row: written without the counters, then rebuilt
    await QuarantineModel.create({ source: 'taxstat', stream: 'econ', sourceKey: keyOf(STREET), reason: 'mapping: an old bug', raw: STREET, attempts: 1, firstSeenAt: new Date(), lastSeenAt: new Date() });
    expect((await checkStreamStats()).map((d) => [d.stream, d.field])).toEqual([['taxstat:econ', 'openQuarantine']]);
    expect(await rebuildStreamStats(['taxstat'])).toEqual({ rebuilt: ['taxstat'], locked: [] });
    await expectExact('taxstat', 'econ', { liveRecords: 3, openQuarantine: 2, resolvedQuarantine: 0 });

    const [summary] = await retryQuarantine({ source: 'taxstat', stream: 'econ', reread: false });
    expect(summary).toMatchObject({ open: 2, resolved: 1, stillOpen: 1 });
    await expectExact('taxstat', 'econ', { liveRecords: 3, openQuarantine: 1, resolvedQuarantine: 1 });

    await StreamStatsModel.updateOne({ _id: streamStatsId('taxstat', 'econ') }, { $inc: { liveRecords: 5 } });
    expect(await checkStreamStats()).toEqual([{ stream: 'taxstat:econ', field: 'liveRecords', stored: 8, actual: 3 }]);
    await rebuildStreamStats();
    expect(await checkStreamStats()).toEqual([]);
    expect((await computeStreamStats('taxstat')).find((s) => s.stream === 'econ')).toMatchObject({ liveRecords: 3, openQuarantine: 1, resolvedQuarantine: 1 });
  });

  it('keep a value read from a stream until a record is stored or retired there or a run of it ends', async () => {
    let loads = 0;
    const load = async () => ++loads;
    const run = (): LastRun => ({ _id: new Types.ObjectId(), connector: 'medical', stream: 'institutions', status: 'SUCCEEDED', startedAt: new Date(), finishedAt: new Date() }) as unknown as LastRun;
    // no run has finished: nothing to key it by, read every time
    expect([await memoByStream('medical', 'institutions', load), await memoByStream('medical', 'institutions', load)]).toEqual([1, 2]);
    await recordFinishedRun(run());
    expect([await memoByStream('medical', 'institutions', load), await memoByStream('medical', 'institutions', load)]).toEqual([3, 3]);
    await addToStreamStats(new Map([[streamStatsId('medical', 'institutions'), { liveRecords: -1 }]]));
    expect(await memoByStream('medical', 'institutions', load)).toBe(4);
    await recordFinishedRun(run());
    expect([await memoByStream('medical', 'institutions', load), await memoByStream('medical', 'institutions', load)]).toEqual([5, 5]);
    // another stream's value is its own
    expect(await memoByStream('medical', 'ledgers', load)).toBe(6);
  });

  it('keep a value per name while its key holds, the least recently stored dropped past the bound', async () => {
    let loads = 0;
    const load = async () => ++loads;
    expect([await memoByKey('calendar', null, load), await memoByKey('calendar', null, load)]).toEqual([1, 2]);
    expect([await memoByKey('calendar', 'k1', load), await memoByKey('calendar', 'k1', load)]).toEqual([3, 3]);
    expect([await memoByKey('calendar', 'k2', load), await memoByKey('calendar', 'k2', load)]).toEqual([4, 4]);
    for (let i = 0; i < 256; i += 1) await memoByKey(`other ${i}`, 'k2', load);
    expect(await memoByKey('calendar', 'k2', load)).toBe(4 + 256 + 1);
  });
});
