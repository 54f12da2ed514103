/**
 * Entity-resolution cases through the real API: the queue with every case kind, per role and agency
 * scope; the three decisions with reason, actor and history; refusals that change nothing; decisions
 * that hold when the source re-syncs and when parties are rebuilt.
 */
import { Types } from 'mongoose';
import { closeRedis } from '../../../src/infra/redis';
import { PartyModel, ResolutionCaseModel, ResolutionDecisionModel } from '../../../src/model';
import { partiesChangedElsewhere, resolveParty, type PartyObservationInput } from '../../../src/resolve';
import { DecideResolutionCaseDocument, ResolutionCaseDocument, ResolutionCasesDocument, type ResolutionCaseFieldsFragment } from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { makeUscc } from './modelFixtures';

useTestDatabase(__filename);

const STAR = '91110108551385082Q';
const OTHER = '91350100M000100Y43';
const NAME = '北京星辰科技有限公司';

const starRegistry: PartyObservationInput = { source: 'industrial', sourceKey: 'ent-1', uscc: STAR, name: '北京星辰科技有限责任公司', street: '八角街道' };
const otherRegistry: PartyObservationInput = { source: 'industrial', sourceKey: 'ent-2', uscc: OTHER, name: NAME, street: '八角' };
const noStreet: PartyObservationInput = { source: 'medical', sourceKey: 'inst-9', name: NAME };
const householdMention: PartyObservationInput = { source: 'household', sourceKey: 'hh-77', name: NAME, street: '八角' };
const taxMention: PartyObservationInput = { source: 'taxstat', uscc: STAR, name: '北京月亮贸易有限公司' };

let api: TestApi;
const keys = { admin: '', eebSteward: '', umcSteward: '', eebAnalyst: '', partner: '' };
const keyIdOf = (key: string) => key.split('_')[1]!;

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.eebSteward = await api.keyFor('STEWARD', 'EEB');
  keys.umcSteward = await api.keyFor('STEWARD', 'UMC');
  keys.eebAnalyst = await api.keyFor('ANALYST', 'EEB');
  keys.partner = await api.keyFor('PARTNER', 'TAX');
  // one at a time: each case kind needs the parties the earlier observations made
  for (const observation of [starRegistry, otherRegistry, noStreet, householdMention, taxMention]) await resolveParty(observation);
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

async function caseOf(kind: ResolutionCaseFieldsFragment['kind']): Promise<ResolutionCaseFieldsFragment> {
  const response = await api.request(ResolutionCasesDocument, { filter: { kind: [kind] } }, keys.admin);
  expect(response.errors).toBeUndefined();
  return response.data!.resolutionCases.edges[0]!.node;
}

async function stored() {
  return {
    decisions: await ResolutionDecisionModel.countDocuments(),
    cases: (await ResolutionCaseModel.find().sort({ _id: 1 }).lean().exec()).map((c) => [c.caseKey, c.status]),
    parties: (await PartyModel.find().sort({ _id: 1 }).lean().exec()).map((p) => [p._id.toHexString(), p.status, p.uscc, p.revision]),
  };
}

describe('the resolution case queue', () => {
  it('lists every case kind with its evidence and candidates, paged with a total', async () => {
    const all = await api.request(ResolutionCasesDocument, {}, keys.admin);
    expect(all.errors).toBeUndefined();
    const page = all.data!.resolutionCases;
    expect(page.totalCount).toBe(4);
    expect(page.edges.map((e) => e.node.kind).sort()).toEqual(['AMBIGUOUS_NAME', 'NAME_SHARED_DIFFERENT_USCC', 'NO_STREET', 'USCC_NAME_CONFLICT']);
    expect(page.edges.every((e) => e.node.status === 'OPEN' && e.node.history.length === 0)).toBe(true);

    const ambiguous = await caseOf('AMBIGUOUS_NAME');
    expect(ambiguous).toMatchObject({ subjectKey: 'SRC:household:hh-77', subject: { status: 'PENDING' }, evidence: { source: 'household', sourceKey: 'hh-77', name: NAME, street: 'BAJIAO' } });
    expect(ambiguous.candidates.map((c) => c.uscc).sort()).toEqual([OTHER, STAR].sort());
    expect(await caseOf('NAME_SHARED_DIFFERENT_USCC')).toMatchObject({ subject: { uscc: OTHER }, candidates: [{ uscc: STAR }], evidence: { usccRaw: OTHER } });
    expect(await caseOf('USCC_NAME_CONFLICT')).toMatchObject({ subject: { uscc: STAR }, evidence: { source: 'taxstat', name: '北京月亮贸易有限公司' } });
    expect(await caseOf('NO_STREET')).toMatchObject({ evidence: { source: 'medical', street: null } });

    const first = await api.request(ResolutionCasesDocument, { first: 3 }, keys.admin);
    const rest = await api.request(ResolutionCasesDocument, { first: 3, after: first.data!.resolutionCases.pageInfo.endCursor }, keys.admin);
    expect(first.data!.resolutionCases.pageInfo.hasNextPage).toBe(true);
    expect(rest.data!.resolutionCases.pageInfo.hasNextPage).toBe(false);
    const ids = [...first.data!.resolutionCases.edges, ...rest.data!.resolutionCases.edges].map((e) => e.node.id);
    expect(new Set(ids).size).toBe(4);
  });

  it("keeps each role to its agency's sources and refuses partners", async () => {
    const umc = await api.request(ResolutionCasesDocument, {}, keys.umcSteward);
    expect(umc.data!.resolutionCases.edges.map((e) => e.node.evidence.source)).toEqual(['household']);
    const eeb = await api.request(ResolutionCasesDocument, {}, keys.eebAnalyst);
    expect(eeb.data!.resolutionCases.edges.map((e) => e.node.evidence.source).sort()).toEqual(['industrial', 'medical', 'taxstat']);
    expect(eeb.data!.resolutionCases.totalCount).toBe(3);
    const industrialCase = await caseOf('NAME_SHARED_DIFFERENT_USCC');
    expect(errorCodes(await api.request(ResolutionCaseDocument, { id: industrialCase.id }, keys.umcSteward))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(ResolutionCasesDocument, {}, keys.partner))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(ResolutionCasesDocument, { filter: { source: 'garbage' } }, keys.admin))).toEqual(['BAD_USER_INPUT']);
  });
});

describe('deciding a case', () => {
  it('refuses bad input, other roles and other agencies, and changes nothing', async () => {
    const ambiguous = await caseOf('AMBIGUOUS_NAME');
    const candidate = ambiguous.candidates[0]!.id;
    const before = await stored();
    const attempts: Array<[string, string, Parameters<TestApi['request']>[1], string]> = [
      ['unknown case', keys.admin, { id: new Types.ObjectId().toHexString(), input: { decision: 'SAME_ORGANISATION', candidate, reason: 'r' } }, 'NOT_FOUND'],
      ['malformed id', keys.admin, { id: 'nope', input: { decision: 'SAME_ORGANISATION', candidate, reason: 'r' } }, 'BAD_USER_INPUT'],
      ['no candidate', keys.admin, { id: ambiguous.id, input: { decision: 'SAME_ORGANISATION', reason: 'r' } }, 'BAD_USER_INPUT'],
      ['not a candidate', keys.admin, { id: ambiguous.id, input: { decision: 'SAME_ORGANISATION', candidate: ambiguous.subject!.id, reason: 'r' } }, 'BAD_USER_INPUT'],
      ['empty reason', keys.admin, { id: ambiguous.id, input: { decision: 'DIFFERENT_ORGANISATIONS', candidate, reason: '  ' } }, 'BAD_USER_INPUT'],
      ['no USCC', keys.admin, { id: ambiguous.id, input: { decision: 'CORRECT_USCC', reason: 'r' } }, 'BAD_USER_INPUT'],
      ['invalid USCC', keys.admin, { id: ambiguous.id, input: { decision: 'CORRECT_USCC', correctedUscc: '91110108551385082X', reason: 'r' } }, 'BAD_USER_INPUT'],
      ['analyst', keys.eebAnalyst, { id: ambiguous.id, input: { decision: 'SAME_ORGANISATION', candidate, reason: 'r' } }, 'FORBIDDEN'],
      ['partner', keys.partner, { id: ambiguous.id, input: { decision: 'SAME_ORGANISATION', candidate, reason: 'r' } }, 'FORBIDDEN'],
      ['other agency', keys.eebSteward, { id: ambiguous.id, input: { decision: 'SAME_ORGANISATION', candidate, reason: 'r' } }, 'FORBIDDEN'],
    ];
    for (const [what, key, variables, code] of attempts) {
      const response = await api.request(DecideResolutionCaseDocument, variables as never, key);
      expect([what, errorCodes(response)]).toEqual([what, [code]]);
    }
    expect(await stored()).toEqual(before);
  });

  it('records each decision with reason and actor; a match merges and closes the case, which then takes no more', async () => {
    const ambiguous = await caseOf('AMBIGUOUS_NAME');
    const other = ambiguous.candidates.find((c) => c.uscc === OTHER)!;
    const star = ambiguous.candidates.find((c) => c.uscc === STAR)!;
    const no = await api.request(
      DecideResolutionCaseDocument,
      { id: ambiguous.id, input: { decision: 'DIFFERENT_ORGANISATIONS', candidate: other.id, reason: '收运合同写明八角厂区' } },
      keys.umcSteward,
    );
    expect(no.errors).toBeUndefined();
    expect(no.data!.decideResolutionCase).toMatchObject({
      status: 'OPEN',
      history: [{ decision: 'DIFFERENT_ORGANISATIONS', candidate: { id: other.id }, candidateKey: `USCC:${OTHER}`, reason: '收运合同写明八角厂区', decidedBy: 'steward@UMC', decidedByKeyId: keyIdOf(keys.umcSteward) }],
    });
    const yes = await api.request(DecideResolutionCaseDocument, { id: ambiguous.id, input: { decision: 'SAME_ORGANISATION', candidate: star.id, reason: '电话确认' } }, keys.umcSteward);
    expect(yes.errors).toBeUndefined();
    const decided = yes.data!.decideResolutionCase;
    expect(decided).toMatchObject({ status: 'DECIDED', subject: { status: 'MERGED', mergedInto: { id: star.id } } });
    expect(decided.decidedAt).not.toBeNull();
    expect(decided.history.map((h) => h.decision)).toEqual(['DIFFERENT_ORGANISATIONS', 'SAME_ORGANISATION']);

    const before = await stored();
    const again = await api.request(DecideResolutionCaseDocument, { id: ambiguous.id, input: { decision: 'DIFFERENT_ORGANISATIONS', candidate: star.id, reason: 'changed my mind' } }, keys.admin);
    expect(errorCodes(again)).toEqual(['CONFLICT']);
    expect(again.errors![0]!.message).toMatch(/was decided/);
    expect(await stored()).toEqual(before);

    // the source re-syncs: the same record lands on the chosen party, no new case
    const rerun = await resolveParty(householdMention);
    expect(rerun).toMatchObject({ via: 'ALIAS', cases: [] });
    expect(rerun.partyId.toHexString()).toBe(star.id);
  });

  it('corrects a mistyped USCC: the alias joins the real organisation, also after a rebuild', async () => {
    const shared = await caseOf('NAME_SHARED_DIFFERENT_USCC');
    const star = shared.candidates[0]!;
    const corrected = await api.request(
      DecideResolutionCaseDocument,
      { id: shared.id, input: { decision: 'CORRECT_USCC', correctedUscc: STAR.toLowerCase(), reason: '营业执照核对：统一社会信用代码录入错误' } },
      keys.eebSteward,
    );
    expect(corrected.errors).toBeUndefined();
    expect(corrected.data!.decideResolutionCase).toMatchObject({
      status: 'DECIDED',
      subject: { status: 'MERGED', mergedInto: { id: star.id } },
      history: [{ decision: 'CORRECT_USCC', correctedUscc: STAR, candidateKey: `USCC:${STAR}`, candidate: null, decidedBy: 'steward@EEB' }],
    });

    // rebuilt from the source records: ent-2 is read with the corrected USCC and joins STAR, no case
    await PartyModel.deleteMany({});
    await ResolutionCaseModel.deleteMany({});
    await partiesChangedElsewhere();
    await resolveParty(starRegistry);
    const rebuilt = await resolveParty(otherRegistry);
    expect(rebuilt.cases).toEqual([]);
    const party = await PartyModel.findById(rebuilt.partyId).lean().exec();
    expect(party).toMatchObject({ uscc: STAR });
    expect(party!.aliases.find((a) => a.sourceKey === 'ent-2')).toMatchObject({ usccRaw: OTHER });
    expect(await PartyModel.countDocuments({ uscc: OTHER })).toBe(0);
  });

  it('refuses a USCC correction on a party other sources also name, and takes a name decision instead', async () => {
    await resolveParty(taxMention);
    const conflict = await caseOf('USCC_NAME_CONFLICT');
    const before = await stored();
    const refused = await api.request(DecideResolutionCaseDocument, { id: conflict.id, input: { decision: 'CORRECT_USCC', correctedUscc: makeUscc(5), reason: 'r' } }, keys.admin);
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(await stored()).toEqual(before);
    const accepted = await api.request(
      DecideResolutionCaseDocument,
      { id: conflict.id, input: { decision: 'SAME_ORGANISATION', candidate: conflict.candidates[0]!.id, reason: '税务登记的曾用名' } },
      keys.admin,
    );
    expect(accepted.data!.decideResolutionCase).toMatchObject({ status: 'DECIDED', history: [{ decision: 'SAME_ORGANISATION', decidedBy: 'admin@TASKFORCE' }] });
  });
});
