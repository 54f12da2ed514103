/**
 * Quarantine retry: an unchanged record still under quarantine is mapped again by the next sync (it
 * used to be skipped for good, even with --full); `retryQuarantine` re-maps mapping rejects from their
 * stored records and leaves what still fails open; the API mutation per role and with bad input.
 */
import type { Batch, Connector, JsonObject } from '../../../connectors/contract';
import { taxstatStreams } from '../../../connectors/taxstat/streams';
import { JobRunModel } from '../../../jobs/jobRun';
import { runSync } from '../../../src/ingest/engine';
import { retryQuarantine } from '../../../src/ingest/retry';
import { closeRedis } from '../../../src/infra/redis';
import { FingerprintModel, PeriodReportModel, QuarantineModel, SourceRecordModel } from '../../../src/model';
import { RetryQuarantineDocument } from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const DISTRICT_ROW = { 地区: '石景山区', 期别: '2026-10', 指标: '工业增加值', 数值: '1234.56', 单位: '万元' };
// 海淀区 is neither the district nor one of its streets: the econ mapping rejects it
const FOREIGN_ROW = { 地区: '海淀区', 期别: '2026-10', 指标: '工业增加值', 数值: '99', 单位: '万元' };
const keyOf = (row: Record<string, string>) => `${row.地区}|${row.期别}|${row.指标}`;

/** The taxstat source as one econ batch of the given rows (the same rows every read). */
function econSource(rows: Record<string, string>[]): Map<string, Connector> {
  const connector: Connector = {
    id: 'taxstat',
    streams: taxstatStreams.filter((s) => s.name === 'econ'),
    check: async () => ({ ok: true, message: 'fake' }),
    async *read(): AsyncIterable<Batch> {
      yield { stream: 'econ', records: rows.map((row) => ({ stream: 'econ', sourceId: keyOf(row), payload: row as JsonObject, versionSignal: 'sha256:fake' })), rejects: [], state: { done: true } };
    },
  };
  return new Map([['taxstat', connector]]);
}

const entryOf = (row: Record<string, string>) => QuarantineModel.findOne({ source: 'taxstat', stream: 'econ', sourceKey: keyOf(row) }).lean().exec();

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

describe('quarantine retry', () => {
  it('maps an unchanged record again on the next sync while it is quarantined', async () => {
    const connectors = econSource([DISTRICT_ROW, FOREIGN_ROW]);
    await runSync('taxstat', { connectors, streams: ['econ'] });
    expect(await entryOf(FOREIGN_ROW)).toMatchObject({ reason: expect.stringMatching(/^mapping: 地区/), attempts: 1, resolvedAt: null });
    expect(await PeriodReportModel.countDocuments({ kind: 'ECON' })).toBe(1);

    // as if an earlier mapping had rejected the district row (its entry open, its record marked and
    // without a fingerprint): the next sync (record unchanged) maps it and resolves the entry; the
    // foreign row is tried again and stays open
    await QuarantineModel.create({ source: 'taxstat', stream: 'econ', sourceKey: keyOf(DISTRICT_ROW), reason: 'mapping: an old bug', raw: DISTRICT_ROW, attempts: 1, firstSeenAt: new Date(), lastSeenAt: new Date() });
    const district = await SourceRecordModel.findOneAndUpdate({ source: 'taxstat', stream: 'econ', sourceId: keyOf(DISTRICT_ROW) }, { $set: { mappingRejectedAt: new Date() } }).lean().exec();
    await FingerprintModel.deleteMany({ recordId: district!._id }).exec();
    await PeriodReportModel.deleteMany({ kind: 'ECON' });
    const [run] = await runSync('taxstat', { connectors, streams: ['econ'], full: true });
    expect(run!.counts).toMatchObject({ read: 2, unchanged: 2 });
    expect((await entryOf(DISTRICT_ROW))!.resolvedAt).not.toBeNull();
    expect(await PeriodReportModel.countDocuments({ kind: 'ECON' })).toBe(1);
    expect(await entryOf(FOREIGN_ROW)).toMatchObject({ attempts: 2, resolvedAt: null });
  });

  it('re-maps mapping rejects from their stored records and reports what stays open', async () => {
    await QuarantineModel.updateOne({ sourceKey: keyOf(DISTRICT_ROW) }, { $set: { resolvedAt: null, reason: 'mapping: an old bug' } });
    await PeriodReportModel.deleteMany({ kind: 'ECON' });
    const summaries = await retryQuarantine({ source: 'taxstat', stream: 'econ', reread: false });
    expect(summaries).toEqual([{ source: 'taxstat', stream: 'econ', open: 2, remapped: 2, connectorRejects: 0, reread: false, resolved: 1, stillOpen: 1 }]);
    expect(await PeriodReportModel.countDocuments({ kind: 'ECON' })).toBe(1);
    expect(await entryOf(FOREIGN_ROW)).toMatchObject({ attempts: 3, resolvedAt: null, reason: expect.stringMatching(/^mapping: 地区/) });
  });

  it('retries over the API for admins only, queuing a full sync for connector rejects', async () => {
    const admin = await api.keyFor('ADMIN');
    await QuarantineModel.create({ source: 'taxstat', stream: 'econ', sourceKey: 'econ.csv:7', reason: '数值: not a decimal', raw: 'x', attempts: 1, firstSeenAt: new Date(), lastSeenAt: new Date() });
    const response = await api.request(RetryQuarantineDocument, { source: 'taxstat' }, admin);
    expect(response.errors).toBeUndefined();
    const [summary] = response.data!.retryQuarantine;
    expect(summary).toMatchObject({ source: 'taxstat', stream: 'econ', open: 2, remapped: 1, connectorRejects: 1, resolved: 0, stillOpen: 2 });
    expect(await JobRunModel.findOne({ jobId: summary!.resyncJobId! }).lean().exec()).toMatchObject({ kind: 'sync', input: { source: 'taxstat', full: true }, origin: 'quarantine-retry' });

    expect(errorCodes(await api.request(RetryQuarantineDocument, { source: 'taxstat' }, await api.keyFor('STEWARD', 'EEB')))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(RetryQuarantineDocument, { source: 'moon' }, admin))).toEqual(['BAD_USER_INPUT']);
    expect((await api.request(RetryQuarantineDocument, { source: 'medical' }, admin)).data!.retryQuarantine).toEqual([]);
  });
});
