/**
 * Indicators through the API: the dashboard year page costs the same number of MongoDB commands
 * whatever the number of indicators and months, and reads the priority values once until they are written (counted with driver command monitoring), values,
 * history, flows, rankings, manual inputs per role, and the job-enqueueing mutations.
 */
import mongoose from 'mongoose';
import { closeRedis } from '../../../src/infra/redis';
import { computeIndicators, writeLiveValues } from '../../../src/indicators/engine';
import { raisePriorityRevision } from '../../../src/indicators/prioritySnapshot';
import { IndicatorValueModel, type IndicatorValue } from '../../../src/indicators/indicatorValueModel';
import { PeriodAggregateModel } from '../../../src/indicators/periodAggregateModel';
import { PeriodModel } from '../../../src/indicators/periodModel';
import { PartyModel } from '../../../src/model/party';
import { PRIORITY_CODES } from '../../../src/indicators/definitions';
import {
  ClosePeriodDocument,
  ComputeIndicatorsDocument,
  DashboardDocument,
  FlowsDocument,
  IndicatorValuesDocument,
  IndicatorWithHistoryDocument,
  PeriodsDocument,
  SetIndicatorInputDocument,
  TopPartiesDocument,
} from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { seedMonth } from '../indicators/fixtures';

// Connect first with command monitoring on; useTestDatabase then reuses the connection.
beforeAll(async () => {
  await mongoose.connect(process.env.MONGODB_URI!, { dbName: testDatabaseName(__filename), monitorCommands: true, directConnection: true });
});
useTestDatabase(__filename);

let api: TestApi;
const keys = { admin: '', steward: '', analyst: '' };
const commands: { name: string; collection: unknown }[] = [];
let counting = false;

function seededValue(code: string, period: string, periodKind: 'MONTH' | 'YEAR'): IndicatorValue {
  return {
    code, period, periodKind, area: 'DISTRICT', version: 0, current: true, value: '0.500000', numerator: '1', numeratorUnit: 'g', denominator: '2', denominatorUnit: 'g',
    inputs: [], goldenApplied: 0, openFlagShare: '0.000000', confidence: '1.000000', target: { evaluation: 'NOT_MET', kind: 'AT_LEAST', text: 't', year: 2027, source: 'SEED_000_2027' },
    previous: null, manual: null, computedAt: new Date(), computedBy: { id: 'seed', label: 'seed' }, frozenAt: null,
  };
}

beforeAll(async () => {
  mongoose.connection.getClient().on('commandStarted', (event) => {
    if (counting) commands.push({ name: event.commandName, collection: event.command[event.commandName] });
  });
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.steward = await api.keyFor('STEWARD', 'EEB');
  keys.analyst = await api.keyFor('ANALYST');
  // 2024: 3 months of values; 2025: all 12 months, for every priority indicator.
  const docs: IndicatorValue[] = [];
  for (const code of PRIORITY_CODES) {
    for (const m of ['01', '02', '03']) docs.push(seededValue(code, `2024-${m}`, 'MONTH'));
    for (let m = 1; m <= 12; m++) docs.push(seededValue(code, `2025-${String(m).padStart(2, '0')}`, 'MONTH'));
    docs.push(seededValue(code, '2025', 'YEAR'));
  }
  await IndicatorValueModel.insertMany(docs);
  await seedMonth('2026-03');
  await computeIndicators({ periods: ['2026-03'] });
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

async function countedDashboard(year: string, codes: string[]) {
  commands.length = 0;
  counting = true;
  const response = await api.request(DashboardDocument, { year, codes }, keys.analyst);
  counting = false;
  expect(response.errors).toBeUndefined();
  // without the API key's reads and writes: its lastUsedAt is touched at most once a minute (src/auth/keys.ts)
  return { response, total: commands.filter((c) => c.collection !== 'apiKeys').length, onValues: commands.filter((c) => c.collection === 'indicatorValues').length };
}

describe('dashboard', () => {
  it('answers a year page with one indicator-value query, then from the kept priority values until values are written; the same round trips for 3 or 12 months and 5 or all priority indicators', async () => {
    const five = PRIORITY_CODES.slice(0, 5);
    // values written past the indicator writer (the seeds): the first request reads them and keeps them
    // (src/indicators/prioritySnapshot.ts)
    await raisePriorityRevision();
    const first = await countedDashboard('2024', five);
    expect(first.onValues).toBe(1);
    const runs = [
      await countedDashboard('2024', five),
      await countedDashboard('2024', [...PRIORITY_CODES]),
      await countedDashboard('2025', five),
      await countedDashboard('2025', [...PRIORITY_CODES]),
    ];
    const totals = runs.map((r) => r.total);
    process.stdout.write(`dashboard MongoDB commands per request (3m×5, 3m×11, 12m×5, 12m×11): ${totals.join(', ')}; on indicatorValues: ${runs.map((r) => r.onValues).join(', ')}\n`);
    expect(new Set(totals).size).toBe(1);
    expect(runs.every((r) => r.onValues === 0)).toBe(true);
    const page = runs[3]!.response.data!.dashboard;
    expect(page.rows).toHaveLength(PRIORITY_CODES.length);
    expect(page.rows.every((r) => r.monthly.length === 12 && r.monthly.every((v) => v?.value === '0.500000') && r.yearValue?.value === '0.500000')).toBe(true);
    const short = runs[1]!.response.data!.dashboard;
    expect(short.rows[0]!.monthly.filter((v) => v !== null)).toHaveLength(3);
    // the indicator writer keeps what it wrote: the next request shows it without reading the values
    const { current: _current, previous: _previous, ...live } = seededValue(PRIORITY_CODES[0]!, '2024-04', 'MONTH');
    await writeLiveValues([{ ...live, value: '0.250000' }]);
    const after = await countedDashboard('2024', five);
    expect(after.onValues).toBe(0);
    expect(after.response.data!.dashboard.rows[0]!.monthly.map((v) => v?.value ?? null).slice(0, 5)).toEqual(['0.500000', '0.500000', '0.500000', '0.250000', null]);
  });

  it('refuses an unknown indicator or a year that is not a year', async () => {
    expect(errorCodes(await api.request(DashboardDocument, { year: '2025', codes: ['ZW99'] }, keys.analyst))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await api.request(DashboardDocument, { year: '2025-01' }, keys.analyst))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('values, history, flows, rankings', () => {
  it('serves a period × area with inputs, confidence, target and versions', async () => {
    const res = await api.request(IndicatorValuesDocument, { period: '2026-03', area: 'DISTRICT' }, keys.analyst);
    expect(res.errors).toBeUndefined();
    const zw09 = res.data!.indicators.find((v) => v.code === 'ZW09')!;
    expect(zw09).toMatchObject({ value: '0.923077', numerator: '96000000', denominator: '104000000', confidence: '1.000000', target: { evaluation: 'NOT_MET', kind: 'AT_LEAST' } });
    expect(zw09.inputs.map((i) => i.name)).toEqual(['industrial.general.utilised', 'industrial.general.generated', 'industrial.general.utilisedFromStock']);
    expect(errorCodes(await api.request(IndicatorValuesDocument, { period: '2026-03', area: 'NOWHERE' }, keys.analyst))).toEqual(['BAD_USER_INPUT']);
    const history = await api.request(IndicatorWithHistoryDocument, { code: 'ZW09' }, keys.analyst);
    expect(history.data!.indicator).toMatchObject({ nameZh: '一般工业固体废物综合利用率', target: { kind: 'AT_LEAST', value: '0.99', source: 'SEED_000_2027', year: 2027 } });
    expect(history.data!.indicator!.history.at(-1)).toEqual({ period: '2026-03', value: '0.923077' });
  });

  it('serves Sankey flows and top parties from the aggregates', async () => {
    const flows = await api.request(FlowsDocument, { period: '2026Q1', stream: 'industrial-hw' }, keys.analyst);
    expect(flows.data!.flows.links).toEqual(
      expect.arrayContaining([
        { source: 'generated', target: 'utilisation', grams: '10000000' },
        { source: 'generated', target: 'landfill', grams: '4000000' },
        { source: 'generated', target: 'incineration', grams: '3000000' },
      ]),
    );
    const top = await api.request(TopPartiesDocument, { stream: 'industrial', measure: 'GENERAL_GENERATED', period: '2026-03', first: 1 }, keys.analyst);
    expect(top.data!.topParties).toEqual([{ uscc: 'G1', name: 'G1', grams: '60000000' }]);
  });

  it("names a top party the movements named by USCC alone by the resolved party's name", async () => {
    // as ingest leaves them: the manifest's reference resolved to a party, the name not stated
    const g1 = (await PartyModel.findOneAndUpdate({ uscc: 'G1' }, { $set: { name: '八角钢铁厂' } }).lean().exec())!;
    for (const doc of await PeriodAggregateModel.find({ period: '2026-03' }).lean().exec()) {
      const partyTotals = doc.partyTotals.map((t) => (t.uscc === 'G1' ? { ...t, partyId: g1._id, name: null } : t));
      await PeriodAggregateModel.updateOne({ _id: doc._id }, { $set: { partyTotals } });
    }
    const top = await api.request(TopPartiesDocument, { stream: 'industrial', measure: 'GENERAL_GENERATED', period: '2026-03', first: 1 }, keys.analyst);
    expect(top.data!.topParties).toEqual([{ uscc: 'G1', name: '八角钢铁厂', grams: '60000000' }]);
  });
});

describe('periods', () => {
  // Regression: the resolver returned a bare mongoose Query, executed twice → INTERNAL_SERVER_ERROR.
  it('lists periods newest first with their versions', async () => {
    await PeriodModel.insertMany([
      { period: '2026-01', status: 'CLOSED', dirty: true, lateRecords: 2, lastClosedAt: new Date(), lastVersion: 1,
        versions: [{ version: 1, closedAt: new Date(), closedBy: { id: 'k1', label: 'admin@TASKFORCE' }, indicatorValues: 40, lateRecords: 0 }] },
      { period: '2026-02', status: 'OPEN' },
    ]);
    const response = await api.request(PeriodsDocument, {}, keys.analyst);
    expect(response.errors).toBeUndefined();
    expect(response.data!.periods.map((p) => [p.period, p.status, p.dirty])).toEqual([['2026-02', 'OPEN', false], ['2026-01', 'CLOSED', true]]);
    expect(response.data!.periods[1]!.versions).toEqual([{ version: 1, closedBy: 'admin@TASKFORCE', indicatorValues: 40, lateRecords: 0 }]);
  });
});

describe('mutations', () => {
  it('lets stewards and admins set manual inputs, not analysts', async () => {
    const ok = await api.request(SetIndicatorInputDocument, { code: 'ZW33', period: '2026', value: '0', reason: '全年未发生' }, keys.steward);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.setIndicatorInput).toMatchObject({ value: '0', target: { evaluation: 'MET' }, manual: { reason: '全年未发生', enteredBy: 'steward@EEB' } });
    expect(errorCodes(await api.request(SetIndicatorInputDocument, { code: 'ZW33', period: '2026', value: '1', reason: 'x' }, keys.analyst))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(SetIndicatorInputDocument, { code: 'ZW09', period: '2026', value: '1', reason: 'x' }, keys.admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('enqueues indicator and close jobs for admins', async () => {
    const compute = await api.request(ComputeIndicatorsDocument, { period: '2026-03' }, keys.admin);
    expect(compute.data!.computeIndicators).toMatchObject({ kind: 'indicators', status: 'QUEUED', input: { period: '2026-03' } });
    const close = await api.request(ClosePeriodDocument, { period: '2026-03' }, keys.admin);
    expect(close.data!.closePeriod).toMatchObject({ kind: 'close', status: 'QUEUED' });
    expect(errorCodes(await api.request(ClosePeriodDocument, { period: '2026Q1' }, keys.admin))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await api.request(ComputeIndicatorsDocument, { period: '2026-03' }, keys.steward))).toEqual(['FORBIDDEN']);
  });
});
