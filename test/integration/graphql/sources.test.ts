/** GraphQL sources, syncRuns, quarantine and triggerSync, per role. */
import { JobRunModel } from '../../../jobs/jobRun';
import { closeRedis } from '../../../src/infra/redis';
import { QuarantineModel } from '../../../src/model/quarantine';
import { SyncRunModel } from '../../../src/model/syncRun';
import { QuarantineDocument, QuarantineRawDocument, SourcesDocument, SyncRunsDocument, TriggerSyncDocument } from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);
// the resolvers read the process configuration (src/config.ts `config()`)
process.env.SOURCE_MEDICAL_URL = 'file:///tmp/none';
process.env.SOURCE_INDUSTRIAL_URL = 'http://127.0.0.1:9/';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '1000' });
  const at = new Date('2026-11-10T00:00:00Z');
  await SyncRunModel.create([
    { connector: 'industrial', stream: 'enterprises', status: 'SUCCEEDED', startedAt: at, finishedAt: at, counts: { read: 3, new: 3, changed: 0, unchanged: 0, quarantined: 0 } },
    { connector: 'industrial', stream: 'hw-manifests', status: 'FAILED', startedAt: new Date(at.getTime() + 1000), finishedAt: at, errors: [{ at, message: 'down', code: 'SOURCE_UNAVAILABLE' }] },
    { connector: 'medical', stream: 'ledgers', status: 'SUCCEEDED', startedAt: new Date(at.getTime() + 2000), finishedAt: at },
  ]);
  await QuarantineModel.create([
    { source: 'medical', stream: 'ledgers', sourceKey: 'ledgers/X/2026-10.csv:7', reason: '重量(kg): expected a decimal number', raw: { '重量(kg)': 'abc' }, firstSeenAt: at, lastSeenAt: at },
    { source: 'industrial', stream: 'hw-manifests', sourceKey: 'M1', reason: 'ycl: expected a decimal number', raw: { ycl: 'x' }, firstSeenAt: at, lastSeenAt: new Date(at.getTime() + 1), resolvedAt: at },
  ]);
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

describe('GraphQL sources', () => {
  it('lists every source with health, url kind and counts, for every role', async () => {
    for (const role of ['ADMIN', 'STEWARD', 'ANALYST', 'PARTNER'] as const) {
      const response = await api.request(SourcesDocument, {}, await api.keyFor(role));
      expect(response.errors).toBeUndefined();
      const sources = response.data!.sources;
      expect(sources.map((s) => s.id)).toEqual(['industrial', 'household', 'construction', 'medical', 'taxstat']);
      const industrial = sources.find((s) => s.id === 'industrial')!;
      expect([industrial.urlKind, industrial.health, industrial.quarantine]).toEqual(['HTTP', 'DOWN', { open: 0, resolved: 1 }]);
      expect(sources.find((s) => s.id === 'medical')!.urlKind).toBe('FILE');
      expect(sources.find((s) => s.id === 'household')!.health).toBe('UNKNOWN');
    }
  });

  it('pages syncRuns newest first; PARTNER may not read them', async () => {
    const key = await api.keyFor('ANALYST');
    const first = await api.request(SyncRunsDocument, { first: 2 }, key);
    expect(first.data!.syncRuns.totalCount).toBe(3);
    expect(first.data!.syncRuns.edges.map((e) => e.node.stream)).toEqual(['ledgers', 'hw-manifests']);
    const rest = await api.request(SyncRunsDocument, { first: 2, after: first.data!.syncRuns.pageInfo.endCursor }, key);
    expect(rest.data!.syncRuns.edges.map((e) => e.node.stream)).toEqual(['enterprises']);
    expect(errorCodes(await api.request(SyncRunsDocument, {}, await api.keyFor('PARTNER')))).toEqual(['FORBIDDEN']);
  });

  it('filters the quarantine and limits it to the caller agency streams', async () => {
    const admin = await api.keyFor('ADMIN');
    const open = await api.request(QuarantineDocument, { filter: { resolved: false } }, admin);
    expect(open.data!.quarantine.edges.map((e) => e.node.sourceKey)).toEqual(['ledgers/X/2026-10.csv:7']);
    const byReason = await api.request(QuarantineDocument, { filter: { reason: 'YCL' } }, admin);
    expect(byReason.data!.quarantine.totalCount).toBe(1);
    const tax = await api.request(QuarantineDocument, {}, await api.keyFor('STEWARD', 'TAX'));
    expect(tax.data!.quarantine.totalCount).toBe(0);
  });

  it('shows raw payloads to ADMIN, STEWARD and ANALYST but not to PARTNER', async () => {
    const steward = await api.request(QuarantineRawDocument, { filter: { source: 'medical' } }, await api.keyFor('STEWARD', 'EEB'));
    expect(steward.data!.quarantine.edges[0]!.node.raw).toEqual({ '重量(kg)': 'abc' });
    const partner = await api.request(QuarantineRawDocument, { filter: { source: 'medical' } }, await api.keyFor('PARTNER', 'EEB'));
    expect(errorCodes(partner)).toContain('FORBIDDEN');
  });

  it('triggerSync enqueues a manual sync job (ADMIN only)', async () => {
    const response = await api.request(TriggerSyncDocument, { source: 'industrial', full: true }, await api.keyFor('ADMIN'));
    expect(response.errors).toBeUndefined();
    const jobId = response.data!.triggerSync;
    expect(jobId).toMatch(/^manual-/);
    const run = await JobRunModel.findOne({ jobId }).lean();
    expect([run?.kind, run?.origin, run?.input]).toEqual(['sync', 'manual', { source: 'industrial', full: true }]);
    expect(errorCodes(await api.request(TriggerSyncDocument, { source: 'industrial' }, await api.keyFor('STEWARD')))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(TriggerSyncDocument, { source: 'nope' }, await api.keyFor('ADMIN')))).toEqual(['BAD_USER_INPUT']);
  });
});
