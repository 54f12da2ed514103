/**
 * The movement lists behind `movements` (src/store/movementLists.ts) over months of several chunks:
 * pages of every size through the lists give exactly what the query gives (order, cursors, hasNextPage,
 * totalCount), for every stream scope, and the writers' marks keep them right through a movement moved
 * to another month and one deleted.
 */
import { Types } from 'mongoose';
import * as sourceLocks from '../../../src/ingest/lock';
import { checkMovementLists, rebuildMovementLists, rebuildMovementListLocked, refreshMovementListIfStale, usableMovementLists } from '../../../src/ingest/movementLists';
import { closeRedis } from '../../../src/infra/redis';
import { MovementModel } from '../../../src/model/movement';
import { STREAMS } from '../../../src/model/reference/agencies';
import * as keyed from '../../../src/store/keyed';
import { ALL_STREAMS_LIST, MOVEMENT_LIST_CHUNK, MovementListModel, markMovementListStale, readMovementLists } from '../../../src/store/movementLists';
import { MovementsDocument, type MovementsQuery } from '../../graphql/generated';
import { startTestApi, type GraphQLResponse, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { end, movementDoc } from './modelFixtures';

useTestDatabase(__filename);
jest.setTimeout(300_000);

let api: TestApi;
let admin = '';
let umc = '';

// household: 2.5 chunks in 2026-02 and a few in 2026-01; construction: one chunk and a bit in 2026-02
const counts = { household: { '2026-02': Math.floor(MOVEMENT_LIST_CHUNK * 2.5), '2026-01': 7 }, construction: { '2026-02': MOVEMENT_LIST_CHUNK + 3 } };

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  admin = await api.keyFor('ADMIN');
  umc = await api.keyFor('STEWARD', 'UMC'); // household, construction
  const docs = Object.entries(counts).flatMap(([stream, months]) =>
    Object.entries(months).flatMap(([period, n]) =>
      Array.from({ length: n }, (_, i) =>
        movementDoc({
          stream: stream as 'household' | 'construction',
          kind: stream === 'household' ? 'WEIGH_TICKET' : 'CDW_WAYBILL',
          sourceKey: `${stream}-${period}-${i}`,
          period,
          status: 'CLOSED',
          from: end(),
          to: end(),
          quantities: [],
        }),
      ),
    ),
  );
  await MovementModel.insertMany(docs.map((doc) => ({ ...doc, _id: new Types.ObjectId() })));
  await rebuildMovementLists(STREAMS);
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

/** Every page of the list for `key`, `first` at a time: ids, and per page its totalCount. */
async function walk(key: string, first: number, filter?: object): Promise<{ ids: string[]; totals: Set<number> }> {
  const ids: string[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<MovementsQuery> = await api.request(MovementsDocument, { filter, first, after }, key);
    expect(response.errors).toBeUndefined();
    const connection = response.data!.movements;
    ids.push(...connection.edges.map((e) => e.node.id));
    totals.add(connection.totalCount);
    if (!connection.pageInfo.hasNextPage) break;
    expect(connection.edges).toHaveLength(first);
    after = connection.pageInfo.endCursor;
  }
  return { ids, totals };
}

const total = Object.values(counts).flatMap((months) => Object.values(months)).reduce((a, b) => a + b, 0);

it('pages through months of several chunks exactly as the query does', async () => {
  // the query's order: taken while the lists are stale
  await Promise.all(STREAMS.map((stream) => markMovementListStale(stream, ['2026-02'])));
  const byQuery = await walk(admin, 200);
  await rebuildMovementLists(STREAMS);
  expect(byQuery.ids).toHaveLength(total);
  for (const first of [30, MOVEMENT_LIST_CHUNK, MOVEMENT_LIST_CHUNK + 1]) {
    const listed = await walk(admin, first);
    expect({ first, ids: listed.ids }).toEqual({ first, ids: byQuery.ids });
    expect([...listed.totals]).toEqual([total]);
  }
  const household = await walk(umc, 90, { stream: ['household'] });
  expect(household.ids).toEqual(byQuery.ids.filter((id) => household.ids.includes(id)));
  expect([...household.totals]).toEqual([counts.household['2026-02'] + counts.household['2026-01']]);
});

it('follows a movement moved to another month and one deleted, marked by their writer', async () => {
  const [moved, deleted] = await MovementModel.find({ stream: 'household', period: '2026-02' }).sort({ _id: -1 }).limit(2).lean().exec();
  // as a writer under the source's lock does: mark the months touched, write, rebuild at the release
  await markMovementListStale('household', ['2026-02', '2026-03']);
  await MovementModel.updateOne({ _id: moved!._id }, { $set: { period: '2026-03' } });
  await MovementModel.deleteOne({ _id: deleted!._id });
  await refreshMovementListIfStale('household');
  expect(await checkMovementLists(STREAMS)).toEqual([]);
  const listed = await walk(admin, 50);
  expect(listed.ids[0]).toBe(moved!._id.toHexString());
  expect(listed.ids).not.toContain(deleted!._id.toHexString());
  expect([...listed.totals]).toEqual([total - 1]);
});

it('keeps the marks a writer made while the list was being rebuilt (a party merge takes no lock)', async () => {
  const upsertKeyed = keyed.upsertKeyed;
  // the writer marks between the rebuild's read of the movements and its write of the list
  jest.spyOn(keyed, 'upsertKeyed').mockImplementationOnce(async (...args) => {
    await markMovementListStale('construction', ['2026-01']);
    return upsertKeyed(...args);
  });
  await rebuildMovementListLocked('construction', new Date(), true);
  expect(await MovementListModel.findById('construction').lean().exec()).toMatchObject({ stale: true, staleMonths: ['2026-01'] });
  expect(await usableMovementLists(['construction'], readMovementLists)).toBeNull();
  await rebuildMovementListLocked('construction');
  expect(await MovementListModel.findById('construction').lean().exec()).toMatchObject({ stale: false, staleMonths: [] });
  expect(await checkMovementLists(['construction'])).toEqual([]);
});

it('a read of a stream without a list takes the query and no lock; the next lock release builds the list', async () => {
  await MovementListModel.deleteOne({ _id: 'household' }).exec();
  const acquire = jest.spyOn(sourceLocks, 'acquireSourceLock');
  const listed = await walk(umc, 100, { stream: ['household'] });
  expect(listed.ids.length).toBeGreaterThan(0);
  expect(acquire).not.toHaveBeenCalled();
  expect(await MovementListModel.findById('household').lean().exec()).toBeNull();
  acquire.mockRestore();
  await (await sourceLocks.acquireSourceLock('household')).release();
  expect(await MovementListModel.findById('household').lean().exec()).toMatchObject({ stale: false });
  expect(await checkMovementLists(['household'])).toEqual([]);
});

it('keeps the merged list stale while a stream marked with it is, and rebuilds it at the last release', async () => {
  const mergedIsStale = async () => (await MovementListModel.findOne({ _id: ALL_STREAMS_LIST }).lean().exec())!.stale;
  const byQuery = await (async () => {
    await markMovementListStale('household', ['2026-01']);
    await markMovementListStale('construction', ['2026-02']);
    return walk(admin, 70);
  })();
  const [first] = await MovementModel.find({ stream: 'construction', period: '2026-02' }).sort({ _id: -1 }).limit(1).lean().exec();
  await MovementModel.updateOne({ _id: first!._id }, { $set: { status: 'VOIDED' } });
  await refreshMovementListIfStale('household');
  // construction is still between its mark and its rebuild: the merged list waits for it
  expect(await mergedIsStale()).toBe(true);
  expect((await walk(admin, 70)).ids).toEqual(byQuery.ids);
  await refreshMovementListIfStale('construction');
  expect(await mergedIsStale()).toBe(false);
  expect(await checkMovementLists(STREAMS)).toEqual([]);
  const listed = await walk(admin, 70);
  expect(listed.ids).toEqual(byQuery.ids);
  const page = await api.request(MovementsDocument, { first: 1, filter: { stream: ['construction'] } }, admin);
  expect(page.data!.movements.edges[0]!.node).toMatchObject({ id: first!._id.toHexString(), status: 'VOIDED' });
});

it('takes concurrent first marks of lists that do not exist yet (two writers racing to create one)', async () => {
  await MovementListModel.deleteMany({});
  // each call upserts its stream's list and the merged one: five writers race to create the merged list
  await Promise.all(STREAMS.map((stream) => markMovementListStale(stream, 'all')));
  await markMovementListStale(['household', 'construction'], ['2026-02']);
  const lists = await MovementListModel.find({}).lean().exec();
  expect(lists.map((l) => l._id).sort()).toEqual([ALL_STREAMS_LIST, ...STREAMS].sort());
  const merged = lists.find((l) => l._id === ALL_STREAMS_LIST)!;
  expect(merged.stale).toBe(true);
  expect(merged.revision).toBeGreaterThanOrEqual(STREAMS.length + 1);
  expect([...merged.staleMonths].sort()).toEqual(['*', '2026-02']);
  await rebuildMovementLists(STREAMS);
  expect(await checkMovementLists(STREAMS)).toEqual([]);
});
