/**
 * GET /exports/{quarantine,movements,indicators}.{csv,xlsx}: the rows the matching list query answers,
 * with the same filters and the same scope, through the one export route (BOM, neutralised formulas,
 * XLSX cells as text); bad parameters answer 400 with a code.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { Types } from 'mongoose';
import { IndicatorValueModel, type IndicatorValue } from '../../../src/indicators/indicatorValueModel';
import { closeRedis } from '../../../src/infra/redis';
import { MovementModel } from '../../../src/model/movement';
import { QuarantineModel } from '../../../src/model/quarantine';
import { IndicatorValuesDocument, MovementsDocument, QuarantineDocument } from '../../graphql/generated';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { end, makeUscc, movementDoc, quantity } from './modelFixtures';

useTestDatabase(__filename);

let api: TestApi;
const keys = { admin: '', umc: '', hhcPartner: '', analyst: '' };
const at = new Date('2026-11-10T00:00:00Z');

function indicatorValue(code: string, period: string, version: number, current: boolean, value: string): IndicatorValue {
  return {
    code, period, periodKind: 'MONTH', area: 'DISTRICT', version, current, value, numerator: '1', numeratorUnit: 'g', denominator: '2', denominatorUnit: 'g',
    inputs: [], goldenApplied: 0, openFlagShare: '0.000000', confidence: '1.000000', target: { evaluation: 'NOT_MET', kind: 'AT_LEAST', text: '≥ 60%', year: 2027, source: 'SEED' },
    previous: null, manual: null, computedAt: at, computedBy: { id: 'seed', label: 'seed' }, frozenAt: version > 0 ? at : null,
  };
}

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.umc = await api.keyFor('STEWARD', 'UMC'); // household, construction
  keys.hhcPartner = await api.keyFor('PARTNER', 'HHC'); // medical
  keys.analyst = await api.keyFor('ANALYST', 'TASKFORCE');
  await QuarantineModel.create([
    { source: 'medical', stream: 'ledgers', sourceKey: 'L7', reason: '=HYPERLINK("http://evil.example") 重量: expected a decimal', raw: { '重量(kg)': 'abc' }, firstSeenAt: at, lastSeenAt: at },
    { source: 'medical', stream: 'receipts', sourceKey: 'R2', reason: 'weight: expected a decimal', raw: { w: 'x' }, firstSeenAt: at, lastSeenAt: new Date(at.getTime() + 1000), resolvedAt: at },
    { source: 'construction', stream: 'waybills', sourceKey: 'W1', reason: 'exitWeightT: expected a number', raw: { exitWeightT: '' }, firstSeenAt: at, lastSeenAt: at },
  ]);
  const record = new Types.ObjectId();
  await MovementModel.insertMany(
    Array.from({ length: 30 }, (_, i) =>
      movementDoc({
        stream: i % 2 ? 'medical' : 'construction',
        kind: i % 2 ? 'MEDICAL_HANDOVER' : 'CDW_WAYBILL',
        sourceKey: `MV${i}`,
        period: `2026-0${1 + (i % 3)}`,
        status: i % 5 === 0 ? 'IN_TRANSIT' : 'RECEIVED',
        from: end({ party: { partyId: null, uscc: makeUscc(i + 1), name: i === 3 ? '@SUM(A1:A9) 医院' : `区第${i}医院` } }),
        to: end({ facilityCode: 'CF01' }),
        quantities: [quantity('DECLARED', '12.5', 'kg', record), quantity('RECEIVED', '12.4', 'kg', record)],
      }),
    ),
  );
  await IndicatorValueModel.insertMany([
    indicatorValue('ZW01', '2026-03', 0, false, '0.500000'),
    indicatorValue('ZW01', '2026-03', 1, true, '0.510000'),
    indicatorValue('ZW02', '2026-03', 0, false, '0.100000'),
    indicatorValue('ZW02', '2026-03', 1, true, '0.110000'),
    indicatorValue('ZW01', '2026-02', 0, true, '0.400000'),
  ]);
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

async function download(path: string, key?: string) {
  const res = await fetch(`${api.url}/exports/${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type'), bytes, text: bytes.toString('utf8') };
}
const rowsOf = (text: string) => parse(text, { columns: true, bom: true }) as Record<string, string>[];
const errorOf = (text: string) => (JSON.parse(text) as { errors: { message: string; extensions: { code: string; field?: string } }[] }).errors[0]!;

describe('GET /exports/quarantine', () => {
  it('exports what the quarantine query lists, in its order, with a BOM and neutralised formulas', async () => {
    const csv = await download('quarantine.csv?source=medical', keys.analyst);
    expect(csv.status).toBe(200);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = rowsOf(csv.text);
    const listed = await api.request(QuarantineDocument, { filter: { source: 'medical' }, first: 50 }, keys.analyst);
    expect(rows.map((r) => r.sourceKey)).toEqual(listed.data!.quarantine.edges.map((e) => e.node.sourceKey));
    expect(rows.map((r) => r.sourceKey)).toEqual(['R2', 'L7']);
    expect(rows.find((r) => r.sourceKey === 'L7')!.reason).toBe(`'=HYPERLINK("http://evil.example") 重量: expected a decimal`);
    expect(JSON.parse(rows.find((r) => r.sourceKey === 'L7')!.raw!)).toEqual({ '重量(kg)': 'abc' });
    expect(rowsOf((await download('quarantine.csv?resolved=false&reason=DECIMAL', keys.analyst)).text).map((r) => r.sourceKey)).toEqual(['L7']);
  });

  it('keeps to the caller’s streams and leaves raw payloads out for PARTNERs', async () => {
    expect(rowsOf((await download('quarantine.csv', keys.umc)).text).map((r) => r.sourceKey)).toEqual(['W1']);
    const partner = await download('quarantine.csv', keys.hhcPartner);
    expect(partner.status).toBe(200);
    const rows = rowsOf(partner.text);
    expect(rows.map((r) => r.sourceKey).sort()).toEqual(['L7', 'R2']);
    expect(Object.keys(rows[0]!)).not.toContain('raw');
    expect(partner.text).not.toContain('abc');
  });

  it('answers 400 with a code for a bad parameter', async () => {
    const bad = await download('quarantine.csv?resolved=maybe', keys.analyst);
    expect(bad.status).toBe(400);
    expect(errorOf(bad.text).extensions.code).toBe('BAD_USER_INPUT');
    expect(errorOf(bad.text).message).toMatch(/^resolved:/);
    const unknown = await download('quarantine.csv?colour=red', keys.analyst);
    expect([unknown.status, errorOf(unknown.text).extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
  });
});

describe('GET /exports/movements', () => {
  it('exports every movement the query lists under the same filter, beyond one page', async () => {
    const csv = await download('movements.csv', keys.admin);
    expect(csv.status).toBe(200);
    const rows = rowsOf(csv.text);
    expect(rows).toHaveLength(30);
    const listed = await api.request(MovementsDocument, { first: 200 }, keys.admin);
    expect(rows.map((r) => r.id)).toEqual(listed.data!.movements.edges.map((e) => e.node.id));
    const three = rows.find((r) => r.source_key === 'MV3')!;
    expect(three.from_name).toBe(`'@SUM(A1:A9) 医院`);
    expect(three.quantities).toBe('DECLARED 12500; RECEIVED 12400');
    expect(three).not.toHaveProperty('sources');

    const filter = { stream: ['medical'], status: ['RECEIVED' as const], period: '2026-02' };
    const filtered = rowsOf((await download('movements.csv?stream=medical&status=RECEIVED&period=2026-02', keys.admin)).text);
    const listedFiltered = await api.request(MovementsDocument, { filter, first: 200 }, keys.admin);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.map((r) => r.id)).toEqual(listedFiltered.data!.movements.edges.map((e) => e.node.id));
  });

  it('keeps to the caller’s streams: a PARTNER of HHC gets medical movements only', async () => {
    const rows = rowsOf((await download('movements.csv', keys.hhcPartner)).text);
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((r) => r.stream))).toEqual(new Set(['medical']));
    expect(rowsOf((await download('movements.csv?stream=construction', keys.hhcPartner)).text)).toEqual([]);
  });

  it('streams XLSX with every cell a string', async () => {
    const res = await fetch(`${api.url}/exports/movements.xlsx?kind=CDW_WAYBILL`, { headers: { authorization: `Bearer ${keys.umc}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="movements.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('movements')!;
    expect(sheet.rowCount).toBe(16);
    expect((sheet.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['id', 'stream', 'kind']);
    expect(sheet.getRow(2).getCell(3).value).toBe('CDW_WAYBILL');
    expect(sheet.getRow(2).getCell(3).type).toBe(ExcelJS.ValueType.String);
  });

  it('refuses bad filters the way the query does, with codes', async () => {
    const badPeriod = await download('movements.csv?period=March', keys.admin);
    expect([badPeriod.status, errorOf(badPeriod.text).extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const badKind = await download('movements.csv?kind=TRAIN', keys.admin);
    expect([badKind.status, errorOf(badKind.text).message]).toEqual([400, expect.stringMatching(/^kind\.0:/)]);
    const badStream = await download('movements.csv?stream=nuclear', keys.admin);
    expect([badStream.status, errorOf(badStream.text).message]).toEqual([400, expect.stringContaining('unknown stream nuclear')]);
    const badUscc = await download('movements.csv?uscc=123', keys.admin);
    expect(badUscc.status).toBe(400);
    expect((await download('movements.csv')).status).toBe(401);
    expect((await download('movements.json', keys.admin)).status).toBe(404);
  });
});

describe('GET /exports/indicators', () => {
  it('exports the values the indicators query shows: the current version, or the one asked for', async () => {
    const rows = rowsOf((await download('indicators.csv?period=2026-03', keys.hhcPartner)).text);
    const listed = await api.request(IndicatorValuesDocument, { period: '2026-03' }, keys.hhcPartner);
    expect(rows.map((r) => `${r.code} ${r.version} ${r.value}`).sort()).toEqual(listed.data!.indicators.map((v) => `${v.code} ${v.version} ${v.value}`).sort());
    expect(rows.map((r) => `${r.code} ${r.version} ${r.value}`)).toEqual(['ZW01 1 0.510000', 'ZW02 1 0.110000']);
    expect(rows[0]!.name_zh).not.toBe('');
    const live = rowsOf((await download('indicators.csv?period=2026-03&version=0', keys.analyst)).text);
    expect(live.map((r) => r.value)).toEqual(['0.500000', '0.100000']);
  });

  it('needs a valid period, area and version', async () => {
    for (const query of ['', '?period=March', '?period=2026-03&area=MOON', '?period=2026-03&version=-1']) {
      const res = await download(`indicators.csv${query}`, keys.analyst);
      expect([query, res.status, errorOf(res.text).extensions.code]).toEqual([query, 400, 'BAD_USER_INPUT']);
    }
  });
});
