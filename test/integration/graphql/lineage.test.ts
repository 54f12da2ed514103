/**
 * Lineage through the real API: every indicator input's contributions add up to the input (amount and
 * record count), down to the movement or report and its source record with the raw payload; flag sides
 * list their records with payloads; per role (partners: aggregates only) and per agency stream.
 */
import { closeRedis } from '../../../src/infra/redis';
import { computeIndicators } from '../../../src/indicators/engine';
import { MovementModel, PeriodReportModel } from '../../../src/model';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { upsertFlags } from '../../../src/reconcile/flags';
import { FlagSideRecordsDocument, IndicatorInputTotalsDocument, IndicatorLineageDocument } from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { seedMonth } from '../indicators/fixtures';
import { hwQtyFlag } from '../reconcile/raisedFlags';
import { storeRecords } from './modelFixtures';

useTestDatabase(__filename);

const MONTH = '2026-03';
const M1_PAYLOAD = { lianDanBh: 'M1', ycl: '10.0000', jsl: '10.0000', fxdm: 'R4' };
const GL1_PAYLOAD = { tyshxydm: 'G1', yf: '2026-03', csl: '60' };

let api: TestApi;
const keys = { admin: '', eebAnalyst: '', umcAnalyst: '', eebPartner: '' };
let flagId = '';
let m1RecordId = '';

beforeAll(async () => {
  // these tests read every input of every indicator in one request (a client would page an indicator at a
  // time), so the per-request cost limit and budget are raised; the limits themselves are protection.test.ts's
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000', API_MAX_COST: '1000000', API_COST_BUDGET_PER_MINUTE: '10000000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.eebAnalyst = await api.keyFor('ANALYST', 'EEB');
  keys.umcAnalyst = await api.keyFor('ANALYST', 'UMC');
  keys.eebPartner = await api.keyFor('PARTNER', 'EEB');
  await seedMonth(MONTH);
  const manifests = await storeRecords('industrial', 'hw-manifests', { M1: M1_PAYLOAD });
  const ledgers = await storeRecords('industrial', 'general-ledgers', { gl1: GL1_PAYLOAD });
  m1RecordId = manifests.get('M1')!.toHexString();
  await MovementModel.updateOne({ sourceKey: 'M1' }, { $set: { sources: [manifests.get('M1')] } });
  await PeriodReportModel.updateOne({ sourceKey: 'gl1' }, { $set: { sources: [ledgers.get('gl1')] } });
  await computeIndicators({ periods: [MONTH] });
  const flag = hwQtyFlag('M1', 10_000_000, 9_000_000);
  flag.evidence.sides[1]!.sourceRecordIds = [m1RecordId];
  await upsertFlags({ runId: 'seed' }, [flag]);
  flagId = (await FlagModel.findOne({}).lean().exec())!._id.toHexString();
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

describe('indicator lineage', () => {
  it('lists contributions that add up to every input of every indicator, amount and record count', async () => {
    const response = await api.request(IndicatorLineageDocument, { period: MONTH, first: 200 }, keys.admin);
    expect(response.errors).toBeUndefined();
    const inputs = response.data!.indicators.flatMap((v) => v.inputs);
    expect(inputs.length).toBeGreaterThan(20);
    let contributing = 0;
    for (const input of inputs) {
      const nodes = input.contributions.edges.map((e) => e.node);
      const sum = nodes.reduce((s, n) => s + BigInt(n.amount), 0n);
      expect([input.name, sum.toString(), input.contributions.totalCount]).toEqual([input.name, input.amount, input.records]);
      expect([...new Set(nodes.map((n) => n.source))].sort()).toEqual([...input.sources].sort());
      contributing += nodes.length;
    }
    expect(contributing).toBeGreaterThan(20);
  });

  it('goes from an input to the movement and its raw payload, and pages', async () => {
    const response = await api.request(IndicatorLineageDocument, { period: MONTH, first: 1 }, keys.eebAnalyst);
    expect(response.errors).toBeUndefined();
    const utilised = response.data!.indicators.flatMap((v) => v.inputs).find((i) => i.name === 'industrial.hw.receivedUtilised')!;
    expect(utilised.contributions.totalCount).toBe(1);
    expect(utilised.contributions.edges[0]!.node).toMatchObject({
      documentKind: 'MOVEMENT',
      source: 'industrial/HW_MANIFEST',
      amount: '10000000',
      movement: { sourceKey: 'M1' },
      sourceRecords: [{ id: m1RecordId, sourceId: 'M1', payload: M1_PAYLOAD }],
    });
    const generated = response.data!.indicators.flatMap((v) => v.inputs).find((i) => i.name === 'industrial.general.generated')!;
    expect(generated.contributions.totalCount).toBe(2);
    expect(generated.contributions.pageInfo.hasNextPage).toBe(true);
    const next = await api.request(IndicatorLineageDocument, { period: MONTH, first: 1, after: generated.contributions.pageInfo.endCursor }, keys.eebAnalyst);
    const second = next.data!.indicators.flatMap((v) => v.inputs).find((i) => i.name === 'industrial.general.generated')!;
    expect(second.contributions.pageInfo.hasNextPage).toBe(false);
    const reports = [generated.contributions.edges[0]!.node, second.contributions.edges[0]!.node];
    expect(reports.map((r) => r.documentKind)).toEqual(['REPORT', 'REPORT']);
    expect(new Set(reports.map((r) => r.documentId)).size).toBe(2);
    expect(reports.flatMap((r) => r.sourceRecords.map((s) => s.payload))).toEqual([GL1_PAYLOAD]);
  });

  it("keeps contributions to the caller's streams, and gives partners the aggregates only", async () => {
    const umc = await api.request(IndicatorLineageDocument, { period: MONTH }, keys.umcAnalyst);
    expect(umc.errors).toBeUndefined();
    const inputs = umc.data!.indicators.flatMap((v) => v.inputs);
    expect(inputs.find((i) => i.name === 'industrial.hw.receivedUtilised')!.contributions.totalCount).toBe(0);
    expect(inputs.find((i) => i.name === 'household.collected')!.contributions.totalCount).toBeGreaterThan(0);

    const partnerLineage = await api.request(IndicatorLineageDocument, { period: MONTH }, keys.eebPartner);
    expect(errorCodes(partnerLineage)).toContain('FORBIDDEN');
    const partnerTotals = await api.request(IndicatorInputTotalsDocument, { period: MONTH }, keys.eebPartner);
    expect(partnerTotals.errors).toBeUndefined();
    expect(partnerTotals.data!.indicators.flatMap((v) => v.inputs).find((i) => i.name === 'industrial.hw.receivedUtilised')).toMatchObject({ amount: '10000000', records: 1 });
  });
});

describe('flag side lineage', () => {
  it('gives each side its source records with raw payloads; partners get FORBIDDEN', async () => {
    const response = await api.request(FlagSideRecordsDocument, { id: flagId }, keys.eebAnalyst);
    expect(response.errors).toBeUndefined();
    const [shipped, received] = response.data!.flag.evidence.sides;
    // the first side names a record id that was never stored: no record, no error
    expect(shipped!.records).toEqual([]);
    expect(received!.records).toEqual([{ id: m1RecordId, source: 'industrial', sourceId: 'M1', payload: M1_PAYLOAD }]);
    const partner = await api.request(FlagSideRecordsDocument, { id: flagId }, keys.eebPartner);
    expect(errorCodes(partner)).toContain('FORBIDDEN');
  });
});
