/**
 * The stewards' workflow through the real API, per role: who may read and act on which flags, every
 * mutation's audit trail, bulk forms, filters, facets and pagination.
 */
import { verifyApiKey } from '../../../src/auth/keys';
import { readableStreams } from '../../../src/graphql/streamScope';
import { closeRedis } from '../../../src/infra/redis';
import { checkFlagCounts, tallyFlags } from '../../../src/reconcile/flagCounts';
import { countFlags, flagFacets, flagQuery, type FlagFilter } from '../../../src/reconcile/flagQuery';
import { escalationReader, upsertFlags, type RaisedFlag } from '../../../src/reconcile/flags';
import {
  AcknowledgeFlagDocument,
  AcknowledgeFlagsDocument,
  AssignFlagDocument,
  AssignFlagsDocument,
  CommentOnFlagDocument,
  CommentOnFlagsDocument,
  DismissFlagDocument,
  DismissFlagsDocument,
  FlagDocument,
  FlagKeysDocument,
  FlagPayloadRefsDocument,
  FlagsDocument,
  ReopenFlagDocument,
  ReopenFlagsDocument,
  ResolveFlagDocument,
  ResolveFlagsDocument,
  type FlagsQuery,
} from '../../graphql/generated';
import { errorCodes, startTestApi, type GraphQLResponse, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { cdwWeightFlag, hwQtyFlag, USCC } from '../reconcile/raisedFlags';

useTestDatabase(__filename);

let api: TestApi;
const keys = { admin: '', eeb: '', umc: '', analyst: '', partner: '' };
const keyIdOf = (key: string) => key.split('_')[1]!;

function medicalFlag(manifestNo: string): RaisedFlag {
  const flag = hwQtyFlag(manifestNo, 800_000, 600_000);
  return {
    ...flag,
    rule: 'MED-QTY',
    stream: 'medical',
    severity: 'CRITICAL',
    subject: { kind: 'INSTITUTION', key: manifestNo, label: '区医院', partyUscc: '12110107400000000A', street: '古城街道' },
    evidence: { ...flag.evidence, sides: flag.evidence.sides.map((s) => ({ ...s, source: 'medical', stream: 'medical' as const })) },
  };
}

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.eeb = await api.keyFor('STEWARD', 'EEB'); // industrial, medical, taxstat
  keys.umc = await api.keyFor('STEWARD', 'UMC'); // HOUSEHOLD, CONSTRUCTION
  keys.analyst = await api.keyFor('ANALYST', 'TASKFORCE');
  keys.partner = await api.keyFor('PARTNER', 'HHC'); // medical
  await upsertFlags({ runId: 'seed' }, [
    hwQtyFlag('HW001', 10_000_000, 9_000_000),
    hwQtyFlag('HW002', 10_000_000, 9_100_000),
    hwQtyFlag('HW003', 10_000_000, 9_200_000),
    hwQtyFlag('HW004', 10_000_000, 9_300_000),
    cdwWeightFlag('CDW001'),
    medicalFlag('MED001'),
  ]);
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

describe('flag workflow through the API', () => {
  it('lets a steward of the stream acknowledge, assign, comment and resolve, with a golden value and the full audit trail', async () => {
    const id = 'HW-QTY|HW001|2026-03';
    const ack = await api.request(AcknowledgeFlagDocument, { id, note: 'checking with the receiver' }, keys.eeb);
    expect(ack.errors).toBeUndefined();
    expect(ack.data?.acknowledgeFlag.status).toBe('ACKNOWLEDGED');

    const assigned = await api.request(AssignFlagDocument, { id, assignee: keyIdOf(keys.eeb) }, keys.eeb);
    expect(assigned.data?.assignFlag.assignee).toEqual({ id: keyIdOf(keys.eeb), label: 'steward@EEB' });

    const commented = await api.request(CommentOnFlagDocument, { id, text: '接收单位称过磅单有误' }, keys.eeb);
    expect(commented.data?.commentOnFlag.comments).toEqual([{ text: '接收单位称过磅单有误', author: { id: keyIdOf(keys.eeb) } }]);

    const resolved = await api.request(ResolveFlagDocument, { id, input: { kind: 'ACCEPT_SIDE', side: 1, reason: 'weighbridge ticket 0412 confirms 9.0 t' } }, keys.eeb);
    expect(resolved.errors).toBeUndefined();
    expect(resolved.data?.resolveFlag).toMatchObject({
      status: 'RESOLVED',
      resolution: { kind: 'ACCEPT_SIDE', side: 1, reason: 'weighbridge ticket 0412 confirms 9.0 t', by: { id: keyIdOf(keys.eeb), label: 'steward@EEB' } },
      goldenValue: { grams: '9000000', value: '9.0000', unit: 't', basis: 'ACCEPT_SIDE', source: 'industrial' },
    });

    const read = await api.request(FlagDocument, { id: resolved.data!.resolveFlag.id }, keys.analyst);
    expect(read.errors).toBeUndefined();
    const flag = read.data!.flag;
    expect(flag.key).toBe(id);
    expect(flag.evidence).toMatchObject({ differenceGrams: '-1000000', tolerance: '5 %', sides: [{ grams: '10000000', unit: 't' }, { grams: '9000000' }] });
    expect(flag.history.map((h) => [h.action, h.actor.id, h.from, h.to])).toEqual([
      ['RAISED', 'engine', null, 'OPEN'],
      ['ACKNOWLEDGED', keyIdOf(keys.eeb), 'OPEN', 'ACKNOWLEDGED'],
      ['ASSIGNED', keyIdOf(keys.eeb), null, null],
      ['COMMENTED', keyIdOf(keys.eeb), null, null],
      ['RESOLVED', keyIdOf(keys.eeb), 'ACKNOWLEDGED', 'RESOLVED'],
    ]);
    expect(flag.history[0]!.actor.label).toBe('reconciliation run seed');
    expect(flag.history[1]!.note).toBe('checking with the receiver');
    expect(flag.history[2]!.changes).toEqual({ assignee: { from: null, to: { id: keyIdOf(keys.eeb), label: 'steward@EEB' } } });
    expect(flag.history[3]!.note).toBe('接收单位称过磅单有误');
    const times = flag.history.map((h) => Date.parse(h.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // A resolved flag takes comments, but no other decision until it is reopened.
    expect(errorCodes(await api.request(DismissFlagDocument, { id, reason: 'x' }, keys.eeb))).toEqual(['CONFLICT']);
    const reopened = await api.request(ReopenFlagDocument, { id, reason: 'receiver sent a corrected ticket' }, keys.admin);
    expect(reopened.data?.reopenFlag).toMatchObject({ status: 'OPEN', resolution: null, goldenValue: null });
    const corrected = await api.request(ResolveFlagDocument, { id, input: { kind: 'CORRECTED_VALUE', correctedGrams: '9650000', reason: 'corrected ticket' } }, keys.admin);
    expect(corrected.data?.resolveFlag.goldenValue).toEqual({ grams: '9650000', value: '9650000', unit: 'g', basis: 'CORRECTED_VALUE', source: null });

    // The engine sees changed data and re-opens the flag itself.
    await upsertFlags({ runId: 'nightly-2' }, [hwQtyFlag('HW001', 10_000_000, 9_650_000)]);
    const after = (await api.request(FlagDocument, { id }, keys.admin)).data!.flag;
    expect(after.status).toBe('OPEN');
    expect(after.history.slice(-3).map((h) => [h.action, h.actor.id, h.actor.label])).toEqual([
      ['REOPENED', keyIdOf(keys.admin), 'admin@TASKFORCE'],
      ['RESOLVED', keyIdOf(keys.admin), 'admin@TASKFORCE'],
      ['REOPENED_DATA_CHANGED', 'engine', 'reconciliation run nightly-2'],
    ]);
  });

  it('refuses a steward outside the flag stream, analysts and partners with FORBIDDEN', async () => {
    const id = 'HW-QTY|HW002|2026-03';
    expect(errorCodes(await api.request(AcknowledgeFlagDocument, { id }, keys.umc))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(DismissFlagDocument, { id, reason: 'not mine' }, keys.umc))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await api.request(FlagDocument, { id }, keys.umc))).toEqual(['FORBIDDEN']);
    for (const key of [keys.analyst, keys.partner]) {
      expect(errorCodes(await api.request(AcknowledgeFlagDocument, { id }, key))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await api.request(CommentOnFlagDocument, { id, text: 'hello' }, key))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await api.request(ResolveFlagsDocument, { ids: [id], input: { kind: 'ACCEPT_SIDE', side: 0, reason: 'r' } }, key))).toEqual(['FORBIDDEN']);
    }
    expect(errorCodes(await api.request(FlagsDocument, {}))).toEqual(['UNAUTHENTICATED']);
    // Nothing was written by the refused calls.
    const flag = (await api.request(FlagDocument, { id }, keys.admin)).data!.flag;
    expect(flag.status).toBe('OPEN');
    expect(flag.history.map((h) => h.action)).toEqual(['RAISED']);

    // The UMC steward acts on construction flags.
    const cdw = await api.request(AcknowledgeFlagDocument, { id: 'CDW-WEIGHT|CDW001|2026-03' }, keys.umc);
    expect(cdw.data?.acknowledgeFlag.status).toBe('ACKNOWLEDGED');
  });

  it('shows each role the flags of its streams; partners see no payload references', async () => {
    const list = async (key: string) => (await api.request(FlagKeysDocument, { first: 100 }, key)).data!.flags.edges.map((e) => e.node.key);
    expect(await list(keys.umc)).toEqual(['CDW-WEIGHT|CDW001|2026-03']);
    expect(await list(keys.partner)).toEqual(['MED-QTY|MED001|2026-03']);
    expect((await list(keys.analyst)).length).toBeGreaterThanOrEqual(6);

    const partnerRead = await api.request(FlagPayloadRefsDocument, { id: 'MED-QTY|MED001|2026-03' }, keys.partner);
    expect(errorCodes(partnerRead)).toContain('FORBIDDEN');
    expect(partnerRead.data?.flag.evidence.sides[0]).toEqual({ source: 'medical', sourceRecordIds: null, payloadRef: null });

    const analystRead = await api.request(FlagPayloadRefsDocument, { id: 'MED-QTY|MED001|2026-03' }, keys.analyst);
    expect(analystRead.errors).toBeUndefined();
    expect(analystRead.data?.flag.evidence.sides[0]).toEqual({ source: 'medical', sourceRecordIds: ['65f000000000000000000001'], payloadRef: 'sourceRecords/65f000000000000000000001' });
  });

  it('answers bad arguments with BAD_USER_INPUT and unknown flags with NOT_FOUND', async () => {
    const id = 'HW-QTY|HW003|2026-03';
    const bad = [
      await api.request(ResolveFlagDocument, { id, input: { kind: 'ACCEPT_SIDE', reason: 'no side' } }, keys.eeb),
      await api.request(ResolveFlagDocument, { id, input: { kind: 'ACCEPT_SIDE', side: 5, reason: 'no such side' } }, keys.eeb),
      await api.request(ResolveFlagDocument, { id, input: { kind: 'CORRECTED_VALUE', reason: 'no value' } }, keys.eeb),
      await api.request(ResolveFlagDocument, { id, input: { kind: 'CORRECTED_VALUE', correctedGrams: '1.5', reason: 'fraction' } }, keys.eeb),
      await api.request(DismissFlagDocument, { id, reason: '   ' }, keys.eeb),
      await api.request(CommentOnFlagDocument, { id, text: '' }, keys.eeb),
      await api.request(AssignFlagDocument, { id, assignee: keyIdOf(keys.partner) }, keys.eeb),
      await api.request(AssignFlagDocument, { id, assignee: keyIdOf(keys.umc) }, keys.eeb),
      await api.request(AssignFlagDocument, { id, assignee: 'nosuchkey000' }, keys.eeb),
      await api.request(FlagsDocument, { first: 201 }, keys.eeb),
      await api.request(FlagsDocument, { first: -1 }, keys.eeb),
      await api.request(FlagsDocument, { after: 'bm90IGEgY3Vyc29y' }, keys.eeb),
      await api.request(FlagsDocument, { filter: { period: 'March' } }, keys.eeb),
      await api.request(FlagsDocument, { filter: { stream: ['SPACE'] } }, keys.eeb),
      await api.request(AcknowledgeFlagsDocument, { ids: [] }, keys.eeb),
    ];
    for (const response of bad) expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);

    expect(errorCodes(await api.request(AcknowledgeFlagDocument, { id: 'HW-QTY|NOPE|2026-03' }, keys.admin))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await api.request(AcknowledgeFlagDocument, { id: '0123456789abcdef01234567' }, keys.admin))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await api.request(FlagDocument, { id: 'whatever' }, keys.admin))).toEqual(['NOT_FOUND']);
    expect((await api.request(FlagDocument, { id }, keys.admin)).data!.flag.history).toHaveLength(1);
  });

  it('applies bulk actions flag by flag, with a result or an error for each id, in order', async () => {
    const ids = ['HW-QTY|HW003|2026-03', 'HW-QTY|HW004|2026-03', 'MED-QTY|MED001|2026-03', 'CDW-WEIGHT|CDW001|2026-03', 'HW-QTY|NOPE|2026-03'];
    const acked = (await api.request(AcknowledgeFlagsDocument, { ids, note: 'batch triage' }, keys.eeb)).data!.acknowledgeFlags;
    expect(acked.map((r) => [r.id, r.flag?.status ?? null, r.error?.code ?? null])).toEqual([
      [ids[0], 'ACKNOWLEDGED', null],
      [ids[1], 'ACKNOWLEDGED', null],
      [ids[2], 'ACKNOWLEDGED', null],
      [ids[3], null, 'FORBIDDEN'],
      [ids[4], null, 'NOT_FOUND'],
    ]);
    const again = (await api.request(AcknowledgeFlagsDocument, { ids: ids.slice(0, 1) }, keys.eeb)).data!.acknowledgeFlags;
    expect(again[0]!.error?.code).toBe('CONFLICT');

    const hw = ids.slice(0, 2);
    const assigned = (await api.request(AssignFlagsDocument, { ids: hw, assignee: keyIdOf(keys.eeb) }, keys.admin)).data!.assignFlags;
    expect(assigned.map((r) => r.flag?.assignee?.id)).toEqual([keyIdOf(keys.eeb), keyIdOf(keys.eeb)]);
    expect((await api.request(CommentOnFlagsDocument, { ids: hw, text: 'same receiver, same scale' }, keys.eeb)).data!.commentOnFlags.every((r) => !r.error)).toBe(true);
    const resolved = (await api.request(ResolveFlagsDocument, { ids: [...hw, ids[2]!], input: { kind: 'ACCEPT_SIDE', side: 0, reason: 'shipper scale certified' } }, keys.eeb)).data!.resolveFlags;
    expect(resolved.map((r) => r.flag?.status)).toEqual(['RESOLVED', 'RESOLVED', 'RESOLVED']);
    const reopened = (await api.request(ReopenFlagsDocument, { ids: [ids[2]!, ids[3]!], reason: 'audit sample' }, keys.admin)).data!.reopenFlags;
    expect(reopened.map((r) => [r.flag?.status ?? null, r.error?.code ?? null])).toEqual([
      ['OPEN', null],
      [null, 'CONFLICT'],
    ]);
    const dismissed = (await api.request(DismissFlagsDocument, { ids: [ids[2]!], reason: 'sampling error' }, keys.eeb)).data!.dismissFlags;
    expect(dismissed[0]!.flag?.status).toBe('DISMISSED');

    const history = (await api.request(FlagDocument, { id: ids[2]! }, keys.admin)).data!.flag.history;
    expect(history.map((h) => [h.action, h.actor.id])).toEqual([
      ['RAISED', 'engine'],
      ['ACKNOWLEDGED', keyIdOf(keys.eeb)],
      ['RESOLVED', keyIdOf(keys.eeb)],
      ['REOPENED', keyIdOf(keys.admin)],
      ['DISMISSED', keyIdOf(keys.eeb)],
    ]);
  });
});

describe('flag queries through the API', () => {
  const period = '2025-12';
  beforeAll(async () => {
    const inPeriod = (f: RaisedFlag): RaisedFlag => ({ ...f, period });
    await upsertFlags({ runId: 'queries' }, [
      ...Array.from({ length: 7 }, (_, i) => inPeriod(hwQtyFlag(`Q-HW${i}`, 10_000_000, 9_000_000 + i * 10_000))),
      inPeriod({ ...hwQtyFlag('Q-HW-LOW', 10_000_000, 9_400_000), severity: 'LOW' }),
      ...Array.from({ length: 3 }, (_, i) => inPeriod(cdwWeightFlag(`Q-CDW${i}`, 'CRITICAL'))),
      inPeriod({ ...cdwWeightFlag('Q-CDW-WEIRD(1.5)'), subject: { kind: 'MOVEMENT', key: 'Q-CDW-WEIRD(1.5)', label: 'regex [chars]', street: '老山街道' } }),
    ]);
    await api.request(AcknowledgeFlagsDocument, { ids: ['HW-QTY|Q-HW0|2025-12', 'HW-QTY|Q-HW1|2025-12'] }, keys.admin);
    await api.request(AssignFlagDocument, { id: 'HW-QTY|Q-HW2|2025-12', assignee: keyIdOf(keys.eeb) }, keys.admin);
  });

  it('counts facets by rule and status, each ignoring its own dimension', async () => {
    const response = await api.request(FlagsDocument, { filter: { period, status: ['OPEN'], rule: ['HW-QTY'] }, first: 100 }, keys.admin);
    expect(response.errors).toBeUndefined();
    const { totalCount, facets, edges } = response.data!.flags;
    expect(totalCount).toBe(6);
    expect(edges).toHaveLength(6);
    expect(facets.byStatus).toEqual([
      { value: 'ACKNOWLEDGED', count: 2 },
      { value: 'OPEN', count: 6 },
    ]);
    expect(facets.byRule).toEqual([
      { value: 'CDW-WEIGHT', count: 4 },
      { value: 'HW-QTY', count: 6 },
    ]);
  });

  it('answers totals and facets from the flag counters as the flags themselves count them, for every role', async () => {
    // the counters agree with the flags after the workflow above (resolve, acknowledge, assign, bulk) and the engine's writes
    expect(await checkFlagCounts()).toEqual([]);
    const filters: FlagFilter[] = [
      {},
      { status: ['OPEN', 'ACKNOWLEDGED'] },
      { period, status: ['OPEN'], rule: ['HW-QTY'] },
      { severity: ['LOW', 'CRITICAL'] },
      { stream: ['construction', 'industrial'] },
      { stream: ['construction'], status: ['OPEN'] },
      { period: '2024-01' },
    ];
    for (const role of ['admin', 'eeb', 'analyst', 'partner'] as const) {
      const caller = await verifyApiKey(keys[role]);
      const streams = readableStreams(caller!);
      for (const filter of filters) {
        const agency = escalationReader(caller!);
        const query = flagQuery(filter, streams, undefined, agency);
        const { byRule, byStatus } = await flagFacets(filter, streams, agency);
        expect([role, filter, await tallyFlags(filter, streams, agency)]).toEqual([role, filter, { totalCount: await countFlags(query), byRule, byStatus }]);
      }
    }
  });

  it('filters by severity, stream, party, street, assignee and literal text', async () => {
    const keysFor = async (filter: Record<string, unknown>) =>
      (await api.request(FlagKeysDocument, { filter: { period, ...filter }, first: 100 }, keys.admin)).data!.flags.edges.map((e) => e.node.key).sort();
    expect(await keysFor({ severity: ['LOW'] })).toEqual(['HW-QTY|Q-HW-LOW|2025-12']);
    expect(await keysFor({ stream: ['construction'] })).toHaveLength(4);
    expect(await keysFor({ party: USCC })).toHaveLength(8);
    expect(await keysFor({ street: '老山街道' })).toEqual(['CDW-WEIGHT|Q-CDW-WEIRD(1.5)|2025-12']);
    expect(await keysFor({ assignee: keyIdOf(keys.eeb) })).toEqual(['HW-QTY|Q-HW2|2025-12']);
    expect(await keysFor({ text: 'weird(1.5' })).toEqual(['CDW-WEIGHT|Q-CDW-WEIRD(1.5)|2025-12']);
    expect(await keysFor({ text: '[chars]' })).toEqual(['CDW-WEIGHT|Q-CDW-WEIRD(1.5)|2025-12']);
    expect(await keysFor({ text: 'Q-HW.' })).toEqual([]);
    expect(await keysFor({ text: 'received 9.0000 t' })).toEqual(['HW-QTY|Q-HW0|2025-12']);
  });

  it('pages with opaque cursors, worst severity first, without gaps or repeats', async () => {
    const all = (await api.request(FlagsDocument, { filter: { period }, first: 100 }, keys.admin)).data!.flags;
    expect(all.totalCount).toBe(12);
    const severities = all.edges.map((e) => e.node.severity);
    expect(severities.slice(0, 3)).toEqual(['CRITICAL', 'CRITICAL', 'CRITICAL']);
    expect(severities.at(-1)).toBe('LOW');

    const seen: string[] = [];
    let after: string | null | undefined = null;
    let pages = 0;
    for (;;) {
      const response: GraphQLResponse<FlagsQuery> = await api.request(FlagsDocument, { filter: { period }, first: 5, after }, keys.admin);
      const page = response.data!.flags;
      expect(page.totalCount).toBe(12);
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...page.edges.map((e) => e.node.key));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(all.edges.map((e) => e.node.key));
  });
});
