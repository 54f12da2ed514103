/**
 * A movement's quantities carry the version of the record they were projected from (source, stream,
 * version, hash: src/ingest/project.ts `withSourceVersions`), so the API's detail answers them without
 * reading the record. They follow each new version of the record; a new version the mapping refuses
 * leaves the movement as the old one stated it, and its quantities stop carrying the old version (the
 * API reads the record's current one).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runSync } from '../../../src/ingest/engine';
import { closeRedis } from '../../../src/infra/redis';
import { MovementModel } from '../../../src/model/movement';
import { SourceRecordModel } from '../../../src/model/sourceRecord';
import { MovementDetailDocument } from '../../graphql/generated';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { bundleConnectors } from './support';

useTestDatabase(__filename);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

const manifest = (ycl: string, jsl: string | null) =>
  JSON.stringify({
    ldbh: '20261003000000000001', ycdw: '91110108551385082Q', ycdwmc: null, ysdw: null, jsdw: '91350100M000100Y43', jsdwxkzh: null, fwdm: '900-041-49', fwlb: 'HW49', xt: null,
    ycl, jsl, ycsj: '2026-10-03T08:00:00+08:00', jssj: null, lyczfs: null, zt: jsl === null ? '20' : '30', updatedAt: '2026-10-03T08:00:00+08:00',
  });

it('carries the version of the record each quantity was projected from, through every new version', async () => {
  const bundle = mkdtempSync(join(tmpdir(), 'source-versions-'));
  const connectors = bundleConnectors({ industrial: bundle });
  const key = await api.keyFor('ADMIN');
  const sync = async (line: string) => {
    writeFileSync(join(bundle, 'hw-manifests.jsonl'), `${line}\n`);
    const [run] = await runSync('industrial', { connectors, streams: ['hw-manifests'], full: true });
    expect(run!.status).toBe('SUCCEEDED');
    return run!;
  };
  const stored = async () => {
    const record = (await SourceRecordModel.findOne({ source: 'industrial', stream: 'hw-manifests', sourceId: '20261003000000000001' }).lean().exec())!;
    const movement = (await MovementModel.findOne({ stream: 'industrial', sourceKey: '20261003000000000001' }).lean().exec())!;
    const detail = await api.request(MovementDetailDocument, { id: movement._id.toHexString() }, key);
    expect(detail.errors).toBeUndefined();
    return { record, movement, detail: detail.data!.movement };
  };
  const answered = (record: { source: string; stream: string; version: number; hash: string }) => ({ source: record.source, stream: record.stream, version: record.version, hash: record.hash });

  await sync(manifest('12.5', null));
  const first = await stored();
  expect(first.record.version).toBe(1);
  expect(first.movement.quantities.map((q) => [q.role, q.sourceVersion])).toEqual([['DECLARED', answered(first.record)]]);
  expect(first.detail.quantities.map((q) => q.sourceRecord)).toEqual([{ id: first.record._id.toHexString(), sourceId: first.record.sourceId, ...answered(first.record) }]);

  // received: a new version, and a quantity more
  expect((await sync(manifest('12.5', '12.4'))).counts).toMatchObject({ changed: 1 });
  const second = await stored();
  expect(second.record.version).toBe(2);
  expect(second.record.hash).not.toBe(first.record.hash);
  expect(second.movement.quantities.map((q) => [q.role, q.sourceVersion])).toEqual([['DECLARED', answered(second.record)], ['RECEIVED', answered(second.record)]]);
  expect(second.detail.quantities.map((q) => q.sourceRecord)).toEqual(Array(2).fill({ id: second.record._id.toHexString(), sourceId: second.record.sourceId, ...answered(second.record) }));
  expect(second.detail.sourceRecords).toEqual([{ id: second.record._id.toHexString(), sourceId: second.record.sourceId }]);

  // a version the mapping refuses (a fraction of a gram): the movement keeps what version 2 stated, and
  // the detail answers the record as it is now, version 3, read through the loader
  expect((await sync(manifest('12.5000001', '12.4'))).counts).toMatchObject({ changed: 1, quarantined: 1 });
  const third = await stored();
  expect(third.record.version).toBe(3);
  expect(third.movement.quantities.map((q) => [q.role, q.grams, q.sourceVersion])).toEqual([['DECLARED', 12_500_000, undefined], ['RECEIVED', 12_400_000, undefined]]);
  expect(third.detail.quantities.map((q) => q.sourceRecord)).toEqual(Array(2).fill({ id: third.record._id.toHexString(), sourceId: third.record.sourceId, ...answered(third.record) }));

  // corrected: carried again
  await sync(manifest('12.6', '12.4'));
  const fourth = await stored();
  expect(fourth.record.version).toBe(4);
  expect(fourth.movement.quantities.map((q) => q.sourceVersion)).toEqual([answered(fourth.record), answered(fourth.record)]);
});

it('carries each ledger row\'s version on a medical handover built from several rows, and follows a corrected upload', async () => {
  const drop = mkdtempSync(join(tmpdir(), 'source-versions-medical-'));
  const path = 'ledgers/12110107400000001X/2026-10.csv';
  const upload = (weight: string) => {
    mkdirSync(dirname(join(drop, path)), { recursive: true });
    writeFileSync(join(drop, path), ['科室,日期,废物类别,重量（kg）,转移联单号,包装数,交接时间,交接人', '内科,2026-10-01,感染性,12.5,MW2026100001,2,2026-10-02 09:00:00,张三', `检验科,2026-10-02,感染性,${weight},MW2026100001,1,2026-10-02 09:00:00,李四`, ''].join('\n'));
  };
  const connectors = bundleConnectors({ medical: drop });
  const carriedAndStored = async () => {
    const handover = (await MovementModel.findOne({ stream: 'medical', sourceKey: 'MW2026100001' }).lean().exec())!;
    const records = await SourceRecordModel.find({ _id: { $in: handover.sources } }).lean().exec();
    const byId = new Map(records.map((r) => [r._id.toHexString(), { source: r.source, stream: r.stream, version: r.version, hash: r.hash }]));
    return { carried: handover.quantities.map((q) => q.sourceVersion), stored: handover.quantities.map((q) => byId.get(q.sourceRecordId.toHexString())) };
  };
  upload('4.5');
  await runSync('medical', { connectors, streams: ['ledgers'] });
  const first = await carriedAndStored();
  expect(first.carried).toHaveLength(2);
  expect(first.carried).toEqual(first.stored);
  upload('4.6');
  await runSync('medical', { connectors, streams: ['ledgers'] });
  const second = await carriedAndStored();
  expect(second.carried).toEqual(second.stored);
  expect(second.carried).not.toEqual(first.carried);
});
