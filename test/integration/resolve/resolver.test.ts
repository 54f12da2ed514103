import mongoose, { Types } from 'mongoose';
import { syncIndexes } from '../../../src/infra/mongo';
import { MovementModel, PartyModel, ResolutionCaseModel, ResolutionDecisionModel } from '../../../src/model';
import { usccCheckCharacter } from '../../../src/model/validators';
import { decideResolutionCase, partiesChangedElsewhere, resolveParties, resolveParty, ResolutionDecisionError, type PartyObservationInput } from '../../../src/resolve';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

const STAR = '91110108551385082Q';
const OTHER = '91350100M000100Y43';

describe('resolving parties across sources', () => {
  it('merges spelling variants of one company into one party with an alias per source', async () => {
    const results = await resolveParties([
      { source: 'industrial', sourceKey: 'ent-1', uscc: STAR, name: '北京星辰科技有限责任公司', street: '八角街道', roles: ['GENERATOR'] },
      { source: 'taxstat', uscc: STAR, name: '北京星辰科技有限公司', roles: ['TAXPAYER'] },
      { source: 'medical', name: '北京 星辰科技（有限公司）', street: '八角' },
      { source: 'household', uscc: STAR.toLowerCase(), name: '北京星辰科技有限公司 ' },
    ]);
    expect(results.map((r) => r.via)).toEqual(['CREATED', 'USCC', 'NAME', 'USCC']);
    expect(new Set(results.map((r) => String(r.partyId))).size).toBe(1);
    expect(results.flatMap((r) => r.cases)).toEqual([]);

    const parties = await PartyModel.find().lean().exec();
    expect(parties).toHaveLength(1);
    expect(parties[0]).toMatchObject({ uscc: STAR, street: 'BAJIAO', status: 'ACTIVE', roles: ['GENERATOR', 'TAXPAYER'] });
    expect(parties[0]!.aliases.map((a) => [a.source, a.name]).sort()).toEqual([
      ['household', '北京星辰科技有限公司'],
      ['industrial', '北京星辰科技有限责任公司'],
      ['medical', '北京 星辰科技（有限公司）'],
      ['taxstat', '北京星辰科技有限公司'],
    ]);

    // re-running is idempotent: same party, no new documents, no cases
    const again = await resolveParty({ source: 'medical', name: '北京 星辰科技（有限公司）', street: '八角' });
    expect(again).toMatchObject({ partyId: results[0]!.partyId, via: 'ALIAS' });
    expect(await PartyModel.countDocuments()).toBe(1);
  });

  it('refuses to merge two companies that share a name in different streets', async () => {
    const [gucheng, lugu] = await resolveParties([
      { source: 'medical', sourceKey: 'inst-1', name: '石景山社区卫生服务中心', street: '古城街道' },
      { source: 'medical', sourceKey: 'inst-2', name: '石景山社区卫生服务中心', street: '鲁谷街道' },
    ]);
    expect(gucheng!.partyId.equals(lugu!.partyId)).toBe(false);
    expect([gucheng!.via, lugu!.via]).toEqual(['CREATED', 'CREATED']);
    expect(await PartyModel.countDocuments({ normalisedName: '石景山社区卫生服务中心' })).toBe(2);
  });

  it('records a conflict instead of merging the same name and street with another USCC', async () => {
    const result = await resolveParty({ source: 'industrial', sourceKey: 'ent-2', uscc: OTHER, name: '北京星辰科技有限公司', street: '八角' });
    expect(result).toMatchObject({ via: 'CREATED', status: 'ACTIVE', cases: ['NAME_SHARED_DIFFERENT_USCC'] });
    const resolutionCase = await ResolutionCaseModel.findOne({ kind: 'NAME_SHARED_DIFFERENT_USCC' }).lean().exec();
    expect(resolutionCase).toMatchObject({ status: 'OPEN', subjectKey: `USCC:${OTHER}`, candidateKeys: [`USCC:${STAR}`] });
    await expect(
      decideResolutionCase({
        caseId: resolutionCase!._id,
        candidatePartyId: resolutionCase!.candidatePartyIds[0]!,
        verdict: 'MATCH',
        decidedBy: 'steward@eeb',
        reason: 'same company?',
      }),
    ).rejects.toThrow(ResolutionDecisionError);
    expect(await ResolutionDecisionModel.countDocuments()).toBe(0);
  });

  it('asks a steward about an ambiguous name, and the answer survives re-runs', async () => {
    // now two parties are called 北京星辰科技有限公司 in 八角 (STAR and OTHER)
    const first = await resolveParty({ source: 'household', sourceKey: 'hh-77', name: '北京星辰科技有限公司', street: '八角' });
    expect(first).toMatchObject({ via: 'CREATED', status: 'PENDING', cases: ['AMBIGUOUS_NAME'] });
    const pendingId = first.partyId;
    const resolutionCase = await ResolutionCaseModel.findOne({ kind: 'AMBIGUOUS_NAME' }).lean().exec();
    expect(resolutionCase?.candidatePartyIds).toHaveLength(2);

    // re-running before a decision changes nothing
    expect(await resolveParty({ source: 'household', sourceKey: 'hh-77', name: '北京星辰科技有限公司', street: '八角' })).toMatchObject({
      partyId: pendingId,
      via: 'ALIAS',
    });
    expect(await ResolutionCaseModel.countDocuments({ kind: 'AMBIGUOUS_NAME' })).toBe(1);

    // a movement recorded against the pending party is repointed by the merge
    await MovementModel.create({
      stream: 'household',
      kind: 'WEIGH_TICKET',
      sourceKey: 'T-100',
      period: '2026-10',
      status: 'CLOSED',
      from: { party: { partyId: pendingId, uscc: null, name: '北京星辰科技有限公司' } },
      to: {},
    });

    const star = await PartyModel.findOne({ uscc: STAR }).lean().exec();
    const other = await PartyModel.findOne({ uscc: OTHER }).lean().exec();
    const noMatch = await decideResolutionCase({
      caseId: resolutionCase!._id,
      candidatePartyId: other!._id,
      verdict: 'NO_MATCH',
      decidedBy: 'steward@umc',
      reason: 'hauler contract names the Bajiao plant of 星辰 (USCC …082Q)',
    });
    expect(noMatch).toEqual({ caseStatus: 'OPEN', mergedInto: null });
    const match = await decideResolutionCase({
      caseId: resolutionCase!._id,
      candidatePartyId: star!._id,
      verdict: 'MATCH',
      decidedBy: 'steward@umc',
      reason: 'same company, confirmed by phone',
    });
    expect(match).toEqual({ caseStatus: 'DECIDED', mergedInto: star!._id });

    const merged = await PartyModel.findById(pendingId).lean().exec();
    expect(merged).toMatchObject({ status: 'MERGED', mergedInto: star!._id, identityKeys: [] });
    const movement = await MovementModel.findOne({ sourceKey: 'T-100' }).lean().exec();
    expect(movement?.from.party?.partyId).toEqual(star!._id);

    // re-runs: the same observation lands on the chosen party, with no new case or party
    const parties = await PartyModel.countDocuments();
    const rerun = await resolveParty({ source: 'household', sourceKey: 'hh-77', name: '北京星辰科技有限公司', street: '八角' });
    expect(rerun).toMatchObject({ partyId: star!._id, cases: [] });
    expect(await PartyModel.countDocuments()).toBe(parties);
    expect(await ResolutionCaseModel.countDocuments({ kind: 'AMBIGUOUS_NAME' })).toBe(1);
  });

  it('keeps a decision when parties are rebuilt from scratch', async () => {
    const decisions = await ResolutionDecisionModel.find().sort({ decidedAt: 1 }).lean().exec();
    expect(decisions.map((d) => [d.subjectKey, d.candidateKey, d.verdict])).toEqual([
      ['SRC:household:hh-77', `USCC:${OTHER}`, 'NO_MATCH'],
      ['SRC:household:hh-77', `USCC:${STAR}`, 'MATCH'],
    ]);
    await PartyModel.deleteMany({});
    await ResolutionCaseModel.deleteMany({});
    // resolvers keep the parties in memory: a write behind their back says so
    await partiesChangedElsewhere();
    await resolveParties([
      { source: 'industrial', sourceKey: 'ent-1', uscc: STAR, name: '北京星辰科技有限责任公司', street: '八角街道' },
      { source: 'industrial', sourceKey: 'ent-2', uscc: OTHER, name: '北京星辰科技有限公司', street: '八角' },
    ]);
    const rebuilt = await resolveParty({ source: 'household', sourceKey: 'hh-77', name: '北京星辰科技有限公司', street: '八角' });
    const star = await PartyModel.findOne({ uscc: STAR }).lean().exec();
    expect(rebuilt).toMatchObject({ partyId: star!._id, via: 'DECISION', cases: [] });
    expect(await ResolutionCaseModel.countDocuments({ kind: 'AMBIGUOUS_NAME' })).toBe(0);
  });

  it('a NO_MATCH on every candidate settles a pending party as its own', async () => {
    const pending = await resolveParty({ source: 'household', sourceKey: 'hh-88', name: '北京星辰科技有限公司', street: '八角' });
    expect(pending).toMatchObject({ status: 'PENDING', cases: ['AMBIGUOUS_NAME'] });
    const resolutionCase = await ResolutionCaseModel.findOne({ subjectKey: 'SRC:household:hh-88' }).lean().exec();
    let outcome = { caseStatus: 'OPEN' as 'OPEN' | 'DECIDED', mergedInto: null as Types.ObjectId | null };
    for (const candidate of resolutionCase!.candidatePartyIds) {
      outcome = await decideResolutionCase({ caseId: resolutionCase!._id, candidatePartyId: candidate, verdict: 'NO_MATCH', decidedBy: 's', reason: 'a third company' });
    }
    expect(outcome.caseStatus).toBe('DECIDED');
    expect(await PartyModel.findById(pending.partyId).lean().exec()).toMatchObject({ status: 'ACTIVE' });
    expect(await resolveParty({ source: 'household', sourceKey: 'hh-88', name: '北京星辰科技有限公司', street: '八角' })).toMatchObject({
      partyId: pending.partyId,
      via: 'ALIAS',
      cases: [],
    });
  });
});

describe("mentions, and the resolvers' view of the parties", () => {
  const first17 = '91110107MA0100012';
  const GREEN = first17 + usccCheckCharacter(first17);
  const registryRow: PartyObservationInput = { source: 'industrial', sourceKey: 'ent-42', uscc: GREEN, name: '北京绿源环保有限公司', street: '八角', roles: ['GENERATOR'] };
  const ledgerRow: PartyObservationInput = { source: 'industrial', uscc: GREEN, name: '北京绿源环保有限公司', roles: ['GENERATOR'] };

  it('takes a mention without a key of its own for the registry alias that says the same', async () => {
    const registered = await resolveParty(registryRow);
    const stored = await PartyModel.findById(registered.partyId).lean().exec();
    const ledger = await resolveParty(ledgerRow);
    expect(ledger).toMatchObject({ partyId: registered.partyId, via: 'ALIAS', cases: [] });
    // nothing new to say, so nothing written
    expect(await PartyModel.findById(registered.partyId).lean().exec()).toMatchObject({ revision: stored!.revision, aliases: [{ sourceKey: 'ent-42' }] });

    // seen again two days later: the same alias, its sighting moved
    const later = new Date(Date.now() + 2 * 24 * 3600_000);
    expect(await resolveParty({ ...ledgerRow, seenAt: later })).toMatchObject({ partyId: registered.partyId, via: 'ALIAS' });
    const seen = await PartyModel.findById(registered.partyId).lean().exec();
    expect(seen!.aliases).toHaveLength(1);
    expect(seen!.aliases[0]).toMatchObject({ sourceKey: 'ent-42', name: '北京绿源环保有限公司', street: 'BAJIAO', lastSeenAt: later });
    expect(seen!.revision).toBe(stored!.revision + 1);
  });

  it('writes back a party removed behind its back, and re-resolves against the parties as stored', async () => {
    const party = await PartyModel.findOne({ uscc: GREEN }).lean().exec();
    await PartyModel.deleteOne({ _id: party!._id });
    // the view still has the party; its replacement finds nothing to delete, so the batch's version is
    // written as a new document under the same _id (parties go away only by merge), and the batch is
    // retried against the reloaded parties
    const again = await resolveParty({ ...registryRow, roles: ['GENERATOR', 'TAXPAYER'] });
    expect(again.partyId.equals(party!._id)).toBe(true);
    expect(again.via).toBe('ALIAS');
    expect(await PartyModel.find({ uscc: GREEN }).lean().exec()).toMatchObject([{ _id: party!._id, roles: ['GENERATOR', 'TAXPAYER'] }]);
  });

  it('finishes a replacement that a crashed writer left half done before anyone reads the parties', async () => {
    const party = await PartyModel.findOne({ uscc: GREEN }).lean().exec();
    const renamed = { ...party!, name: '北京绿源环保科技有限公司', revision: party!.revision + 1 };
    // the writer bumped the parties version, journaled the new version and deleted the old one, then
    // died before inserting it (and before settling the version)
    await mongoose.connection.collection('partiesversion').updateOne({ _id: 'parties' as never }, { $inc: { version: 1 } });
    await mongoose.connection.collection('storejournal').insertOne({ _id: `parties|parties|${party!._id.toHexString()}` as never, scope: 'parties', into: 'parties', doc: renamed });
    await PartyModel.deleteOne({ _id: party!._id });
    const next = await resolveParty(registryRow);
    expect(next.partyId.equals(party!._id)).toBe(true);
    expect(await PartyModel.findById(party!._id).lean().exec()).toMatchObject({ name: '北京绿源环保科技有限公司', revision: party!.revision + 1 });
    expect(await mongoose.connection.collection('storejournal').countDocuments()).toBe(0);
  });

  it('does not serve a dropped database from memory', async () => {
    const before = await resolveParty(registryRow);
    expect(before.via).toBe('ALIAS');
    await mongoose.connection.dropDatabase();
    await syncIndexes();
    const after = await resolveParty(registryRow);
    expect(after.via).toBe('CREATED');
    expect(await PartyModel.countDocuments()).toBe(1);
  });
});
