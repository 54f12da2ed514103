/**
 * Every root query and mutation in schema/ once over HTTP, with a selection of every field the schema
 * lets us select without arguments (three object levels deep), so nested resolvers run too. A field
 * added to the schema without a row here fails the coverage check. Asserts the expected outcome per
 * row, and above all that nothing answers INTERNAL_SERVER_ERROR.
 */
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  parse,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { createApiKey } from '../../../src/auth/keys';
import type { Role } from '../../../src/auth/roles';
import { buildSchema } from '../../../src/graphql/schema';
import { closeRedis } from '../../../src/infra/redis';
import { computeIndicators } from '../../../src/indicators/engine';
import { FacilityModel, MovementModel, PartyModel, ProjectModel, ResolutionCaseModel } from '../../../src/model';
import { resolveParty } from '../../../src/resolve';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { WebhookDeliveryModel, WebhookSubscriptionModel } from '../../../src/webhooks/models';
import { upsertFlags } from '../../../src/reconcile/flags';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { seedMonth } from '../indicators/fixtures';
import { hwQtyFlag } from '../reconcile/raisedFlags';

useTestDatabase(__filename);

const schema = buildSchema();
const MAX_OBJECT_LEVELS = 3;

/** Every field selectable without arguments, `levels` object levels deep; interfaces/unions by name only. */
function selectionOf(type: GraphQLObjectType, levels: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named)) {
      if (levels > 1) parts.push(`${field.name} { ${selectionOf(named, levels - 1)} }`);
    } else parts.push(`${field.name} { __typename }`);
  }
  return parts.length ? parts.join(' ') : '__typename';
}

function operationFor(kind: 'query' | 'mutation', fieldName: string, args: Record<string, string>): string {
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const field = root.getFields()[fieldName]!;
  const declared = Object.entries(args).map(([name, type]) => `$${name}: ${type}`).join(', ');
  const passed = Object.keys(args).map((name) => `${name}: $${name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isObjectType(named) ? ` { ${selectionOf(named, MAX_OBJECT_LEVELS)} }` : '';
  return `${kind} Op${declared ? `(${declared})` : ''} { ${fieldName}${passed ? `(${passed})` : ''}${selection} }`;
}

interface Row {
  kind: 'query' | 'mutation';
  field: string;
  /** variable name → GraphQL type */
  args?: Record<string, string>;
  variables?: () => Record<string, unknown>;
  role?: Role;
  /** the error code this call must answer with; none means success */
  expectCode?: string;
}

const ids = { flag: '', flag2: '', party: '', movement: '', facility: '', project: '', keyToRevoke: '', resolutionCase: '', resolutionCandidate: '', webhookSubscription: '', webhookDelivery: '' };

const ROWS: Row[] = [
  { kind: 'query', field: 'health' },
  { kind: 'query', field: 'me' },
  { kind: 'query', field: 'agencies' },
  { kind: 'query', field: 'apiKeys' },
  { kind: 'query', field: 'flags' },
  { kind: 'query', field: 'flag', args: { id: 'ID!' }, variables: () => ({ id: ids.flag }) },
  { kind: 'query', field: 'indicatorDefinitions' },
  { kind: 'query', field: 'indicator', args: { code: 'ID!' }, variables: () => ({ code: 'ZW01' }) },
  { kind: 'query', field: 'indicators', args: { period: 'String!' }, variables: () => ({ period: '2026-03' }) },
  { kind: 'query', field: 'dashboard', args: { year: 'String!' }, variables: () => ({ year: '2026' }) },
  { kind: 'query', field: 'flows', args: { period: 'String!', stream: 'String!' }, variables: () => ({ period: '2026-03', stream: 'industrial-general' }) },
  {
    kind: 'query', field: 'topParties', args: { stream: 'String!', measure: 'String!', period: 'String!' },
    variables: () => ({ stream: 'industrial', measure: 'GENERAL_GENERATED', period: '2026-03' }),
  },
  { kind: 'query', field: 'periods' },
  { kind: 'query', field: 'dashboardMonths' },
  { kind: 'query', field: 'jobs' },
  { kind: 'query', field: 'job', args: { jobId: 'ID!' }, variables: () => ({ jobId: 'no-such-job' }) },
  { kind: 'query', field: 'movement', args: { id: 'ID!' }, variables: () => ({ id: ids.movement }) },
  { kind: 'query', field: 'movements' },
  { kind: 'query', field: 'facility', args: { id: 'ID!' }, variables: () => ({ id: ids.facility }) },
  { kind: 'query', field: 'project', args: { id: 'ID!' }, variables: () => ({ id: ids.project }) },
  { kind: 'query', field: 'vehicle', args: { plate: 'String!' }, variables: () => ({ plate: '京A00000' }), expectCode: 'NOT_FOUND' },
  { kind: 'query', field: 'party', args: { id: 'ID!' }, variables: () => ({ id: ids.party }) },
  { kind: 'query', field: 'parties' },
  { kind: 'query', field: 'reconcileRuns' },
  { kind: 'query', field: 'wasteCategories', args: { stream: 'String!' }, variables: () => ({ stream: 'industrial' }) },
  { kind: 'query', field: 'streets' },
  { kind: 'query', field: 'communities' },
  { kind: 'query', field: 'sources' },
  { kind: 'query', field: 'syncRuns' },
  { kind: 'query', field: 'quarantine' },
  { kind: 'query', field: 'periods', role: 'PARTNER' },
  { kind: 'query', field: 'resolutionCases' },
  { kind: 'query', field: 'trustedOperations' },
  { kind: 'query', field: 'ruleSetVersions' },
  { kind: 'query', field: 'completeness', args: { period: 'String!' }, variables: () => ({ period: '2026Q1' }) },
  { kind: 'query', field: 'ruleSetInForce', args: { period: 'String!' }, variables: () => ({ period: '2026-03' }) },
  { kind: 'query', field: 'resolutionCase', args: { id: 'ID!' }, variables: () => ({ id: ids.resolutionCase }) },
  { kind: 'query', field: 'webhookSubscriptions', role: 'PARTNER' },
  { kind: 'query', field: 'webhookDeliveries', role: 'PARTNER' },

  { kind: 'mutation', field: 'createApiKey', args: { input: 'CreateApiKeyInput!' }, variables: () => ({ input: { role: 'ANALYST', agency: 'EEB', label: 'every-op' } }) },
  { kind: 'mutation', field: 'issueToken', args: { ttlSeconds: 'Int' }, variables: () => ({ ttlSeconds: 600 }) },
  { kind: 'mutation', field: 'registerTrustedOperation', args: { document: 'String!', name: 'String' }, variables: () => ({ document: 'query Me { me { role } }', name: 'Me' }) },
  { kind: 'mutation', field: 'revokeApiKey', args: { keyId: 'ID!' }, variables: () => ({ keyId: ids.keyToRevoke }) },
  { kind: 'mutation', field: 'escalateFlag', args: { id: 'ID!', agency: 'ID!', reason: 'String!' }, variables: () => ({ id: ids.flag2, agency: 'UMC', reason: '请住建委核实' }), role: 'STEWARD' },
  { kind: 'mutation', field: 'acknowledgeFlag', args: { id: 'ID!' }, variables: () => ({ id: ids.flag }) },
  { kind: 'mutation', field: 'assignFlag', args: { id: 'ID!', assignee: 'ID' }, variables: () => ({ id: ids.flag, assignee: keyIdOf(keys.get('STEWARD')!) }) },
  { kind: 'mutation', field: 'commentOnFlag', args: { id: 'ID!', text: 'String!' }, variables: () => ({ id: ids.flag, text: '核对中' }) },
  {
    kind: 'mutation', field: 'resolveFlag', args: { id: 'ID!', input: 'ResolveFlagInput!' },
    variables: () => ({ id: ids.flag, input: { kind: 'ACCEPT_SIDE', side: 1, reason: '磅单为准' } }),
  },
  { kind: 'mutation', field: 'reopenFlag', args: { id: 'ID!', reason: 'String!' }, variables: () => ({ id: ids.flag, reason: '新数据' }) },
  { kind: 'mutation', field: 'dismissFlag', args: { id: 'ID!', reason: 'String!' }, variables: () => ({ id: ids.flag, reason: '误报' }) },
  { kind: 'mutation', field: 'acknowledgeFlags', args: { ids: '[ID!]!' }, variables: () => ({ ids: [ids.flag2] }) },
  { kind: 'mutation', field: 'assignFlags', args: { ids: '[ID!]!', assignee: 'ID' }, variables: () => ({ ids: [ids.flag2], assignee: keyIdOf(keys.get('STEWARD')!) }) },
  { kind: 'mutation', field: 'commentOnFlags', args: { ids: '[ID!]!', text: 'String!' }, variables: () => ({ ids: [ids.flag2], text: 'x' }) },
  {
    kind: 'mutation', field: 'resolveFlags', args: { ids: '[ID!]!', input: 'ResolveFlagInput!' },
    variables: () => ({ ids: [ids.flag2], input: { kind: 'CORRECTED_VALUE', correctedGrams: '990000', reason: '复核' } }),
  },
  { kind: 'mutation', field: 'reopenFlags', args: { ids: '[ID!]!', reason: 'String!' }, variables: () => ({ ids: [ids.flag2], reason: 'y' }) },
  { kind: 'mutation', field: 'dismissFlags', args: { ids: '[ID!]!', reason: 'String!' }, variables: () => ({ ids: [ids.flag2], reason: 'z' }) },
  { kind: 'mutation', field: 'computeIndicators', args: { period: 'String!' }, variables: () => ({ period: '2026-03' }) },
  { kind: 'mutation', field: 'closePeriod', args: { period: 'String!' }, variables: () => ({ period: '2026-03' }) },
  {
    kind: 'mutation', field: 'setIndicatorInput', args: { code: 'ID!', period: 'String!', value: 'String!', reason: 'String!' },
    variables: () => ({ code: 'ZW33', period: '2026', value: '0', reason: '全年未发生' }), role: 'STEWARD',
  },
  { kind: 'mutation', field: 'runJob', args: { kind: 'JobKind!', period: 'String' }, variables: () => ({ kind: 'reconcile', period: '2026-03' }) },
  { kind: 'mutation', field: 'runReconciliation', args: { period: 'String!' }, variables: () => ({ period: '2026-03' }) },
  {
    kind: 'mutation', field: 'changeRuleSettings', args: { input: 'ChangeRuleSettingsInput!' },
    variables: () => ({ input: { effectiveFrom: '2026-05-01', changes: [{ rule: 'HW-QTY', tolerance: 6 }], reason: '试行' } }),
  },
  {
    kind: 'mutation', field: 'createWebhookSubscription', args: { input: 'CreateWebhookSubscriptionInput!' },
    variables: () => ({ input: { url: 'https://partner.example/hooks/zw', events: ['FLAG_RAISED', 'PERIOD_CLOSED'] } }), role: 'PARTNER',
  },
  { kind: 'mutation', field: 'redeliverWebhook', args: { deliveryId: 'ID!' }, variables: () => ({ deliveryId: ids.webhookDelivery }), role: 'PARTNER' },
  { kind: 'mutation', field: 'deleteWebhookSubscription', args: { id: 'ID!' }, variables: () => ({ id: ids.webhookSubscription }), role: 'PARTNER' },
  { kind: 'mutation', field: 'retryQuarantine', args: { source: 'String' }, variables: () => ({ source: 'industrial' }) },
  { kind: 'mutation', field: 'triggerSync', args: { source: 'String!' }, variables: () => ({ source: 'industrial' }) },
  {
    kind: 'mutation', field: 'decideResolutionCase', args: { id: 'ID!', input: 'DecideResolutionCaseInput!' },
    variables: () => ({ id: ids.resolutionCase, input: { decision: 'DIFFERENT_ORGANISATIONS', candidate: ids.resolutionCandidate, reason: '不同企业' } }), role: 'STEWARD',
  },
  { kind: 'mutation', field: 'createApiKey', args: { input: 'CreateApiKeyInput!' }, variables: () => ({ input: { role: 'ROOT', agency: 'EEB' } }), expectCode: 'BAD_USER_INPUT' },
];

let api: TestApi;
const keys = new Map<Role, string>();
/** an API key is `<prefix>_<keyId>_<secret>` */
const keyIdOf = (key: string) => key.split('_')[1]!;

beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  for (const role of ['ADMIN', 'STEWARD', 'ANALYST', 'PARTNER'] as const) keys.set(role, await api.keyFor(role, role === 'ADMIN' ? 'TASKFORCE' : 'EEB'));
  ids.keyToRevoke = (await createApiKey({ role: 'ANALYST', agency: 'EEB', createdBy: 'test' })).record.keyId;
  await seedMonth('2026-03');
  await computeIndicators({ periods: ['2026-03'] });
  await upsertFlags({ runId: 'seed' }, [hwQtyFlag('HW-EVERY-1', 1_000_000, 800_000), hwQtyFlag('HW-EVERY-2', 1_000_000, 700_000)]);
  const flags = await FlagModel.find({}).sort({ key: 1 }).lean();
  ids.flag = flags[0]!._id.toHexString();
  ids.flag2 = flags[1]!._id.toHexString();
  ids.party = (await PartyModel.findOne({}).lean())!._id.toHexString();
  ids.movement = (await MovementModel.findOne({}).lean())!._id.toHexString();
  ids.facility = (await FacilityModel.findOne({}).lean())!._id.toHexString();
  ids.project = (await ProjectModel.findOne({}).lean())!._id.toHexString();
  // a NAME_SHARED_DIFFERENT_USCC case: same name and street, two valid USCCs
  await resolveParty({ source: 'industrial', sourceKey: 'ent-1', uscc: '91110108551385082Q', name: '北京星辰科技有限公司', street: '八角' });
  await resolveParty({ source: 'industrial', sourceKey: 'ent-2', uscc: '91350100M000100Y43', name: '北京星辰科技有限公司', street: '八角' });
  const resolutionCase = (await ResolutionCaseModel.findOne({}).lean().exec())!;
  ids.resolutionCase = resolutionCase._id.toHexString();
  ids.resolutionCandidate = resolutionCase.candidatePartyIds[0]!.toHexString();
  // the PARTNER's subscription with a delivery that went DEAD, to redeliver and then delete
  const partnerKeyId = keyIdOf(keys.get('PARTNER')!);
  const subscription = await WebhookSubscriptionModel.create({ keyId: partnerKeyId, url: 'https://partner.example/hooks/old', events: ['FLAG_RAISED'], secret: 'whsec_test', createdAt: new Date(), createdBy: 'test' });
  ids.webhookSubscription = subscription._id.toHexString();
  const delivery = await WebhookDeliveryModel.create({ subscriptionId: subscription._id, keyId: partnerKeyId, eventId: 'flag:HW-EVERY:0', eventType: 'FLAG_RAISED', status: 'DEAD', attempts: 8, createdAt: new Date() });
  ids.webhookDelivery = delivery._id.toHexString();
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

describe('every query and mutation over HTTP', () => {
  it('has a row for every root field of the schema', () => {
    const inSchema = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `mutation.${f}`),
    ].sort();
    expect([...new Set(ROWS.map((r) => `${r.kind}.${r.field}`))].sort()).toEqual(inSchema);
  });

  // Rows run in order: the flag mutations walk one flag through its workflow.
  it.each(ROWS.map((row, i) => [`${i} ${row.kind} ${row.field} as ${row.role ?? 'ADMIN'}`, row] as const))('%s', async (_name, row) => {
    const document = parse(operationFor(row.kind, row.field, row.args ?? {})) as TypedDocumentNode<Record<string, unknown>, Record<string, unknown>>;
    const response = await api.request(document, row.variables?.() ?? {}, keys.get(row.role ?? 'ADMIN'));
    const codes = (response.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
    if (row.expectCode) expect(codes).toContain(row.expectCode);
    else expect(response.errors).toBeUndefined();
  });
});
