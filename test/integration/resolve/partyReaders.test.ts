/**
 * The parties readers keep in memory (readPartiesById, src/resolve/partyCache.ts): what was read under a
 * settled version is served again without reading the parties, and any writer's bump empties it; while
 * a writer holds the lock (between its bump and its release) nothing read is kept.
 */
import { PartyModel } from '../../../src/model';
import { resolveParty } from '../../../src/resolve';
import { bumpPartiesVersion, partiesChangedElsewhere, readPartiesById, readSettledPartiesVersion, withPartyLock } from '../../../src/resolve/partyCache';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const STAR = '91110108551385082Q';
const nameOf = async (id: Parameters<typeof readPartiesById>[0][number]) => (await readPartiesById([id]))[0]?.name;

it('serves what it read under a settled version until a writer bumps it', async () => {
  const { partyId } = await resolveParty({ source: 'industrial', sourceKey: 'ent-1', uscc: STAR, name: '北京星辰科技有限公司', roles: ['GENERATOR'] });
  expect(await nameOf(partyId!)).toBe('北京星辰科技有限公司');
  // a write that skips the version (no writer in the hub does) is not seen: the read was kept
  await PartyModel.updateOne({ _id: partyId }, { $set: { name: '改名一' } });
  expect(await nameOf(partyId!)).toBe('北京星辰科技有限公司');
  await partiesChangedElsewhere();
  expect(await nameOf(partyId!)).toBe('改名一');
});

it("keeps nothing read between a writer's bump and its release", async () => {
  const { partyId } = await resolveParty({ source: 'industrial', sourceKey: 'ent-2', uscc: '91350100M000100Y43', name: '福州测试有限公司', roles: ['GENERATOR'] });
  await withPartyLock(async () => {
    await bumpPartiesVersion();
    expect(await nameOf(partyId!)).toBe('福州测试有限公司');
    await PartyModel.updateOne({ _id: partyId }, { $set: { name: '改名二' } });
    expect(await nameOf(partyId!)).toBe('改名二');
  });
  // settled at the release: read and kept from now on
  expect(await nameOf(partyId!)).toBe('改名二');
  await PartyModel.updateOne({ _id: partyId }, { $set: { name: '改名三' } });
  expect(await nameOf(partyId!)).toBe('改名二');
  expect(await readPartiesById([])).toEqual([]);
});

it('answers with a version read earlier (a request reads it once) from the store once a writer has settled a newer one, and keeps the newer one\'s reads', async () => {
  const { partyId } = await resolveParty({ source: 'industrial', sourceKey: 'ent-3', uscc: '91110105122887244Q', name: '康明包装有限公司', roles: ['GENERATOR'] });
  const earlier = await readSettledPartiesVersion();
  expect(await nameOf(partyId!)).toBe('康明包装有限公司');
  await PartyModel.updateOne({ _id: partyId }, { $set: { name: '改名四' } });
  await partiesChangedElsewhere();
  // kept under the newer version
  expect(await nameOf(partyId!)).toBe('改名四');
  await PartyModel.updateOne({ _id: partyId }, { $set: { name: '改名五' } });
  // the earlier version uses nothing kept: the store's
  expect((await readPartiesById([partyId!], () => Promise.resolve(earlier)))[0]?.name).toBe('改名五');
  // and did not replace what the newer version keeps
  expect(await nameOf(partyId!)).toBe('改名四');
});
