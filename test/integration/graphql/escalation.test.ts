/**
 * Escalating a flag to another agency through the real API: the history entry with actor and reason,
 * the target agency's stewards seeing and acting on it, and refusals that change nothing.
 */
import { closeRedis } from '../../../src/infra/redis';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { upsertFlags } from '../../../src/reconcile/flags';
import { CommentOnFlagDocument, EscalateFlagDocument, EscalatedQueueDocument, FlagDocument, ResolveFlagDocument } from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { hwQtyFlag } from '../reconcile/raisedFlags';

useTestDatabase(__filename);

let api: TestApi;
const keys = { admin: '', eeb: '', umc: '', huc: '', eebAnalyst: '' };
const ids = { escalated: '', other: '', closed: '' };
const keyIdOf = (key: string) => key.split('_')[1]!;

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.eeb = await api.keyFor('STEWARD', 'EEB');
  keys.umc = await api.keyFor('STEWARD', 'UMC');
  keys.huc = await api.keyFor('STEWARD', 'HUC');
  keys.eebAnalyst = await api.keyFor('ANALYST', 'EEB');
  await upsertFlags({ runId: 'seed' }, [hwQtyFlag('E1', 1_000_000, 800_000), hwQtyFlag('E2', 1_000_000, 700_000), hwQtyFlag('E3', 1_000_000, 600_000)]);
  const flags = await FlagModel.find().sort({ key: 1 }).lean().exec();
  [ids.escalated, ids.other, ids.closed] = flags.map((f) => f._id.toHexString()) as [string, string, string];
  await api.request(ResolveFlagDocument, { id: ids.closed, input: { kind: 'ACCEPT_SIDE', side: 1, reason: '磅单为准' } }, keys.eeb);
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

const revisions = async () => (await FlagModel.find().sort({ key: 1 }).lean().exec()).map((f) => [f.key, f.revision, f.escalatedTo]);

describe('escalating a flag', () => {
  it("is outside another agency's queue until escalated", async () => {
    const queue = await api.request(EscalatedQueueDocument, {}, keys.umc);
    expect(queue.data!.flags.totalCount).toBe(0);
    expect(errorCodes(await api.request(FlagDocument, { id: ids.escalated }, keys.umc))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(CommentOnFlagDocument, { id: ids.escalated, text: 'x' }, keys.umc))).toEqual(['FORBIDDEN']);
  });

  it('refuses bad input, closed flags, other roles and agencies without the flag, changing nothing', async () => {
    const before = await revisions();
    const attempts: Array<[string, string, { id: string; agency: string; reason: string }, string]> = [
      ['unknown flag', keys.admin, { id: 'HW-QTY|NOPE|2026-03', agency: 'UMC', reason: 'r' }, 'NOT_FOUND'],
      ['unknown agency', keys.eeb, { id: ids.escalated, agency: 'MOON', reason: 'r' }, 'BAD_USER_INPUT'],
      ['empty reason', keys.eeb, { id: ids.escalated, agency: 'UMC', reason: ' ' }, 'BAD_USER_INPUT'],
      ['resolved flag', keys.eeb, { id: ids.closed, agency: 'UMC', reason: 'r' }, 'CONFLICT'],
      ['analyst', keys.eebAnalyst, { id: ids.escalated, agency: 'UMC', reason: 'r' }, 'FORBIDDEN'],
      ['steward without the stream', keys.umc, { id: ids.escalated, agency: 'UMC', reason: 'r' }, 'FORBIDDEN'],
    ];
    for (const [what, key, variables, code] of attempts) {
      expect([what, errorCodes(await api.request(EscalateFlagDocument, variables, key))]).toEqual([what, [code]]);
    }
    expect(await revisions()).toEqual(before);
  });

  it("records who escalated, to whom and why; the target agency's stewards see it and act on it", async () => {
    const escalated = await api.request(EscalateFlagDocument, { id: ids.escalated, agency: 'UMC', reason: '接收单位为环卫处置设施，请住建委核实' }, keys.eeb);
    expect(escalated.errors).toBeUndefined();
    const flag = escalated.data!.escalateFlag;
    expect(flag).toMatchObject({ status: 'OPEN', escalatedTo: [{ code: 'UMC' }] });
    expect(flag.history.at(-1)).toEqual({
      action: 'ESCALATED',
      note: '接收单位为环卫处置设施，请住建委核实',
      actor: { id: keyIdOf(keys.eeb), label: 'steward@EEB' },
      changes: { escalatedTo: { from: [], to: ['UMC'] } },
    });

    const queue = await api.request(EscalatedQueueDocument, {}, keys.umc);
    expect(queue.data!.flags.edges.map((e) => e.node.id)).toEqual([ids.escalated]);
    expect(queue.data!.flags.totalCount).toBe(1);
    expect(queue.data!.flags.facets.byStatus).toEqual([{ value: 'OPEN', count: 1 }]);
    const filtered = await api.request(EscalatedQueueDocument, { filter: { stream: ['industrial'], status: ['OPEN'] } }, keys.umc);
    expect(filtered.data!.flags.totalCount).toBe(1);
    expect((await api.request(FlagDocument, { id: ids.escalated }, keys.umc)).errors).toBeUndefined();
    const resolved = await api.request(ResolveFlagDocument, { id: ids.escalated, input: { kind: 'CORRECTED_VALUE', correctedGrams: '950000', reason: '地磅复核' } }, keys.umc);
    expect(resolved.errors).toBeUndefined();

    // another agency, and a partner key of the target agency, still see nothing; the same escalation twice is a conflict
    expect((await api.request(EscalatedQueueDocument, {}, keys.huc)).data!.flags.totalCount).toBe(0);
    const umcPartner = await api.keyFor('PARTNER', 'UMC');
    expect((await api.request(EscalatedQueueDocument, {}, umcPartner)).data!.flags.totalCount).toBe(0);
    expect(errorCodes(await api.request(FlagDocument, { id: ids.escalated }, umcPartner))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(EscalateFlagDocument, { id: ids.other, agency: 'HUC', reason: 'a' }, keys.eeb))).toEqual([]);
    expect(errorCodes(await api.request(EscalateFlagDocument, { id: ids.other, agency: 'HUC', reason: 'b' }, keys.eeb))).toEqual(['CONFLICT']);
    expect((await api.request(EscalatedQueueDocument, {}, keys.huc)).data!.flags.totalCount).toBe(1);
  });
});
