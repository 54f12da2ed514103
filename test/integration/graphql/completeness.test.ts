/**
 * The completeness calendar over HTTP: the grid and its totals for a seeded filing history, per role and
 * agency (streams), filters, paging, and bad input.
 */
import { closeRedis } from '../../../src/infra/redis';
import { FacilityModel } from '../../../src/model/facility';
import { upsertSourceRecords } from '../../../src/model/sourceRecord';
import { SyncRunModel } from '../../../src/model/syncRun';
import { CompletenessDocument } from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { AS_OF, USCC, seedFilings } from '../completeness/fixtures';

useTestDatabase(__filename);

let api: TestApi;
const keys = { admin: '', eeb: '', tax: '', umc: '', partner: '', analyst: '' };

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.eeb = await api.keyFor('STEWARD', 'EEB');
  keys.tax = await api.keyFor('STEWARD', 'TAX');
  keys.umc = await api.keyFor('STEWARD', 'UMC');
  keys.partner = await api.keyFor('PARTNER', 'EEB');
  keys.analyst = await api.keyFor('ANALYST', 'STATS');
  await seedFilings();
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

const grid = async (variables: { period: string; stream?: string; street?: string; first?: number; after?: string }, key = keys.admin) => {
  const res = await api.request(CompletenessDocument, { asOf: AS_OF, ...variables }, key);
  expect(res.errors).toBeUndefined();
  return res.data!.completeness;
};
const rowsOf = (g: Awaited<ReturnType<typeof grid>>) => g.reporters.map((e) => [e.node.key, e.node.kind, e.node.cells.map((c) => `${c.period}:${c.status}`).join(' ')]);

describe('completeness(period)', () => {
  it('shows every expected filing of the quarter with its status, and totals per reporter and per period', async () => {
    const g = await grid({ period: '2026Q1' });
    expect(g.periods).toEqual(['2026-01', '2026-02', '2026-03', '2026Q1']);
    expect(rowsOf(g)).toEqual([
      [USCC.a, 'GENERAL_LEDGER', '2026-01:RECEIVED 2026-02:LATE 2026-03:MISSING'],
      [USCC.b, 'GENERAL_LEDGER', '2026-02:REVISED 2026-03:MISSING'],
      [USCC.t, 'ENV_TAX', '2026Q1:MISSING'],
    ]);
    expect(g.totals).toEqual({ received: 1, late: 1, missing: 3, revised: 1, notDue: 0, expected: 6 });
    expect(g.totalsByPeriod.find((p) => p.period === '2026-03')!.totals).toMatchObject({ missing: 2, expected: 2 });
    expect(g.reporters[0]!.node.totals).toMatchObject({ received: 1, late: 1, missing: 1, expected: 3 });
    expect(g.reporters[0]!.node).toMatchObject({ street: 'BABAOSHAN', stream: 'industrial', firstPeriod: '2026-01' });
    const late = g.reporters[0]!.node.cells[1]!;
    expect(new Date(late.receivedAt as string).toISOString()).toBe(new Date('2026-03-20T10:00:00+08:00').toISOString());
    expect(new Date(late.dueAt as string).toISOString()).toBe(new Date('2026-03-16T00:00:00+08:00').toISOString());
  });

  it('judges at asOf: before the due day a missing filing is NOT_DUE', async () => {
    const res = await api.request(CompletenessDocument, { period: '2026-03', asOf: '2026-04-10T00:00:00+08:00' }, keys.admin);
    expect(res.data!.completeness.totals).toMatchObject({ missing: 0, notDue: 2 });
  });

  it('keeps to the caller’s streams and narrows by stream and street', async () => {
    expect(rowsOf(await grid({ period: '2026Q1' }, keys.tax)).map((r) => r[0])).toEqual([USCC.t]);
    expect((await grid({ period: '2026Q1' }, keys.umc)).totalCount).toBe(0);
    expect((await grid({ period: '2026Q1' }, keys.eeb)).totalCount).toBe(3);
    expect((await grid({ period: '2026Q1' }, keys.analyst)).totalCount).toBe(1);
    expect(rowsOf(await grid({ period: '2026Q1', stream: 'industrial' })).map((r) => r[0])).toEqual([USCC.a, USCC.b]);
    expect(rowsOf(await grid({ period: '2026Q1', street: 'LAOSHAN' })).map((r) => r[0])).toEqual([USCC.b]);
  });

  it('pages rows with first/after; totals stay those of every row', async () => {
    const first = await grid({ period: '2026Q1', first: 2 });
    expect(first.reporters).toHaveLength(2);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(first.totals.expected).toBe(6);
    const second = await grid({ period: '2026Q1', first: 2, after: first.pageInfo.endCursor! });
    expect(rowsOf(second).map((r) => r[0])).toEqual([USCC.t]);
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('refuses PARTNER keys, callers without a key and bad input with codes', async () => {
    expect(errorCodes(await api.request(CompletenessDocument, { period: '2026Q1' }, keys.partner))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(CompletenessDocument, { period: '2026Q1' }))).toEqual(['UNAUTHENTICATED']);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['month 13', { period: '2026-13' }],
      ['not a period', { period: 'last month' }],
      ['unknown stream', { period: '2026Q1', stream: 'moon' }],
      ['unknown street', { period: '2026Q1', street: 'NOWHERE' }],
      ['first too large', { period: '2026Q1', first: 100000 }],
      ['bad cursor', { period: '2026Q1', after: 'bm9wZQ' }],
    ];
    for (const [what, variables] of bad) {
      expect([what, errorCodes(await api.request(CompletenessDocument, { period: '2026Q1', ...variables }, keys.admin))]).toEqual([what, ['BAD_USER_INPUT']]);
    }
  });
});

describe('completeness of daily weigh tickets', () => {
  it("shows a facility's day cells to the household agency, with the days first in the periods and in the totals", async () => {
    await FacilityModel.create({ source: 'household', stream: 'household', code: 'F9', name: '五里坨垃圾转运站', type: 'TRANSFER_STATION', street: null, inDistrict: true, sources: [] });
    await SyncRunModel.create({ connector: 'household', stream: 'weigh-tickets', status: 'SUCCEEDED', startedAt: new Date('2026-01-01T00:00:00+08:00'), seenAt: new Date('2026-01-01T00:00:00+08:00'), finishedAt: new Date('2026-01-01T00:00:00+08:00') });
    // tickets on 1 and 2 March, the 3rd missing, the 4th uploaded on the 6th (late)
    const upload = { '2026-03-01': '2026-03-01T09:00:00+08:00', '2026-03-02': '2026-03-02T09:00:00+08:00', '2026-03-04': '2026-03-06T09:00:00+08:00' };
    await upsertSourceRecords(Object.entries(upload).map(([day, updatedAt]) => ({ source: 'household' as const, stream: 'weigh-tickets', sourceId: `F9-${day}`, payload: { ticketNo: `F9-${day}`, facilityId: 'F9', weighedAt: `${day}T08:00:00+08:00`, updatedAt } })));

    const g = await grid({ period: '2026-03' }, keys.umc);
    expect(g.periods.slice(0, 2)).toEqual(['2026-03-01', '2026-03-02']);
    expect(g.periods).toHaveLength(32);
    expect(rowsOf(g)).toHaveLength(1);
    const [key, kind, cells] = rowsOf(g)[0]!;
    expect([key, kind]).toEqual(['F9', 'WEIGH_TICKETS']);
    // the feed has delivered nothing weighed after 4 March: later days are not over in it (unknown, no cell)
    expect(cells!.split(' ')).toEqual(['2026-03-01:RECEIVED', '2026-03-02:RECEIVED', '2026-03-03:MISSING', '2026-03-04:LATE']);
    expect(g.totals).toMatchObject({ received: 2, late: 1, missing: 1, expected: 4 });
    expect(g.totalsByPeriod.find((p) => p.period === '2026-03-04')!.totals).toMatchObject({ late: 1, expected: 1 });
    // the industrial agency does not see household filings
    expect(rowsOf(await grid({ period: '2026-03' }, keys.eeb)).map((r) => r[1])).not.toContain('WEIGH_TICKETS');
  });
});
