/**
 * Role × agency × operation over every query and mutation of the schema (issue 16): one table says who
 * may do what to records of the industrial stream, and the test sends each operation as each caller.
 * A root field without a row fails the test, so a new operation is not served until its scope is written down.
 *
 * Outcomes: `ok` — answered without FORBIDDEN (NOT_FOUND, CONFLICT or BAD_USER_INPUT are fine: the
 * caller was let in); `FORBIDDEN`; `hidden` — answered, but the industrial record is not in the answer
 * (lists narrowed to the caller's streams).
 */
import type { GraphQLFormattedError } from 'graphql';
import { Types } from 'mongoose';
import { JobRunModel } from '../../../jobs/jobRun';
import type { Role } from '../../../src/auth/roles';
import { buildSchema } from '../../../src/graphql/schema';
import { closeRedis } from '../../../src/infra/redis';
import { MovementModel } from '../../../src/model/movement';
import { SyncRunModel } from '../../../src/model/syncRun';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { WebhookDeliveryModel, WebhookSubscriptionModel } from '../../../src/webhooks/models';
import { upsertFlags } from '../../../src/reconcile/flags';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { hwQtyFlag } from '../reconcile/raisedFlags';
import { end, movementDoc, quantity, storeRecords } from './modelFixtures';

useTestDatabase(__filename);

type Outcome = 'ok' | 'FORBIDDEN' | 'hidden';

interface CallerSpec {
  role: Role;
  agency: string;
}

const CALLERS: CallerSpec[] = [
  { role: 'ADMIN', agency: 'TASKFORCE' },
  { role: 'STEWARD', agency: 'TASKFORCE' },
  { role: 'STEWARD', agency: 'EEB' }, // industrial, medical, taxstat
  { role: 'STEWARD', agency: 'UMC' }, // household, construction
  { role: 'ANALYST', agency: 'TASKFORCE' },
  { role: 'ANALYST', agency: 'HHC' }, // medical
  { role: 'PARTNER', agency: 'EEB' },
  { role: 'PARTNER', agency: 'TAX' }, // taxstat
];

const readsIndustrial = (c: CallerSpec) => c.role === 'ADMIN' || c.agency === 'EEB' || c.agency === 'TASKFORCE';
const writesIndustrial = (c: CallerSpec) => c.role === 'ADMIN' || (c.role === 'STEWARD' && (c.agency === 'EEB' || c.agency === 'TASKFORCE'));
const operator = (c: CallerSpec) => c.role !== 'PARTNER';
const onlyAdmin = (c: CallerSpec): Outcome => (c.role === 'ADMIN' ? 'ok' : 'FORBIDDEN');
const everyone = (): Outcome => 'ok';
const industrialRead = (c: CallerSpec): Outcome => (readsIndustrial(c) ? 'ok' : 'FORBIDDEN');
const industrialWrite = (c: CallerSpec): Outcome => (writesIndustrial(c) ? 'ok' : 'FORBIDDEN');
const industrialList = (c: CallerSpec): Outcome => (readsIndustrial(c) ? 'ok' : 'hidden');
const operatorList = (c: CallerSpec): Outcome => (!operator(c) ? 'FORBIDDEN' : readsIndustrial(c) ? 'ok' : 'hidden');

interface Fixtures {
  flagId: string;
  movementId: string;
  jobId: string;
  /** a webhook subscription and delivery of another key: only ADMIN sees or acts on them */
  subscriptionId: string;
  deliveryId: string;
}

interface Case {
  /** the root field: every Query and Mutation field must have a case */
  field: string;
  query: string;
  variables?: (f: Fixtures) => Record<string, unknown>;
  expect: (caller: CallerSpec) => Outcome;
  /** for `hidden`: true when the answer leaves the industrial record out */
  hides?: (data: Record<string, unknown>) => boolean;
}

const count = (field: string) => (data: Record<string, unknown>) => (data[field] as { totalCount: number }).totalCount === 0;
const flagMutation = (field: string, args: string, selection = 'id'): Case => ({
  field,
  query: `mutation ($id: ID!) { ${field}(id: $id${args}) { ${selection} } }`,
  variables: (f) => ({ id: f.flagId }),
  expect: industrialWrite,
});
const bulkFlagMutation = (field: string, args: string): Case => ({
  field,
  query: `mutation ($id: ID!) { ${field}(ids: [$id]${args}) { id error { code message } } }`,
  variables: (f) => ({ id: f.flagId }),
  expect: industrialWrite,
});

const CASES: Case[] = [
  { field: 'health', query: '{ health { version } }', expect: everyone },
  { field: 'health', query: '{ health { embedded { name } } }', expect: onlyAdmin },
  { field: 'me', query: '{ me { keyId } }', expect: everyone },
  { field: 'agencies', query: '{ agencies { code } }', expect: everyone },
  { field: 'apiKeys', query: '{ apiKeys { keyId } }', expect: onlyAdmin },
  { field: 'flags', query: '{ flags { totalCount } }', expect: industrialList, hides: count('flags') },
  { field: 'flag', query: 'query ($id: ID!) { flag(id: $id) { id } }', variables: (f) => ({ id: f.flagId }), expect: industrialRead },
  { field: 'indicatorDefinitions', query: '{ indicatorDefinitions { code } }', expect: everyone },
  { field: 'indicator', query: '{ indicator(code: "ZW09") { code } }', expect: everyone },
  { field: 'indicators', query: '{ indicators(period: "2026-01") { code } }', expect: everyone },
  { field: 'dashboard', query: '{ dashboard(year: "2026") { year } }', expect: everyone },
  { field: 'flows', query: '{ flows(period: "2026-01", stream: "industrial-hw") { period } }', expect: everyone },
  {
    field: 'topParties',
    query: '{ topParties(stream: "industrial", measure: "HW_GENERATED", period: "2026-01") { grams } }',
    expect: (c) => (operator(c) && readsIndustrial(c) ? 'ok' : 'FORBIDDEN'),
  },
  { field: 'periods', query: '{ periods { period } }', expect: everyone },
  { field: 'dashboardMonths', query: '{ dashboardMonths { defaultMonth months { period valued } } }', expect: everyone },
  { field: 'jobs', query: '{ jobs { totalCount } }', expect: operatorList, hides: count('jobs') },
  {
    field: 'job',
    query: 'query ($id: ID!) { job(jobId: $id) { jobId } }',
    variables: (f) => ({ id: f.jobId }),
    expect: operatorList,
    hides: (data) => data.job === null,
  },
  { field: 'movement', query: 'query ($id: ID!) { movement(id: $id) { id } }', variables: (f) => ({ id: f.movementId }), expect: industrialRead },
  { field: 'movements', query: '{ movements { totalCount } }', expect: industrialList, hides: count('movements') },
  { field: 'facility', query: `{ facility(id: "${new Types.ObjectId().toHexString()}") { id } }`, expect: everyone },
  { field: 'project', query: `{ project(id: "${new Types.ObjectId().toHexString()}") { id } }`, expect: everyone },
  { field: 'vehicle', query: '{ vehicle(plate: "京A12345") { id } }', expect: everyone },
  { field: 'party', query: `{ party(id: "${new Types.ObjectId().toHexString()}") { id } }`, expect: everyone },
  { field: 'parties', query: '{ parties { totalCount } }', expect: everyone },
  { field: 'reconcileRuns', query: '{ reconcileRuns { totalCount } }', expect: (c) => (operator(c) ? 'ok' : 'FORBIDDEN') },
  { field: 'wasteCategories', query: '{ wasteCategories(stream: "medical") { code } }', expect: everyone },
  { field: 'streets', query: '{ streets { code } }', expect: everyone },
  { field: 'communities', query: '{ communities { id } }', expect: everyone },
  { field: 'sources', query: '{ sources { id } }', expect: everyone },
  { field: 'syncRuns', query: '{ syncRuns { totalCount } }', expect: operatorList, hides: count('syncRuns') },
  { field: 'syncRuns', query: '{ syncRuns(source: "industrial") { totalCount } }', expect: operatorList, hides: count('syncRuns') },
  { field: 'quarantine', query: '{ quarantine { totalCount } }', expect: everyone },

  { field: 'createApiKey', query: 'mutation { createApiKey(input: { role: PARTNER, agency: "TAX" }) { apiKey { keyId } } }', expect: onlyAdmin },
  { field: 'issueToken', query: 'mutation { issueToken(ttlSeconds: 60) { expiresAt } }', expect: everyone },
  { field: 'trustedOperations', query: '{ trustedOperations { hash } }', expect: onlyAdmin },
  { field: 'registerTrustedOperation', query: 'mutation { registerTrustedOperation(document: "{ me { keyId } }") { hash } }', expect: onlyAdmin },
  { field: 'revokeApiKey', query: 'mutation { revokeApiKey(keyId: "nosuchkey000") { keyId } }', expect: onlyAdmin },
  flagMutation('acknowledgeFlag', ', note: "seen"'),
  flagMutation('assignFlag', ', assignee: null'),
  flagMutation('commentOnFlag', ', text: "a comment"'),
  flagMutation('resolveFlag', ', input: { kind: ACCEPT_SIDE, side: 0, reason: "the receiver weighed it" }'),
  flagMutation('dismissFlag', ', reason: "not a problem"'),
  flagMutation('reopenFlag', ', reason: "look again"'),
  bulkFlagMutation('acknowledgeFlags', ', note: "seen"'),
  bulkFlagMutation('assignFlags', ', assignee: null'),
  bulkFlagMutation('commentOnFlags', ', text: "a comment"'),
  bulkFlagMutation('resolveFlags', ', input: { kind: ACCEPT_SIDE, side: 0, reason: "the receiver weighed it" }'),
  bulkFlagMutation('dismissFlags', ', reason: "not a problem"'),
  bulkFlagMutation('reopenFlags', ', reason: "look again"'),
  { field: 'computeIndicators', query: 'mutation { computeIndicators(period: "2026-01") { jobId } }', expect: onlyAdmin },
  { field: 'closePeriod', query: 'mutation { closePeriod(period: "2026-01") { jobId } }', expect: onlyAdmin },
  {
    field: 'setIndicatorInput',
    // ZW02 (实施清洁生产工业企业占比) is an industrial indicator
    query: 'mutation { setIndicatorInput(code: "ZW02", period: "2026", value: "30", reason: "audit list") { code } }',
    expect: industrialWrite,
  },
  {
    field: 'setIndicatorInput',
    // ZW22 (地方性法规) is programme-wide: the task force's stewards and ADMIN only
    query: 'mutation { setIndicatorInput(code: "ZW22", period: "2026", value: "完成制定", reason: "issued") { code } }',
    expect: (c) => (c.role === 'ADMIN' || (c.role === 'STEWARD' && c.agency === 'TASKFORCE') ? 'ok' : 'FORBIDDEN'),
  },
  { field: 'runJob', query: 'mutation { runJob(kind: sync, source: "industrial") { jobId } }', expect: onlyAdmin },
  {
    field: 'runReconciliation',
    query: 'mutation { runReconciliation(period: "2026-01") }',
    // every steward runs the rules of its own streams
    expect: (c) => (c.role === 'ADMIN' || c.role === 'STEWARD' ? 'ok' : 'FORBIDDEN'),
  },
  { field: 'triggerSync', query: 'mutation { triggerSync(source: "industrial") }', expect: onlyAdmin },
  // stewardship (issue 15): resolution cases are read by operators within their agency's sources, decided by stewards
  { field: 'resolutionCases', query: '{ resolutionCases { totalCount } }', expect: (c) => (operator(c) ? 'ok' : 'FORBIDDEN') },
  { field: 'resolutionCase', query: `{ resolutionCase(id: "${new Types.ObjectId().toHexString()}") { id } }`, expect: (c) => (operator(c) ? 'ok' : 'FORBIDDEN') },
  {
    field: 'decideResolutionCase',
    query: `mutation { decideResolutionCase(id: "${new Types.ObjectId().toHexString()}", input: { decision: DIFFERENT_ORGANISATIONS, reason: "two companies" }) { id } }`,
    expect: (c) => (c.role === 'ADMIN' || c.role === 'STEWARD' ? 'ok' : 'FORBIDDEN'),
  },
  // the calendar lists only reporters of the caller's streams; partners read no filings
  { field: 'completeness', query: '{ completeness(period: "2026-01") { totalCount } }', expect: (c) => (operator(c) ? 'ok' : 'FORBIDDEN') },
  { field: 'retryQuarantine', query: 'mutation { retryQuarantine(source: "industrial") { source } }', expect: onlyAdmin },
  { field: 'ruleSetVersions', query: '{ ruleSetVersions { version } }', expect: onlyAdmin },
  { field: 'ruleSetInForce', query: '{ ruleSetInForce(period: "2026-01") { version } }', expect: onlyAdmin },
  {
    field: 'changeRuleSettings',
    query: 'mutation { changeRuleSettings(input: { effectiveFrom: "2026-01-01", changes: [{ rule: "HW-QTY", tolerance: 5 }], reason: "same as before" }) { version } }',
    expect: onlyAdmin,
  },
  // webhooks: every key subscribes and reads its own log; another key's subscription and deliveries are ADMIN's only
  {
    field: 'webhookSubscriptions',
    query: '{ webhookSubscriptions { id } }',
    expect: (c) => (c.role === 'ADMIN' ? 'ok' : 'hidden'),
    hides: (data) => (data.webhookSubscriptions as { id: string }[]).every((s) => s.id !== fixtures.subscriptionId),
  },
  { field: 'webhookDeliveries', query: '{ webhookDeliveries { totalCount } }', expect: (c) => (c.role === 'ADMIN' ? 'ok' : 'hidden'), hides: count('webhookDeliveries') },
  {
    field: 'createWebhookSubscription',
    query: 'mutation { createWebhookSubscription(input: { url: "https://partner.example/hook", events: [FLAG_RAISED] }) { secret } }',
    expect: everyone,
  },
  { field: 'redeliverWebhook', query: 'mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }', variables: (f) => ({ id: f.deliveryId }), expect: onlyAdmin },
  { field: 'deleteWebhookSubscription', query: 'mutation ($id: ID!) { deleteWebhookSubscription(id: $id) { id } }', variables: (f) => ({ id: f.subscriptionId }), expect: onlyAdmin },
  // last: escalating to 税务局 (only partner keys here, which never read escalated flags) changes no later outcome
  flagMutation('escalateFlag', ', agency: "TAX", reason: "请税务局核实申报"'),
];

interface Answer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

let api: TestApi;
let fixtures: Fixtures;
const keys = new Map<CallerSpec, string>();

async function send(query: string, variables: Record<string, unknown>, key: string): Promise<Answer> {
  const res = await fetch(`${api.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<Answer, 'status'>) };
}

/** FORBIDDEN anywhere in the answer: a top-level error, or a bulk result's error. */
function forbiddenIn(answer: Answer): boolean {
  if ((answer.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN')) return true;
  return Object.values(answer.data ?? {}).some((value) => Array.isArray(value) && value.some((r: { error?: { code?: string } | null }) => r?.error?.code === 'FORBIDDEN'));
}

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000', API_COST_BUDGET_PER_MINUTE: '10000000' });
  for (const caller of CALLERS) keys.set(caller, await api.keyFor(caller.role, caller.agency));
  await upsertFlags({ runId: 'seed' }, [hwQtyFlag('HW-SCOPE-1', 10_000_000, 9_000_000)]);
  const flag = (await FlagModel.findOne({}).lean())!;
  const records = await storeRecords('industrial', 'hw-manifests', { 'M-1': { lian_dan_hao: 'HW-SCOPE-1' } });
  const [movement] = await MovementModel.insertMany([
    movementDoc({ stream: 'industrial', kind: 'HW_MANIFEST', sourceKey: 'HW-SCOPE-1', period: '2026-01', status: 'RECEIVED', from: end(), to: end(), quantities: [quantity('DECLARED', '10', 't', records.get('M-1')!)] }),
  ]);
  await SyncRunModel.create({ connector: 'industrial', stream: 'hw-manifests', status: 'SUCCEEDED', startedAt: new Date(), finishedAt: new Date() });
  await JobRunModel.create({ jobId: 'sync-industrial-slot-1', kind: 'sync', queue: 'sync-industrial', origin: 'sync-industrial', input: { source: 'industrial' }, status: 'COMPLETED', queuedAt: new Date(), requestedBy: null });
  const at = new Date();
  const subscription = await WebhookSubscriptionModel.create({ keyId: 'otherkey0000', url: 'https://partner.example/hook', events: ['FLAG_RAISED'], secret: 'whsec_test', createdAt: at, createdBy: 'test' });
  const delivery = await WebhookDeliveryModel.create({ subscriptionId: subscription._id, keyId: 'otherkey0000', eventId: 'flag:x:0', eventType: 'FLAG_RAISED', status: 'DEAD', createdAt: at });
  fixtures = {
    flagId: flag._id.toHexString(),
    movementId: movement!._id.toHexString(),
    jobId: 'sync-industrial-slot-1',
    subscriptionId: subscription._id.toHexString(),
    deliveryId: delivery._id.toHexString(),
  };
});

afterAll(async () => {
  await api.close();
  await closeRedis();
});

describe('scope matrix', () => {
  it('has a case for every query and mutation in schema/', () => {
    const schema = buildSchema();
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
    const covered = new Set(CASES.map((c) => c.field));
    expect(fields.filter((f) => !covered.has(f))).toEqual([]);
  });

  it('answers each operation as the table says for each role and agency', async () => {
    const mismatches: string[] = [];
    for (const c of CASES) {
      for (const caller of CALLERS) {
        const expected = c.expect(caller);
        const answer = await send(c.query, c.variables?.(fixtures) ?? {}, keys.get(caller)!);
        const forbidden = forbiddenIn(answer);
        const unauthenticated = (answer.errors ?? []).some((e) => e.extensions?.code === 'UNAUTHENTICATED');
        let actual: Outcome | string;
        if (unauthenticated || answer.status === 429) actual = `HTTP ${answer.status} ${JSON.stringify(answer.errors)}`;
        else if (forbidden) actual = 'FORBIDDEN';
        else if (c.hides && answer.data && c.hides(answer.data)) actual = 'hidden';
        else actual = 'ok';
        if (actual !== expected) mismatches.push(`${caller.role}@${caller.agency} ${c.query.slice(0, 90)} → ${actual}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("enqueues a steward's reconciliation with its own streams' rules only", async () => {
    const umc = keys.get(CALLERS.find((c) => c.role === 'STEWARD' && c.agency === 'UMC')!)!;
    const answer = await send('mutation { runReconciliation(period: "2026-02") }', {}, umc);
    const jobId = answer.data!.runReconciliation as string;
    const job = await JobRunModel.findOne({ jobId }).lean();
    const rules = (job!.input as { rules: string[] }).rules;
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => r.startsWith('CDW-') || r.startsWith('HH-'))).toBe(true);
  });
});
