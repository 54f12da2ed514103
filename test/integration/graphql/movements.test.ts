/**
 * Movements through the real API: each source's quantity as stated with its source record, references
 * resolved through loaders (a page costs a constant number of database commands, counted with the
 * driver's command monitoring), the stream scope per role, filters, pagination and argument errors.
 */
import type { CommandStartedEvent } from 'mongodb';
import mongoose, { Types } from 'mongoose';
import { config } from '../../../src/config';
import { closeRedis } from '../../../src/infra/redis';
import { FacilityModel } from '../../../src/model/facility';
import { MovementModel, type MovementQuantity } from '../../../src/model/movement';
import { PartyModel } from '../../../src/model/party';
import { ProjectModel } from '../../../src/model/project';
import { CONSTRUCTION_CATEGORIES, HOUSEHOLD_CATEGORIES, MEDICAL_CATEGORIES, seedReferenceData } from '../../../src/model/reference';
import { SourceRecordModel, upsertSourceRecords } from '../../../src/model/sourceRecord';
import { VehicleModel } from '../../../src/model/vehicle';
import { checkMovementLists, rebuildMovementLists } from '../../../src/ingest/movementLists';
import { STREAMS } from '../../../src/model/reference/agencies';
import { isPointFilter } from '../../../src/store/commandMonitor';
import { partiesChangedElsewhere } from '../../../src/resolve/partyCache';
import { markMovementListStale } from '../../../src/store/movementLists';
import { POINT_READS_MAX } from '../../../src/store/reads';
import {
  AgenciesDocument,
  FacilityDetailDocument,
  MovementDetailDocument,
  MovementPayloadsDocument,
  MovementsDocument,
  MovementsWithReferencesDocument,
  StreetsDocument,
  VehicleDetailDocument,
  WasteCategoriesDocument,
  type MovementDetailQuery,
  type MovementsQuery,
  type MovementsWithReferencesQuery,
} from '../../graphql/generated';
import { errorCodes, startTestApi, type GraphQLResponse, type TestApi } from '../../support/api';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { end, makeUscc, movementDoc, partyDoc, quantity, ref, storeStatingRecords } from './modelFixtures';

// Command monitoring has to be on when the client connects (each pooled connection copies the flag),
// so this file connects mongoose itself before useTestDatabase, which then reuses the connection.
beforeAll(async () => {
  const uri = process.env.MONGODB_URI!;
  const single = !uri.replace('mongodb://', '').split('/')[0]!.includes(',') && !uri.includes('replicaSet=');
  await mongoose.connect(uri, { dbName: testDatabaseName(__filename), monitorCommands: true, directConnection: single });
});
useTestDatabase(__filename);

let api: TestApi;
const keys = { admin: '', umc: '', hhcPartner: '', analyst: '' };
const ids = { medical: '', construction: '', household: '', facilityCF: '', disposer: '', hospital: '' };
const hospitalUscc = makeUscc(1);

const commands: CommandStartedEvent[] = [];
const collectionOf = (e: CommandStartedEvent) => String(e.command[e.commandName] ?? e.command.collection ?? '');

/** The application's database commands while `work` runs, without the API-key lookup and its lastUsedAt touch. */
async function commandsDuring(work: () => Promise<unknown>): Promise<string[]> {
  commands.length = 0;
  await work();
  return commands.filter((e) => collectionOf(e).toLowerCase() !== 'apikeys').map((e) => `${e.commandName} ${collectionOf(e)}`);
}

beforeAll(async () => {
  mongoose.connection.getClient().on('commandStarted', (e: CommandStartedEvent) => commands.push(e));
  await seedReferenceData();
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.umc = await api.keyFor('STEWARD', 'UMC'); // household, construction
  keys.hhcPartner = await api.keyFor('PARTNER', 'HHC'); // medical
  keys.analyst = await api.keyFor('ANALYST', 'TASKFORCE');

  // 20 parties: hospitals, medical disposers, construction haulers
  const parties = await PartyModel.insertMany([
    ...Array.from({ length: 10 }, (_, i) =>
      partyDoc({ uscc: makeUscc(i + 1), name: `区第${i + 1}医院`, roles: ['HOSPITAL'], source: 'medical', street: i % 2 ? 'BAJIAO' : 'GUCHENG' }),
    ),
    ...Array.from({ length: 5 }, (_, i) => partyDoc({ uscc: makeUscc(i + 11), name: `医废处置中心${i + 1}有限公司`, roles: ['DISPOSER'], source: 'medical' })),
    ...Array.from({ length: 5 }, (_, i) => partyDoc({ uscc: makeUscc(i + 16), name: `渣土运输${i + 1}有限公司`, roles: ['HAULER'], source: 'construction' })),
  ]);
  const hospital = (i: number) => parties[i % 10]!;
  const disposer = (i: number) => parties[10 + (i % 5)]!;
  const hauler = (i: number) => parties[15 + (i % 5)]!;
  ids.hospital = hospital(0)._id.toHexString();
  ids.disposer = disposer(0)._id.toHexString();

  const [cf] = await FacilityModel.insertMany([
    { source: 'construction', stream: 'construction', code: 'CF01', name: '再生资源处置厂', type: 'RECYCLING_PLANT', street: 'WULITUO', inDistrict: true, operator: ref(hauler(0)), annualCapacityGrams: 500_000_000_000 },
    { source: 'household', stream: 'household', code: 'HS01', name: '鲁谷转运站', type: 'TRANSFER_STATION', street: 'LUGU', inDistrict: true, dailyCapacityGrams: 300_000_000 },
    { source: 'household', stream: 'household', code: 'HP01', name: '鲁家山焚烧厂', type: 'INCINERATOR', street: null, inDistrict: false },
  ]);
  ids.facilityCF = cf!._id.toHexString();
  await ProjectModel.create({ source: 'construction', projectCode: 'PRJ01', name: '八角棚改项目', street: 'BAJIAO', builder: ref(hauler(1)), approved: { grams: 9_000_000_000, original: { value: '9000', unit: 't' } } });
  await VehicleModel.create({ plate: '京A12345', plateRaw: '京A 12345', source: 'construction', hauler: ref(hauler(0)), ratedLoad: { grams: 30_000_000, original: { value: '30', unit: 't' } } });

  const n = 100;
  const range = Array.from({ length: n }, (_, i) => i);
  const medical = range.filter((i) => i % 3 === 0);
  const construction = range.filter((i) => i % 3 === 1);
  const household = range.filter((i) => i % 3 === 2);
  const ledgers = await storeStatingRecords('medical', 'ledgers', Object.fromEntries(medical.map((i) => [`L-${i}`, { 转移联单号: `MED${i}`, '重量(kg)': '12.5', 废物类别: '感染性' }])));
  const receipts = await storeStatingRecords('medical', 'receipts', Object.fromEntries(medical.map((i) => [`R-${i}`, { 转移联单号: `MED${i}`, '重量(kg)': '12.40', 接收时间: '2026-03-02 10:00' }])));
  const waybills = await storeStatingRecords('construction', 'waybills', Object.fromEntries(construction.map((i) => [`W-${i}`, { waybillNo: `CDW${i}`, exitWeightT: 28.5, entryWeightT: 28.46 }])));
  const tickets = await storeStatingRecords('household', 'weigh-tickets', Object.fromEntries(household.map((i) => [`T-${i}`, { ticketNo: `HH${i}`, grossKg: 15000, tareKg: 9000, netKg: 6000 }])));
  const period = (i: number) => `2026-0${1 + (i % 4)}`;

  // the quantities carry their records' sourceIds and versions, as ingest projects them (connectors/mapping.ts, src/ingest/project.ts)
  const stating = (records: Map<string, Pick<MovementQuantity, 'sourceRecordId' | 'sourceId' | 'sourceVersion'>>, sourceId: string) => records.get(sourceId)!.sourceRecordId;
  const carried = (records: Map<string, Pick<MovementQuantity, 'sourceRecordId' | 'sourceId' | 'sourceVersion'>>, sourceId: string) => ({ sourceId, sourceVersion: records.get(sourceId)!.sourceVersion });
  await MovementModel.insertMany(
    range.map((i) => {
      if (i % 3 === 0) {
        return movementDoc({
          stream: 'medical',
          kind: 'MEDICAL_HANDOVER',
          sourceKey: `MED${i}`,
          period: period(i),
          status: 'RECEIVED',
          from: end({ party: ref(hospital(i)) }),
          to: end({ party: ref(disposer(i)) }),
          category: MEDICAL_CATEGORIES[i % 5]!.code,
          route: { code: '焚烧', kind: 'DISPOSAL', landfill: false, incineration: true },
          quantities: [
            quantity('LEDGER', '12.5', 'kg', stating(ledgers, `L-${i}`), { category: 'INFECTIOUS', at: new Date('2026-03-01T00:00:00+08:00'), ...carried(ledgers, `L-${i}`) }),
            quantity('RECEIPT', '12.40', 'kg', stating(receipts, `R-${i}`), carried(receipts, `R-${i}`)),
          ],
        });
      }
      if (i % 3 === 1) {
        return movementDoc({
          stream: 'construction',
          kind: 'CDW_WAYBILL',
          sourceKey: `CDW${i}`,
          period: period(i),
          status: i % 2 ? 'RECEIVED' : 'IN_TRANSIT',
          from: end({ projectCode: 'PRJ01' }),
          to: end({ facilityCode: 'CF01' }),
          carrier: ref(hauler(i)),
          vehicle: { plate: '京A12345', vehicleId: null },
          category: CONSTRUCTION_CATEGORIES[i % 5]!.code,
          quantities: [quantity('EXIT', '28.5', 't', stating(waybills, `W-${i}`), carried(waybills, `W-${i}`)), quantity('ENTRY', '28.46', 't', stating(waybills, `W-${i}`), carried(waybills, `W-${i}`))],
        });
      }
      return movementDoc({
        stream: 'household',
        kind: 'WEIGH_TICKET',
        sourceKey: `HH${i}`,
        period: period(i),
        status: 'CLOSED',
        direction: 'OUT',
        from: end({ facilityCode: 'HS01' }),
        to: end({ facilityCode: 'HP01' }),
        category: HOUSEHOLD_CATEGORIES[i % 7]!.code,
        quantities: (['GROSS', 'TARE', 'NET'] as const).map((role, k) => quantity(role, String([15000, 9000, 6000][k]), 'kg', stating(tickets, `T-${i}`), carried(tickets, `T-${i}`))),
      });
    }),
  );
  // as a sync's lock release would (src/ingest/movementLists.ts)
  await rebuildMovementLists(STREAMS);
  const byKey = async (sourceKey: string) => (await MovementModel.findOne({ sourceKey }).lean())!._id.toHexString();
  ids.medical = await byKey('MED0');
  ids.construction = await byKey('CDW1');
  ids.household = await byKey('HH2');
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

describe('movements: bounded database work per page (DataLoader)', () => {
  it('serves 10 or 100 movements with parties, categories and source records in the same small number of commands', async () => {
    const page = async (first: number) => {
      let returned = 0;
      const issued = await commandsDuring(async () => {
        const response = await api.request(MovementsWithReferencesDocument, { first }, keys.admin);
        expect(response.errors).toBeUndefined();
        returned = response.data!.movements.edges.length;
      });
      return { returned, issued };
    };
    // the fixtures wrote parties directly: as a writer does, they bump the parties version
    await partiesChangedElsewhere();
    const ten = await page(10);
    const hundred = await page(100);
    const again = await page(100);
    expect(ten.returned).toBe(10);
    expect(hundred.returned).toBe(100);
    // the page from the movement lists (each stream's list, the chunks where the page falls: the
    // movements themselves), then per referenced type one query, or on FerretDB point reads
    // (src/store/reads.ts): at most POINT_READS_MAX per type whatever the page size; categories
    // come from the reference constants, the source records' sourceIds from the quantities (no read of
    // the records); parties read once are kept for the parties version (src/resolve/partyCache.ts), so
    // the same page again reads the version alone. Without the store's one-time probe of what server it talks to
    const kinds = (issued: string[]) => [...new Set(issued)].filter((c) => !c.startsWith('buildInfo')).sort();
    expect(kinds(hundred.issued)).toEqual(['find movementlistchunks', 'find movementlists', 'find parties', 'find partiesversion']);
    expect(kinds(ten.issued)).toEqual(kinds(hundred.issued));
    expect(kinds(again.issued)).toEqual(['find movementlistchunks', 'find movementlists', 'find partiesversion']);
    expect(again.issued.filter((c) => c === 'find partiesversion')).toHaveLength(1);
    expect(hundred.issued.filter((c) => c === 'find movementlists').length).toBeLessThanOrEqual(STREAMS.length);
    // 4 months × 3 streams with movements, a chunk each
    expect(hundred.issued.filter((c) => c === 'find movementlistchunks').length).toBeLessThanOrEqual(12);
    for (const kind of kinds(hundred.issued)) expect(hundred.issued.filter((c) => c === kind).length).toBeLessThanOrEqual(POINT_READS_MAX);
    // the page itself is read by id alone (lists and chunks), whatever the store
    expect(commands.filter((e) => e.commandName === 'find' && String(collectionOf(e)).startsWith('movementlist') && !isPointFilter(e.command.filter))).toEqual([]);
  });

  it('counts only when totalCount is selected; the unfiltered list from its lists\' counters', async () => {
    const filtered = await commandsDuring(() => api.request(MovementsDocument, { filter: { kind: ['WEIGH_TICKET'] }, first: 10 }, keys.admin));
    expect(filtered.filter((c) => !c.startsWith('find')).map((c) => c.split(' ')[1])).toEqual(['movements']);
    const unfiltered = await commandsDuring(() => api.request(MovementsDocument, { first: 10 }, keys.admin));
    expect(unfiltered.filter((c) => !c.startsWith('find'))).toEqual([]);
  });

  it('serves the unfiltered list in the query\'s order and cursors, and takes the query while a list is stale', async () => {
    const pages = async (first: number, before?: (page: number) => Promise<void>) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; ; page++) {
        await before?.(page);
        const response: GraphQLResponse<MovementsQuery> = await api.request(MovementsDocument, { first, after }, keys.admin);
        expect(response.errors).toBeUndefined();
        seen.push(...response.data!.movements.edges.map((e) => e.node.id));
        expect(response.data!.movements.totalCount).toBe(100);
        if (!response.data!.movements.pageInfo.hasNextPage) break;
        after = response.data!.movements.pageInfo.endCursor;
      }
      return seen;
    };
    const markStale = () => Promise.all(STREAMS.map((stream) => markMovementListStale(stream, ['2026-01'])));
    const listed = await pages(7);
    expect(new Set(listed).size).toBe(100);
    await markStale();
    let queried: string[] = [];
    const issued = await commandsDuring(async () => (queried = await pages(7)));
    expect(queried).toEqual(listed);
    // the query's page and its count (an ADMIN's unfiltered list: the collection's own count)
    expect(issued).toContain('find movements');
    expect(issued).toContain('count movements');
    expect(issued).not.toContain('find movementlistchunks');
    await rebuildMovementLists(STREAMS);
    // a cursor of the list is good for the query, and back
    const mixed = await pages(7, async (page) => {
      if (page === 3) await markStale();
      if (page === 6) await rebuildMovementLists(STREAMS);
    });
    expect(mixed).toEqual(listed);
    expect(await checkMovementLists(STREAMS)).toEqual([]);
  });

  it('resolves every reference of the page', async () => {
    const { data } = await api.request(MovementsWithReferencesDocument, { first: 100 }, keys.admin);
    const nodes = data!.movements.edges.map((e) => e.node);
    const medical = nodes.filter((n) => n.from.party);
    expect(medical).toHaveLength(34);
    expect(medical.every((n) => n.to.party?.name.startsWith('医废处置中心'))).toBe(true);
    expect(nodes.every((n) => n.category?.name)).toBe(true);
    expect(nodes.every((n) => n.quantities.every((q) => q.sourceRecord?.sourceId))).toBe(true);
  });

  it('resolves the source record of a movement stored before its quantities carried the record\'s sourceId, through the loader', async () => {
    const stored = (await MovementModel.findById(ids.household).lean().exec())!;
    const withoutSourceIds = stored.quantities.map(({ sourceId: _carried, ...q }) => q);
    await MovementModel.updateOne({ _id: stored._id }, { $set: { quantities: withoutSourceIds } }).exec();
    try {
      await rebuildMovementLists(STREAMS);
      let data: MovementsWithReferencesQuery | null | undefined;
      const issued = await commandsDuring(async () => {
        const response = await api.request(MovementsWithReferencesDocument, { first: 100 }, keys.admin);
        expect(response.errors).toBeUndefined();
        data = response.data;
      });
      expect(data!.movements.edges.every((e) => e.node.quantities.every((q) => q.sourceRecord?.sourceId))).toBe(true);
      expect(issued).toContain('find sourcerecords');
      const detail = await api.request(MovementDetailDocument, { id: ids.household }, keys.admin);
      expect(detail.errors).toBeUndefined();
      expect(detail.data!.movement.quantities.map((q) => [q.sourceRecord?.sourceId, q.sourceRecord?.stream])).toEqual(Array(3).fill(['T-2', 'weigh-tickets']));
    } finally {
      await MovementModel.updateOne({ _id: stored._id }, { $set: { quantities: stored.quantities } }).exec();
      await rebuildMovementLists(STREAMS);
    }
  });
});

describe('a movement', () => {
  it('reads the parties version beside the movement when the selection leads to parties, and not otherwise', async () => {
    let full: string[] = [];
    const detail = await commandsDuring(async () => {
      const response = await api.request(MovementDetailDocument, { id: ids.medical }, keys.admin);
      expect(response.errors).toBeUndefined();
      expect(response.data!.movement.from.party?.name).toBe('区第1医院');
      full = response.data!.movement.quantities.map((q) => q.sourceRecord!.sourceId);
    });
    // once per request, whatever the rounds of parties (the ends', then a facility's operator)
    expect(detail.filter((c) => c === 'find partiesversion')).toHaveLength(1);
    expect(full).toEqual(['L-0', 'R-0']);
    const payloads = await commandsDuring(async () => expect((await api.request(MovementPayloadsDocument, { id: ids.medical }, keys.admin)).errors).toBeUndefined());
    expect(payloads).not.toContain('find partiesversion');
  });

  it('answers its source records\' source, stream, version and hash from what its quantities carry, without reading the records; a movement that carries none reads them', async () => {
    const detail = async () => {
      let data: MovementDetailQuery | null | undefined;
      const issued = await commandsDuring(async () => {
        const response = await api.request(MovementDetailDocument, { id: ids.construction }, keys.admin);
        expect(response.errors).toBeUndefined();
        data = response.data;
      });
      return { movement: data!.movement, issued };
    };
    const carried = await detail();
    expect(carried.issued).not.toContain('find sourcerecords');
    const record = (await SourceRecordModel.findOne({ source: 'construction', stream: 'waybills', sourceId: 'W-1' }).lean().exec())!;
    const answered = { id: record._id.toHexString(), source: 'construction', stream: 'waybills', sourceId: 'W-1', version: record.version, hash: record.hash };
    expect(carried.movement.quantities.map((q) => [q.role, q.sourceRecord])).toEqual([['EXIT', answered], ['ENTRY', answered]]);
    expect(carried.movement.sourceRecords).toEqual([{ id: answered.id, sourceId: 'W-1' }]);

    // projected before quantities carried their records' versions: one read of the record, the same answer
    const stored = (await MovementModel.findById(ids.construction).lean().exec())!;
    await MovementModel.updateOne({ _id: stored._id }, { $set: { quantities: stored.quantities.map(({ sourceVersion: _carried, ...q }) => q) } }).exec();
    try {
      const read = await detail();
      expect(read.issued.filter((c) => c === 'find sourcerecords')).toHaveLength(1);
      expect(read.movement).toEqual(carried.movement);
    } finally {
      await MovementModel.updateOne({ _id: stored._id }, { $set: { quantities: stored.quantities } }).exec();
    }
  });

  it('states each quantity as its source does, with its source record and the references resolved', async () => {
    const { data, errors } = await api.request(MovementDetailDocument, { id: ids.medical }, keys.admin);
    expect(errors).toBeUndefined();
    const m = data!.movement;
    expect(m).toMatchObject({ stream: 'medical', kind: 'MEDICAL_HANDOVER', sourceKey: 'MED0', period: '2026-01', status: 'RECEIVED', categoryCode: 'INFECTIOUS' });
    expect(m.from.party).toMatchObject({ id: ids.hospital, uscc: hospitalUscc, name: '区第1医院' });
    expect(m.from.statedParty).toEqual({ uscc: hospitalUscc, name: '区第1医院' });
    expect(m.to.party?.id).toBe(ids.disposer);
    expect(m.category).toEqual({ table: 'MEDICAL_CATEGORY', code: 'INFECTIOUS', name: '感染性废物', class: 'HW01', validFrom: expect.any(String), validTo: null });
    expect(m.route).toEqual({ code: '焚烧', kind: 'DISPOSAL', landfill: false, incineration: true });
    expect(m.quantities.map((q) => [q.role, q.grams, q.tonnes, q.original, q.category, q.sourceRecord?.sourceId, q.sourceRecord?.stream])).toEqual([
      ['LEDGER', '12500', '0.0125', { value: '12.5', unit: 'kg' }, 'INFECTIOUS', 'L-0', 'ledgers'],
      ['RECEIPT', '12400', '0.0124', { value: '12.40', unit: 'kg' }, null, 'R-0', 'receipts'],
    ]);
    expect(m.quantities[0]!.sourceRecord).toMatchObject({ source: 'medical', version: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(m.sourceRecords.map((r) => r.sourceId).sort()).toEqual(['L-0', 'R-0']);
  });

  it('resolves ends stated by code (project, facility), the carrier and the registered vehicle', async () => {
    const { data, errors } = await api.request(MovementDetailDocument, { id: ids.construction }, keys.umc);
    expect(errors).toBeUndefined();
    const m = data!.movement;
    expect(m.from).toMatchObject({ party: null, projectCode: 'PRJ01', project: { projectCode: 'PRJ01', name: '八角棚改项目', builder: { name: '渣土运输2有限公司' }, approved: { grams: '9000000000', tonnes: '9000' } } });
    expect(m.to).toMatchObject({ facilityCode: 'CF01', facility: { id: ids.facilityCF, code: 'CF01', type: 'RECYCLING_PLANT', operator: { name: '渣土运输1有限公司' } } });
    expect(m.carrier?.name).toBe('渣土运输2有限公司');
    expect(m.vehicle).toEqual({ plate: '京A12345', registered: { plate: '京A12345', hauler: { name: '渣土运输1有限公司' }, ratedLoad: { tonnes: '30' } } });
    expect(m.quantities.map((q) => [q.role, q.grams, q.original.value])).toEqual([
      ['EXIT', '28500000', '28.5'],
      ['ENTRY', '28460000', '28.46'],
    ]);
    expect(m.category?.name).toBe(CONSTRUCTION_CATEGORIES[1]!.name);
  });

  it('answers an unknown id with NOT_FOUND and a malformed one with BAD_USER_INPUT', async () => {
    expect(errorCodes(await api.request(MovementDetailDocument, { id: new Types.ObjectId().toHexString() }, keys.admin))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await api.request(MovementDetailDocument, { id: 'MED0' }, keys.admin))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('stream scope and roles', () => {
  it('keeps a steward to its agency\'s streams: lists narrowed, another stream\'s movement FORBIDDEN', async () => {
    const listed = await api.request(MovementsDocument, { first: 100 }, keys.umc);
    expect(listed.errors).toBeUndefined();
    expect(new Set(listed.data!.movements.edges.map((e) => e.node.stream))).toEqual(new Set(['construction', 'household']));
    expect(listed.data!.movements.totalCount).toBe(66);
    const medicalOnly = await api.request(MovementsDocument, { filter: { stream: ['medical'] } }, keys.umc);
    expect(medicalOnly.data!.movements).toMatchObject({ totalCount: 0, edges: [] });

    const refused = await api.request(MovementDetailDocument, { id: ids.medical }, keys.umc);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refused.data).toBeNull();
  });

  it('lets a partner read its streams\' movements but never a raw payload', async () => {
    const detail = await api.request(MovementDetailDocument, { id: ids.medical }, keys.hhcPartner);
    expect(detail.errors).toBeUndefined();
    expect(detail.data!.movement.quantities).toHaveLength(2);
    const payloads = await api.request(MovementPayloadsDocument, { id: ids.medical }, keys.hhcPartner);
    expect(new Set(errorCodes(payloads))).toEqual(new Set(['FORBIDDEN']));
    expect(payloads.data!.movement.quantities.every((q) => q.sourceRecord?.payload === null)).toBe(true);
    expect(errorCodes(await api.request(MovementDetailDocument, { id: ids.construction }, keys.hhcPartner))).toEqual(['FORBIDDEN']);
  });

  it('shows an analyst the raw payload and its earlier versions', async () => {
    await upsertSourceRecords([{ source: 'medical', stream: 'receipts', sourceId: 'R-0', payload: { 转移联单号: 'MED0', '重量(kg)': '12.45', 接收时间: '2026-03-02 10:00' } }]);
    const { data, errors } = await api.request(MovementPayloadsDocument, { id: ids.medical }, keys.analyst);
    expect(errors).toBeUndefined();
    const receipt = data!.movement.quantities.find((q) => q.role === 'RECEIPT')!.sourceRecord!;
    expect(receipt).toMatchObject({ sourceId: 'R-0', version: 2, payload: { '重量(kg)': '12.45' } });
    expect(receipt.history).toEqual([{ version: 1, payload: { 转移联单号: 'MED0', '重量(kg)': '12.40', 接收时间: '2026-03-02 10:00' } }]);
  });
});

describe('movements(filter)', () => {
  const count = async (filter: object) => {
    const response = await api.request(MovementsDocument, { filter, first: 0 }, keys.admin);
    expect(response.errors).toBeUndefined();
    return response.data!.movements.totalCount;
  };

  it('filters by stream, kind, category, party, USCC, facility, period and status', async () => {
    expect(await count({})).toBe(100);
    expect(await count({ stream: ['medical'] })).toBe(34);
    expect(await count({ kind: ['WEIGH_TICKET'] })).toBe(33);
    expect(await count({ category: ['INFECTIOUS'] })).toBe(7); // i = 0, 15, 30, 45, 60, 75, 90
    expect(await count({ party: ids.hospital })).toBe(4); // hospital 0: i = 0, 30, 60, 90
    expect(await count({ party: ids.disposer })).toBe(7); // disposer 0: i ≡ 0 (mod 15)
    expect(await count({ uscc: ` ${hospitalUscc.toLowerCase()} ` })).toBe(4);
    expect(await count({ facility: ids.facilityCF })).toBe(33); // stated by code only
    expect(await count({ period: '2026-01' })).toBe(25);
    expect(await count({ period: '2026Q1' })).toBe(75);
    expect(await count({ period: '2026' })).toBe(100);
    expect(await count({ status: ['IN_TRANSIT'] })).toBe(16); // construction, even i
    expect(await count({ stream: ['medical'], period: '2026-01' })).toBe(9);
  });

  it('pages newest month first with opaque cursors until the end', async () => {
    const seen: string[] = [];
    const periods: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse<MovementsQuery> = await api.request(MovementsDocument, { first: 30, after }, keys.admin);
      expect(response.errors).toBeUndefined();
      const connection = response.data!.movements;
      seen.push(...connection.edges.map((e) => e.node.id));
      periods.push(...connection.edges.map((e) => e.node.period));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(connection.pageInfo.endCursor).toBe(connection.edges[connection.edges.length - 1]?.cursor ?? null);
      pages++;
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(100);
    expect(periods).toEqual([...periods].sort().reverse());
  });

  it('refuses bad arguments with BAD_USER_INPUT and a clear message', async () => {
    const max = config().API_MAX_PAGE_SIZE;
    const cases: Array<[object, RegExp]> = [
      [{ first: max + 1 }, new RegExp(`first must be between 0 and ${max} \\(API_MAX_PAGE_SIZE\\); got ${max + 1}`)],
      [{ first: -1 }, /first must be between 0 and \d+/],
      [{ filter: { stream: ['industrial', 'garbage'] } }, /unknown stream garbage; streams are industrial, household/],
      [{ filter: { period: '2026-13' } }, /period: month must be 01–12/],
      [{ filter: { period: 'last month' } }, /period: period must be YYYY-MM, YYYYMM, YYYYQn or YYYY/],
      [{ filter: { uscc: hospitalUscc.slice(0, 17) + (hospitalUscc.endsWith('0') ? '1' : '0') } }, /uscc: USCC check character/],
      [{ filter: { party: 'hospital-1' } }, /party "hospital-1" is not an id this API issued/],
      [{ after: 'not-a-cursor' }, /cursor "not-a-cursor" is not one this list issued/],
      [{ after: Buffer.from(JSON.stringify({ k: 'parties', v: 'X', id: ids.medical })).toString('base64url') }, /is not one this list issued/],
    ];
    for (const [variables, message] of cases) {
      const response = await api.request(MovementsDocument, variables, keys.admin);
      expect([variables, errorCodes(response)]).toEqual([variables, ['BAD_USER_INPUT']]);
      expect(response.errors![0]!.message).toMatch(message);
    }
  });
});

describe('facilities, vehicles and reference lists', () => {
  it('reads a facility by id and a vehicle by plate (normalised), NOT_FOUND / BAD_USER_INPUT otherwise', async () => {
    const facility = await api.request(FacilityDetailDocument, { id: ids.facilityCF }, keys.hhcPartner);
    expect(facility.data?.facility).toMatchObject({ code: 'CF01', stream: 'construction', street: { code: 'WULITUO' }, dailyCapacityGrams: null });
    expect(errorCodes(await api.request(FacilityDetailDocument, { id: new Types.ObjectId().toHexString() }, keys.admin))).toEqual(['NOT_FOUND']);
    const vehicle = await api.request(VehicleDetailDocument, { plate: '京a·12345' }, keys.admin);
    expect(vehicle.data?.vehicle).toMatchObject({ plate: '京A12345', plateRaw: '京A 12345', hauler: { name: '渣土运输1有限公司' } });
    expect(errorCodes(await api.request(VehicleDetailDocument, { plate: '京B54321' }, keys.admin))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await api.request(VehicleDetailDocument, { plate: 'XYZ' }, keys.admin))).toEqual(['BAD_USER_INPUT']);
  });

  it('lists a stream\'s waste categories, the streets and the agencies', async () => {
    const medical = await api.request(WasteCategoriesDocument, { stream: 'medical' }, keys.hhcPartner);
    expect(medical.errors).toBeUndefined();
    const rows = medical.data!.wasteCategories;
    expect(rows.filter((r) => r.table === 'MEDICAL_CATEGORY').map((r) => r.code)).toEqual(MEDICAL_CATEGORIES.map((c) => c.code));
    expect(rows[0]).toMatchObject({ table: 'MEDICAL_CATEGORY', code: 'INFECTIOUS', name: '感染性废物', class: 'HW01', validTo: null });
    const industrial = (await api.request(WasteCategoriesDocument, { stream: 'industrial' }, keys.admin)).data!.wasteCategories;
    expect(industrial.filter((r) => r.table === 'ISW_CODE').length).toBeGreaterThan(50);
    expect(industrial.find((r) => r.code === 'HW01')).toMatchObject({ table: 'HW_CLASS' });
    expect((await api.request(WasteCategoriesDocument, { stream: 'taxstat' }, keys.admin)).data!.wasteCategories).toEqual([]);
    // before the 2021 category tables came into force
    expect((await api.request(WasteCategoriesDocument, { stream: 'household', validOn: '2019-06-01T00:00:00+08:00' }, keys.admin)).data!.wasteCategories).toEqual([]);
    const unknown = await api.request(WasteCategoriesDocument, { stream: 'garbage' }, keys.admin);
    expect(errorCodes(unknown)).toEqual(['BAD_USER_INPUT']);

    const streets = (await api.request(StreetsDocument, {}, keys.hhcPartner)).data!.streets;
    expect(streets).toHaveLength(9);
    expect(streets).toContainEqual({ code: 'BAJIAO', name: '八角', fullName: '八角街道' });
    const agencies = (await api.request(AgenciesDocument, {}, keys.hhcPartner)).data!.agencies;
    expect(agencies.find((a) => a.code === 'HHC')?.streams).toEqual(['medical']);
  });
});
