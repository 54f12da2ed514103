/**
 * Parties through the real API: search by USCC, normalised name and alias, role and street; Relay
 * pages; the party page with its movements, reports, flags and source records kept to the caller's
 * streams; argument errors.
 */
import { Types } from 'mongoose';
import { closeRedis } from '../../../src/infra/redis';
import { MovementModel } from '../../../src/model/movement';
import { PartyModel } from '../../../src/model/party';
import { PeriodReportModel, type PeriodReport } from '../../../src/model/periodReport';
import { massOrThrow } from '../../../src/model/quantities';
import { seedReferenceData } from '../../../src/model/reference';
import { upsertFlags } from '../../../src/reconcile/flags';
import { PartiesDocument, PartyDetailDocument, PartyMovementsDocument, PartyReportsDocument, PartySourcePayloadsDocument, type PartiesQuery, type PartiesQueryVariables } from '../../graphql/generated';
import { errorCodes, startTestApi, type GraphQLResponse, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { cdwWeightFlag, hwQtyFlag } from '../reconcile/raisedFlags';
import { alias, end, makeUscc, movementDoc, partyDoc, quantity, ref, storeRecords } from './modelFixtures';

useTestDatabase(__filename);

let api: TestApi;
const keys = { admin: '', eeb: '', umc: '', taxPartner: '' };
const ids = { lvyuan: '', logistics: '', hospital: '', builder: '', merged: '', recycler: '' };
const lvyuanUscc = makeUscc(101);

beforeAll(async () => {
  await seedReferenceData();
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.eeb = await api.keyFor('STEWARD', 'EEB'); // industrial, medical, taxstat
  keys.umc = await api.keyFor('STEWARD', 'UMC'); // household, construction
  keys.taxPartner = await api.keyFor('PARTNER', 'TAX'); // taxstat

  const enterprise = await storeRecords('industrial', 'enterprises', { [lvyuanUscc]: { tyshxydm: lvyuanUscc, qymc: '北京绿源环保科技有限责任公司', jdmc: '八角街道' } });
  const envtax = await storeRecords('taxstat', 'envtax', { [`${lvyuanUscc}|2026Q1|污泥`]: { 纳税人识别号: lvyuanUscc, 纳税人名称: '绿源环保（北京）科技有限公司', 产生量: '120.5' } });
  const ledgers = await storeRecords('industrial', 'general-ledgers', { GL1: { id: 'GL1', ny: '202601', csl: 10.25 }, GL2: { id: 'GL2', ny: '202602', csl: 9 } });
  const manifests = await storeRecords('industrial', 'hw-manifests', Object.fromEntries([1, 2, 3].map((i) => [`LD${i}`, { ldbh: `LD${i}`, ycl: 1.2 }])));
  const waybills = await storeRecords('construction', 'waybills', { W1: { waybillNo: 'W1', exitWeightT: 20 } });

  const [lvyuan, logistics, hospital, builder, recycler] = await PartyModel.insertMany([
    partyDoc({
      uscc: lvyuanUscc,
      name: '北京绿源环保科技有限责任公司',
      roles: ['GENERATOR', 'TAXPAYER'],
      street: 'BAJIAO',
      aliases: [
        alias('industrial', '北京绿源环保科技有限责任公司', { usccRaw: lvyuanUscc, street: 'BAJIAO' }),
        alias('taxstat', '绿源环保（北京）科技有限公司', { usccRaw: lvyuanUscc }),
      ],
      sources: [enterprise.get(lvyuanUscc)!, envtax.get(`${lvyuanUscc}|2026Q1|污泥`)!],
      licences: [{ kind: 'HW_BUSINESS', number: '京危第0101号', hwClasses: ['HW08', 'HW49'], annualCapacityGrams: 5_000_000_000, validFrom: null, validTo: new Date('2028-12-31T00:00:00+08:00') }],
    }),
    partyDoc({ uscc: makeUscc(102), name: '北京绿源物流有限公司', roles: ['TRANSPORTER'], street: 'BAJIAO' }),
    partyDoc({ uscc: makeUscc(103), name: '首钢医院', roles: ['HOSPITAL'], street: 'LUGU', source: 'medical', institution: { category: '医院', beds: 500, collectionMode: 'DIRECT' } }),
    partyDoc({ uscc: makeUscc(104), name: '京西建材有限公司', roles: ['BUILDER', 'HAULER'], street: 'GUCHENG', source: 'construction' }),
    partyDoc({ uscc: null, name: '鲁谷再生资源回收站', roles: ['RECYCLER'], street: 'LUGU', source: 'household' }),
    ...Array.from({ length: 5 }, (_, i) => partyDoc({ uscc: makeUscc(110 + i), name: `测试企业${i}有限公司`, roles: ['GENERATOR'], street: 'WULITUO' })),
  ]);
  ids.lvyuan = lvyuan!._id.toHexString();
  ids.logistics = logistics!._id.toHexString();
  ids.hospital = hospital!._id.toHexString();
  ids.builder = builder!._id.toHexString();
  ids.recycler = recycler!._id.toHexString();
  const merged = await PartyModel.create({
    ...partyDoc({ uscc: null, name: '绿源环保科技', roles: ['GENERATOR'], street: 'BAJIAO' }),
    primaryKey: `MERGED:${new Types.ObjectId().toHexString()}`,
    status: 'MERGED',
    mergedInto: lvyuan!._id,
  });
  ids.merged = merged._id.toHexString();

  await MovementModel.insertMany([
    ...[1, 2, 3].map((i) =>
      movementDoc({
        stream: 'industrial',
        kind: 'HW_MANIFEST',
        sourceKey: `LD${i}`,
        period: `2026-0${i}`,
        status: 'RECEIVED',
        from: end({ party: ref(lvyuan!) }),
        to: end({ party: ref(logistics!) }),
        wasteCode: '900-041-49',
        hwClass: 'HW49',
        quantities: [quantity('DECLARED', '1.2', 't', manifests.get(`LD${i}`)!)],
      }),
    ),
    movementDoc({
      stream: 'construction',
      kind: 'CDW_WAYBILL',
      sourceKey: 'W1',
      period: '2026-02',
      status: 'IN_TRANSIT',
      from: end({ projectCode: 'PRJ9' }),
      to: end({ facilityCode: 'CF9' }),
      carrier: ref(lvyuan!),
      category: 'SPOIL',
      quantities: [quantity('EXIT', '20', 't', waybills.get('W1')!)],
    }),
  ]);

  const report = (fields: Pick<PeriodReport, 'source' | 'stream' | 'kind' | 'reportKey' | 'periodKind' | 'period' | 'months' | 'sources'>, tonnes: string): Omit<PeriodReport, 'createdAt' | 'updatedAt'> => ({
    ...fields,
    party: ref(lvyuan!),
    area: null,
    category: null,
    categoryName: null,
    attributes: {},
    packages: null,
    lines: [{ measure: 'GENERATED', ...massOrThrow(tonnes, 't') }],
    measures: [],
  });
  await PeriodReportModel.insertMany([
    report({ source: 'industrial', stream: 'industrial', kind: 'GENERAL_LEDGER', reportKey: 'GL1', periodKind: 'MONTH', period: '2026-01', months: ['2026-01'], sources: [ledgers.get('GL1')!] }, '10.25'),
    report({ source: 'industrial', stream: 'industrial', kind: 'GENERAL_LEDGER', reportKey: 'GL2', periodKind: 'MONTH', period: '2026-02', months: ['2026-02'], sources: [ledgers.get('GL2')!] }, '9'),
    {
      ...report({ source: 'taxstat', stream: 'taxstat', kind: 'ENV_TAX', reportKey: `${lvyuanUscc}|2026Q1|污泥`, periodKind: 'QUARTER', period: '2026Q1', months: ['2026-01', '2026-02', '2026-03'], sources: [envtax.get(`${lvyuanUscc}|2026Q1|污泥`)!] }, '120.5'),
      measures: [{ measure: 'TAX_DUE', amount: 301_250, unit: 'fen', original: { value: '3012.50', unit: '元' } }],
    },
  ]);

  const subject = { kind: 'PARTY' as const, key: lvyuanUscc, partyUscc: lvyuanUscc, street: '八角街道' };
  await upsertFlags({ runId: 'seed' }, [hwQtyFlag('LD1', 1_200_000, 1_000_000, { subject: { ...subject, kind: 'MOVEMENT', key: 'LD1' } }), { ...cdwWeightFlag('W1'), subject: { ...subject, kind: 'MOVEMENT', key: 'W1' } }]);
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

async function search(filter: PartiesQueryVariables['filter'], key = keys.admin) {
  const response = await api.request(PartiesDocument, { filter, first: 50 }, key);
  expect(response.errors).toBeUndefined();
  return response.data!.parties;
}
const names = async (filter: PartiesQueryVariables['filter']) => (await search(filter)).edges.map((e) => e.node.name).sort();

describe('parties(filter)', () => {
  it('finds a party by its USCC, folding case, spaces and full-width characters', async () => {
    expect(await names({ uscc: lvyuanUscc })).toEqual(['北京绿源环保科技有限责任公司']);
    const fullWidth = lvyuanUscc.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(await names({ uscc: ` ${fullWidth.slice(0, 9)} ${fullWidth.slice(9).toLowerCase()}` })).toEqual(['北京绿源环保科技有限责任公司']);
    expect(await names({ uscc: makeUscc(999) })).toEqual([]);
  });

  it('finds parties by normalised name and by any source\'s alias', async () => {
    // 有限公司 = 有限责任公司, half/full-width brackets and spaces ignored
    expect(await names({ name: '绿源环保科技 有限公司' })).toEqual(['北京绿源环保科技有限责任公司']);
    // only the tax bureau's alias has the bracketed place name
    expect(await names({ name: '绿源环保(北京)' })).toEqual(['北京绿源环保科技有限责任公司']);
    expect(await names({ name: '绿源' })).toEqual(['北京绿源物流有限公司', '北京绿源环保科技有限责任公司']);
    // regular-expression characters are taken literally
    expect(await names({ name: '绿源|医院' })).toEqual([]);
    expect(await names({ name: '.*' })).toEqual([]);
  });

  it('filters by role and street (code, short or full name), combined with AND', async () => {
    expect(await names({ role: ['HOSPITAL'] })).toEqual(['首钢医院']);
    expect(await names({ role: ['HAULER', 'RECYCLER'] })).toEqual(['京西建材有限公司', '鲁谷再生资源回收站']);
    for (const street of ['八角街道', '八角', 'BAJIAO', '石景山区八角街道']) {
      expect(await names({ street })).toEqual(['北京绿源物流有限公司', '北京绿源环保科技有限责任公司']);
    }
    expect(await names({ street: '鲁谷', role: ['HOSPITAL'] })).toEqual(['首钢医院']);
    expect(await names({ street: '八角', name: '物流' })).toEqual(['北京绿源物流有限公司']);
  });

  it('leaves merged parties out unless asked for, and leads them to the party they merged into', async () => {
    expect(await names({ name: '绿源环保科技' })).toEqual(['北京绿源环保科技有限责任公司']);
    const merged = await search({ status: ['MERGED'] });
    expect(merged.edges.map((e) => e.node.id)).toEqual([ids.merged]);
    const detail = await api.request(PartyDetailDocument, { id: ids.merged }, keys.admin);
    expect(detail.data?.party.mergedInto?.id).toBe(ids.lvyuan);
  });

  it('pages in name order with opaque cursors and a total', async () => {
    const all = await search({});
    expect(all.totalCount).toBe(10);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response: GraphQLResponse<PartiesQuery> = await api.request(PartiesDocument, { first: 3, after }, keys.umc);
      const connection = response.data!.parties;
      seen.push(...connection.edges.map((e) => e.node.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.id));
  });

  it('refuses bad arguments with BAD_USER_INPUT', async () => {
    const cases: Array<[PartiesQueryVariables, RegExp]> = [
      [{ filter: { uscc: lvyuanUscc.slice(0, 17) + (lvyuanUscc.endsWith('0') ? '1' : '0') } }, /uscc: USCC check character is/],
      [{ filter: { uscc: '12345' } }, /uscc: USCC must have 18 characters/],
      [{ filter: { street: '亚特兰蒂斯' } }, /unknown street "亚特兰蒂斯"; streets are BABAOSHAN \(八宝山\)/],
      [{ filter: { name: '（ ）' } }, /name must contain more than spaces and punctuation/],
      [{ first: 100_000 }, /first must be between 0 and \d+ \(API_MAX_PAGE_SIZE\)/],
      [{ after: Buffer.from(JSON.stringify({ k: 'movements', v: '2026-01', id: ids.lvyuan })).toString('base64url') }, /is not one this list issued/],
    ];
    for (const [variables, message] of cases) {
      const response = await api.request(PartiesDocument, variables, keys.admin);
      expect([variables, errorCodes(response)]).toEqual([variables, ['BAD_USER_INPUT']]);
      expect(response.errors![0]!.message).toMatch(message);
    }
  });
});

describe('party(id)', () => {
  it('shows an admin the whole party: aliases, licences, movements, reports, flags and source records', async () => {
    const { data, errors } = await api.request(PartyDetailDocument, { id: ids.lvyuan }, keys.admin);
    expect(errors).toBeUndefined();
    const party = data!.party;
    expect(party).toMatchObject({ uscc: lvyuanUscc, primaryKey: `USCC:${lvyuanUscc}`, status: 'ACTIVE', roles: ['GENERATOR', 'TAXPAYER'], street: { code: 'BAJIAO', name: '八角' }, mergedInto: null });
    expect(party.aliases.map((a) => [a.source, a.name, a.usccValid, a.street?.code ?? null])).toEqual([
      ['industrial', '北京绿源环保科技有限责任公司', true, 'BAJIAO'],
      ['taxstat', '绿源环保（北京）科技有限公司', true, null],
    ]);
    expect(party.licences).toEqual([{ kind: 'HW_BUSINESS', number: '京危第0101号', hwClasses: ['HW08', 'HW49'], annualCapacityGrams: '5000000000', validTo: expect.any(String) }]);
    expect(party.movements.totalCount).toBe(4);
    expect(party.movements.edges.map((e) => e.node.sourceKey)).toEqual(['LD3', 'W1', 'LD2', 'LD1']);
    expect(party.reports.totalCount).toBe(3);
    // period keys descending as text: a year's quarters come before its months
    expect(party.reports.edges.map((e) => [e.node.kind, e.node.period])).toEqual([
      ['ENV_TAX', '2026Q1'],
      ['GENERAL_LEDGER', '2026-02'],
      ['GENERAL_LEDGER', '2026-01'],
    ]);
    const tax = party.reports.edges[0]!.node;
    expect(tax).toMatchObject({
      stream: 'taxstat',
      months: ['2026-01', '2026-02', '2026-03'],
      party: { name: '北京绿源环保科技有限责任公司' },
      statedParty: { uscc: lvyuanUscc },
      lines: [{ measure: 'GENERATED', grams: '120500000', tonnes: '120.5', original: { value: '120.5', unit: 't' } }],
      measures: [{ measure: 'TAX_DUE', amount: '301250', unit: 'fen' }],
      sourceRecords: [{ sourceId: `${lvyuanUscc}|2026Q1|污泥` }],
    });
    expect(party.flags.totalCount).toBe(2);
    expect(party.sourceRecords.map((r) => r.source).sort()).toEqual(['industrial', 'taxstat']);
  });

  it('keeps what hangs off a party to the caller\'s streams', async () => {
    const eeb = (await api.request(PartyDetailDocument, { id: ids.lvyuan }, keys.eeb)).data!.party;
    expect(eeb.movements.edges.map((e) => e.node.stream)).toEqual(['industrial', 'industrial', 'industrial']);
    expect(eeb.reports.totalCount).toBe(3);
    expect(eeb.flags.edges.map((e) => e.node.stream)).toEqual(['industrial']);
    expect(eeb.sourceRecords).toHaveLength(2);

    const umc = (await api.request(PartyDetailDocument, { id: ids.lvyuan }, keys.umc)).data!.party;
    expect(umc.name).toBe('北京绿源环保科技有限责任公司');
    expect(umc.movements.edges.map((e) => e.node.sourceKey)).toEqual(['W1']);
    expect(umc.reports).toMatchObject({ totalCount: 0, edges: [] });
    expect(umc.flags.edges.map((e) => e.node.stream)).toEqual(['construction']);
    expect(umc.sourceRecords).toEqual([]);
  });

  it('shows a partner its streams\' source records, never their payloads', async () => {
    const response = await api.request(PartySourcePayloadsDocument, { id: ids.lvyuan }, keys.taxPartner);
    expect(errorCodes(response)).toEqual(['FORBIDDEN']);
    expect(response.data!.party.sourceRecords).toEqual([{ sourceId: `${lvyuanUscc}|2026Q1|污泥`, payload: null }]);
    const steward = await api.request(PartySourcePayloadsDocument, { id: ids.lvyuan }, keys.eeb);
    expect(steward.errors).toBeUndefined();
    expect(steward.data!.party.sourceRecords.find((r) => r.sourceId === lvyuanUscc)?.payload).toEqual({ tyshxydm: lvyuanUscc, qymc: '北京绿源环保科技有限责任公司', jdmc: '八角街道' });
  });

  it('filters and pages a party\'s movements and reports', async () => {
    const page1 = await api.request(PartyMovementsDocument, { id: ids.lvyuan, first: 2 }, keys.admin);
    const first = page1.data!.party.movements;
    expect(first.edges.map((e) => e.node.sourceKey)).toEqual(['LD3', 'W1']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const page2 = await api.request(PartyMovementsDocument, { id: ids.lvyuan, first: 2, after: first.pageInfo.endCursor }, keys.admin);
    expect(page2.data!.party.movements.edges.map((e) => e.node.sourceKey)).toEqual(['LD2', 'LD1']);
    expect(page2.data!.party.movements.pageInfo.hasNextPage).toBe(false);

    const february = await api.request(PartyMovementsDocument, { id: ids.lvyuan, filter: { period: '2026-02', stream: ['industrial'] } }, keys.admin);
    expect(february.data!.party.movements.edges.map((e) => e.node.sourceKey)).toEqual(['LD2']);
    // the party filter is the party itself, whatever the caller passes
    const other = await api.request(PartyMovementsDocument, { id: ids.hospital, filter: { party: ids.lvyuan } }, keys.admin);
    expect(other.data!.party.movements.totalCount).toBe(0);

    const reports = async (variables: { kind?: ['ENV_TAX']; period?: string }) =>
      (await api.request(PartyReportsDocument, { id: ids.lvyuan, ...variables }, keys.admin)).data!.party.reports.edges.map((e) => `${e.node.kind} ${e.node.period}`);
    // a quarter's report covers each of its months
    expect(await reports({ period: '2026-02' })).toEqual(['ENV_TAX 2026Q1', 'GENERAL_LEDGER 2026-02']);
    expect(await reports({ kind: ['ENV_TAX'] })).toEqual(['ENV_TAX 2026Q1']);
    expect(errorCodes(await api.request(PartyReportsDocument, { id: ids.lvyuan, period: '2026-W07' }, keys.admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers an unknown id with NOT_FOUND and a malformed one with BAD_USER_INPUT', async () => {
    expect(errorCodes(await api.request(PartyDetailDocument, { id: new Types.ObjectId().toHexString() }, keys.admin))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await api.request(PartyDetailDocument, { id: lvyuanUscc }, keys.admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('shows a party without a USCC, with no flags to find', async () => {
    const { data, errors } = await api.request(PartyDetailDocument, { id: ids.recycler }, keys.admin);
    expect(errors).toBeUndefined();
    expect(data!.party).toMatchObject({ uscc: null, primaryKey: 'SRC:household:鲁谷再生资源回收站', flags: { totalCount: 0 }, movements: { totalCount: 0 } });
  });
});
