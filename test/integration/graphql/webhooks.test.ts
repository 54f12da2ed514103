/**
 * Webhooks end to end against a local receiver: subscriptions over GraphQL, events written to the
 * outbox where flags change and months close, dispatched by the BullMQ sweep to the keys whose scope
 * reads them, signed (the receiver verifies as docs/partners.md shows), retried with backoff, DEAD
 * after WEBHOOK_MAX_ATTEMPTS, redelivered on request; the delivery log paged; bad input refused with codes.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Types } from 'mongoose';
import { ApiKeyModel } from '../../../src/auth/apiKey';
import { closePeriod } from '../../../src/indicators/close';
import { IndicatorValueModel } from '../../../src/indicators/indicatorValueModel';
import { PeriodModel } from '../../../src/indicators/periodModel';
import { closeRedis } from '../../../src/infra/redis';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { actOnFlag, closeMissing, upsertFlags } from '../../../src/reconcile/flags';
import { attemptDelivery } from '../../../src/webhooks/deliver';
import { pruneWebhookHistory } from '../../../src/webhooks/dispatch';
import { WebhookDeliveryModel, WebhookEventModel, WebhookSubscriptionModel } from '../../../src/webhooks/models';
import { startWebhookWorkers, type WebhookWorkers } from '../../../src/webhooks/queue';
import { verifyWebhook } from '../../../src/webhooks/signature';
import {
  CreateWebhookSubscriptionDocument,
  DeleteWebhookSubscriptionDocument,
  RedeliverWebhookDocument,
  WebhookDeliveriesDocument,
  WebhookSubscriptionsDocument,
  type WebhookEventType,
} from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { cdwWeightFlag, hwQtyFlag } from '../reconcile/raisedFlags';

useTestDatabase(__filename);

const MAX_ATTEMPTS = 3;

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A partner's receiver: each path answers with the status its behaviour gives for the n-th request. */
const received: Received[] = [];
const behaviour = new Map<string, (n: number) => number>([
  ['/eeb', () => 204],
  ['/umc', () => 200],
  ['/flaky', (n) => (n <= 2 ? 500 : 200)],
  ['/down', () => 503],
]);
let receiver: Server;
let receiverUrl = '';

let api: TestApi;
let workers: WebhookWorkers;
const keys = { admin: '', eebPartner: '', umcPartner: '', taskforceAnalyst: '' };
const keyIdOf = (key: string) => key.split('_')[1]!;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function subscribe(key: string, path: string, events: WebhookEventType[]) {
  const response = await api.request(CreateWebhookSubscriptionDocument, { input: { url: `${receiverUrl}${path}`, events } }, key);
  expect(response.errors).toBeUndefined();
  return response.data!.createWebhookSubscription;
}

const subscriptions: Record<string, { id: string; secret: string }> = {};
const holds = new Map<string, Promise<void>>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const n = received.filter((r) => r.path === path).length;
      // a held path answers when its hold is released (a delivery kept in flight)
      void (holds.get(path) ?? Promise.resolve()).then(() => res.writeHead(behaviour.get(path)?.(n) ?? 404).end());
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '100000' });
  keys.admin = await api.keyFor('ADMIN');
  keys.eebPartner = await api.keyFor('PARTNER', 'EEB'); // industrial, medical, taxstat
  keys.umcPartner = await api.keyFor('PARTNER', 'UMC'); // household, construction
  keys.taskforceAnalyst = await api.keyFor('ANALYST', 'TASKFORCE');
  workers = await startWebhookWorkers({
    redisUrl: process.env.REDIS_URL!,
    // the receiver is on loopback: allowed here, refused by default (see the SSRF test below)
    config: { WEBHOOK_MAX_ATTEMPTS: MAX_ATTEMPTS, WEBHOOK_BACKOFF_MS: 100, WEBHOOK_TIMEOUT_MS: 2000, WEBHOOK_DISPATCH_INTERVAL_MS: 200, WEBHOOK_ALLOW_PRIVATE_TARGETS: true, WEBHOOK_RETENTION_DAYS: 30 },
  });
});
afterAll(async () => {
  await workers.close();
  await api.close();
  await closeRedis();
  await new Promise((r) => receiver.close(r));
});

describe('webhook subscriptions', () => {
  it('creates subscriptions with a secret shown once, each key listing its own', async () => {
    const eeb = await subscribe(keys.eebPartner, '/eeb', ['FLAG_RAISED', 'FLAG_RESOLVED', 'PERIOD_CLOSED']);
    expect(eeb.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(eeb.subscription).toMatchObject({ keyId: keyIdOf(keys.eebPartner), url: `${receiverUrl}/eeb`, events: ['FLAG_RAISED', 'FLAG_RESOLVED', 'PERIOD_CLOSED'] });
    subscriptions.eeb = { id: eeb.subscription.id, secret: eeb.secret };
    const umc = await subscribe(keys.umcPartner, '/umc', ['FLAG_RAISED']);
    subscriptions.umc = { id: umc.subscription.id, secret: umc.secret };
    const flaky = await subscribe(keys.taskforceAnalyst, '/flaky', ['FLAG_RAISED']);
    subscriptions.flaky = { id: flaky.subscription.id, secret: flaky.secret };
    const down = await subscribe(keys.admin, '/down', ['PERIOD_CLOSED']);
    subscriptions.down = { id: down.subscription.id, secret: down.secret };

    const listed = await api.request(WebhookSubscriptionsDocument, {}, keys.eebPartner);
    expect(listed.data!.webhookSubscriptions.map((s) => s.id)).toEqual([subscriptions.eeb.id]);
    expect(JSON.stringify(listed)).not.toContain(eeb.secret);
    const all = await api.request(WebhookSubscriptionsDocument, {}, keys.admin);
    expect(all.data!.webhookSubscriptions).toHaveLength(4);
  });

  it('refuses bad URLs and events with BAD_USER_INPUT, and other keys’ subscriptions with FORBIDDEN', async () => {
    for (const url of ['ftp://partner.example/hook', 'https://user:secret@partner.example/hook', 'not a url', `https://partner.example/${'x'.repeat(2001)}`]) {
      const response = await api.request(CreateWebhookSubscriptionDocument, { input: { url, events: ['FLAG_RAISED'] } }, keys.eebPartner);
      expect([url.slice(0, 40), errorCodes(response)]).toEqual([url.slice(0, 40), ['BAD_USER_INPUT']]);
    }
    const noEvents = await api.request(CreateWebhookSubscriptionDocument, { input: { url: 'https://partner.example/hook', events: [] } }, keys.eebPartner);
    expect(errorCodes(noEvents)).toEqual(['BAD_USER_INPUT']);
    const unknownEvent = await api.request(CreateWebhookSubscriptionDocument, { input: { url: 'https://partner.example/hook', events: ['FLAG_EATEN' as WebhookEventType] } }, keys.eebPartner);
    expect(unknownEvent.errors?.length).toBeGreaterThan(0);
    const foreign = await api.request(DeleteWebhookSubscriptionDocument, { id: subscriptions.eeb!.id }, keys.umcPartner);
    expect(errorCodes(foreign)).toEqual(['FORBIDDEN']);
    const missing = await api.request(DeleteWebhookSubscriptionDocument, { id: '65f000000000000000000000' }, keys.umcPartner);
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });
});

describe('webhook deliveries', () => {
  it('delivers a raised flag to the keys that read its stream, signed over timestamp and body', async () => {
    await upsertFlags({ runId: 'hook-1' }, [hwQtyFlag('HW-HOOK-1', 1_000_000, 800_000)]);
    const toEeb = await until('the EEB delivery', async () => received.find((r) => r.path === '/eeb'));
    const body = JSON.parse(toEeb.body) as { id: string; type: string; data: { flag: Record<string, unknown> } };
    expect(body.type).toBe('FLAG_RAISED');
    const stored = (await FlagModel.findOne({ key: 'HW-QTY|HW-HOOK-1|2026-03' }).lean())!;
    expect(body.data.flag).toMatchObject({ id: stored._id.toHexString(), key: 'HW-QTY|HW-HOOK-1|2026-03', stream: 'industrial', status: 'OPEN', rule: 'HW-QTY', revision: 0 });
    expect(toEeb.body).not.toContain('65f000000000000000000001'); // no source record ids for partners
    expect(toEeb.headers['x-hub-event-id']).toBe(body.id);
    expect(toEeb.headers['x-hub-event']).toBe('FLAG_RAISED');
    const headers = { signature: toEeb.headers['x-hub-signature'] as string, timestamp: toEeb.headers['x-hub-timestamp'] as string };
    expect(headers.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhook(subscriptions.eeb!.secret, headers, toEeb.body, Math.floor(Date.now() / 1000))).toBe(true);
    expect(verifyWebhook(subscriptions.umc!.secret, headers, toEeb.body, Math.floor(Date.now() / 1000))).toBe(false);
    expect(verifyWebhook(subscriptions.eeb!.secret, headers, toEeb.body.replace('HW-HOOK-1', 'HW-HOOK-2'), Math.floor(Date.now() / 1000))).toBe(false);

    // the task force reads every stream: its flaky receiver answers 500 twice, then 200
    const flaky = await until('the flaky delivery to succeed', async () => WebhookDeliveryModel.findOne({ subscriptionId: subscriptions.flaky!.id, status: 'SUCCEEDED' }).lean());
    expect(flaky.attempts).toBe(3);
    expect(flaky.log.map((a) => a.statusCode)).toEqual([500, 500, 200]);
    const flakyBodies = received.filter((r) => r.path === '/flaky').map((r) => JSON.parse(r.body) as { id: string });
    expect(new Set(flakyBodies.map((b) => b.id))).toEqual(new Set([body.id])); // one event id across retries
    // later attempts wait longer (exponential backoff from 100 ms)
    const [a1, a2, a3] = flaky.log.map((a) => a.at.getTime());
    expect(a2! - a1!).toBeGreaterThanOrEqual(90);
    expect(a3! - a2!).toBeGreaterThanOrEqual(190);

    // UMC reads household and construction only: nothing for an industrial flag
    expect(received.filter((r) => r.path === '/umc')).toHaveLength(0);
    expect(await WebhookDeliveryModel.countDocuments({ subscriptionId: subscriptions.umc!.id })).toBe(0);
  });

  it('delivers a construction flag to UMC and not to EEB; a steward’s dismissal as FLAG_RESOLVED', async () => {
    await upsertFlags({ runId: 'hook-2' }, [cdwWeightFlag('CDW-HOOK-1')]);
    const toUmc = await until('the UMC delivery', async () => received.find((r) => r.path === '/umc'));
    expect((JSON.parse(toUmc.body) as { data: { flag: { stream: string } } }).data.flag.stream).toBe('construction');
    const flag = (await FlagModel.findOne({ key: 'HW-QTY|HW-HOOK-1|2026-03' }).lean())!;
    const admin = (await ApiKeyModel.findOne({ keyId: keyIdOf(keys.admin) }).lean())!;
    await actOnFlag({ keyId: admin.keyId, label: admin.label, role: 'ADMIN', agency: 'TASKFORCE' }, flag._id.toHexString(), { kind: 'DISMISS', reason: '已核实为录入错误' });
    const resolved = await until('the FLAG_RESOLVED delivery', async () => received.find((r) => r.path === '/eeb' && r.headers['x-hub-event'] === 'FLAG_RESOLVED'));
    expect(JSON.parse(resolved.body)).toMatchObject({ type: 'FLAG_RESOLVED', data: { flag: { status: 'DISMISSED', resolution: { kind: 'DISMISSED', reason: '已核实为录入错误' } } } });
    // EEB did not get the construction flag
    expect(received.filter((r) => r.path === '/eeb').map((r) => r.body).join()).not.toContain('CDW-HOOK-1');
  });

  it('writes a closed month to the outbox and marks a delivery DEAD after the last attempt; a redelivery sends it again', async () => {
    const indicators = async () => ({ months: ['2026-04'], periods: ['2026-04'], values: 0, written: { inserted: 0, replaced: 0, deleted: 0, unchanged: 0 }, computedAt: new Date(), lateData: [] });
    await closePeriod('2026-04', { id: 'test', label: 'test' }, { computeIndicators: indicators });
    expect(await WebhookEventModel.countDocuments({ eventId: 'period:2026-04:1' })).toBe(1);
    // a resumed close writes the same event again: still one
    await closePeriod('2026-04', { id: 'test', label: 'test' }, { computeIndicators: indicators });
    expect(await WebhookEventModel.countDocuments({ type: 'PERIOD_CLOSED' })).toBe(1);

    await until('the EEB close delivery', async () => received.find((r) => r.path === '/eeb' && r.headers['x-hub-event'] === 'PERIOD_CLOSED'));
    const dead = await until('the /down delivery to be DEAD', async () => WebhookDeliveryModel.findOne({ subscriptionId: subscriptions.down!.id, status: 'DEAD' }).lean());
    expect(dead.attempts).toBe(MAX_ATTEMPTS);
    expect(dead.log.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    expect(dead.lastError).toBe('HTTP 503');

    const again = await api.request(RedeliverWebhookDocument, { deliveryId: dead._id.toHexString() }, keys.umcPartner);
    expect(errorCodes(again)).toEqual(['FORBIDDEN']);
    behaviour.set('/down', () => 200);
    const redelivered = await api.request(RedeliverWebhookDocument, { deliveryId: dead._id.toHexString() }, keys.admin);
    expect(redelivered.errors).toBeUndefined();
    expect(redelivered.data!.redeliverWebhook).toMatchObject({ status: 'PENDING', eventId: 'period:2026-04:1' });
    const done = await until('the redelivery', async () => WebhookDeliveryModel.findOne({ _id: dead._id, status: 'SUCCEEDED' }).lean());
    expect(done.attempts).toBe(MAX_ATTEMPTS + 1);
    expect(received.filter((r) => r.path === '/down').map((r) => r.headers['x-hub-event-id'])).toEqual(Array(MAX_ATTEMPTS + 1).fill('period:2026-04:1'));
    // a redelivery still in flight (the receiver holds its answer) takes no second one
    let release = () => undefined as void;
    holds.set('/down', new Promise<void>((resolve) => (release = resolve)));
    try {
      const twice = await api.request(RedeliverWebhookDocument, { deliveryId: dead._id.toHexString() }, keys.admin);
      expect(twice.errors).toBeUndefined();
      const busy = await api.request(RedeliverWebhookDocument, { deliveryId: dead._id.toHexString() }, keys.admin);
      expect(errorCodes(busy)).toEqual(['CONFLICT']);
    } finally {
      holds.delete('/down');
      release();
    }
    await until('the second redelivery', async () => WebhookDeliveryModel.findOne({ _id: dead._id, status: 'SUCCEEDED', attempts: MAX_ATTEMPTS + 2 }).lean());
  });

  it('pages a key’s delivery log, newest first, with only its own deliveries', async () => {
    const first = await api.request(WebhookDeliveriesDocument, { first: 1 }, keys.eebPartner);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.webhookDeliveries;
    expect(page1.totalCount).toBe(3); // raised, resolved, closed
    expect(page1.edges[0]!.node.eventType).toBe('PERIOD_CLOSED');
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await api.request(WebhookDeliveriesDocument, { first: 5, after: page1.pageInfo.endCursor }, keys.eebPartner);
    expect(second.data!.webhookDeliveries.edges.map((e) => e.node.eventType)).toEqual(['FLAG_RESOLVED', 'FLAG_RAISED']);
    expect(second.data!.webhookDeliveries.edges.every((e) => e.node.subscriptionId === subscriptions.eeb!.id && e.node.status === 'SUCCEEDED')).toBe(true);
    const failed = await api.request(WebhookDeliveriesDocument, { status: ['DEAD'] }, keys.eebPartner);
    expect(failed.data!.webhookDeliveries.totalCount).toBe(0);
    const forged = await api.request(WebhookDeliveriesDocument, { after: 'r:1e308' }, keys.eebPartner);
    expect(errorCodes(forged)).toEqual(['BAD_USER_INPUT']);
  });

  it('stops delivering to a deleted subscription', async () => {
    const deleted = await api.request(DeleteWebhookSubscriptionDocument, { id: subscriptions.umc!.id }, keys.umcPartner);
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data!.deleteWebhookSubscription.deletedAt).not.toBeNull();
    const before = received.filter((r) => r.path === '/umc').length;
    await upsertFlags({ runId: 'hook-3' }, [cdwWeightFlag('CDW-HOOK-2')]);
    await until('the event to be dispatched', async () => WebhookEventModel.findOne({ eventId: 'flag:CDW-WEIGHT|CDW-HOOK-2|2026-03:0', dispatchedAt: { $ne: null } }).lean());
    expect(received.filter((r) => r.path === '/umc')).toHaveLength(before);
    expect((await api.request(WebhookSubscriptionsDocument, {}, keys.umcPartner)).data!.webhookSubscriptions).toEqual([]);
  });
});

describe('webhook targets', () => {
  it('refuses loopback and private addresses unless WEBHOOK_ALLOW_PRIVATE_TARGETS (server-side request forgery)', async () => {
    const port = new URL(receiverUrl).port;
    const event = await WebhookEventModel.findOne({ type: 'FLAG_RAISED' }).lean();
    const owner = keyIdOf(keys.eebPartner);
    const outcomes: string[] = [];
    for (const url of [`http://127.0.0.1:${port}/eeb`, `http://localhost:${port}/eeb`, `http://[::ffff:127.0.0.1]:${port}/eeb`]) {
      const before = received.length;
      const subscription = await WebhookSubscriptionModel.create({ keyId: owner, url, events: ['FLAG_RAISED'], secret: 'whsec_x', createdAt: new Date(), createdBy: 'test' });
      const delivery = await WebhookDeliveryModel.create({ subscriptionId: subscription._id, keyId: owner, eventId: event!.eventId, eventType: 'FLAG_RAISED', status: 'PENDING', createdAt: new Date() });
      const refused = await attemptDelivery(delivery._id.toHexString(), { attempt: 1, maxAttempts: 1, timeoutMs: 2000, backoffMs: 100, allowPrivateTargets: false });
      expect(received.length).toBe(before);
      outcomes.push(`${refused.status} ${refused.error}`);
      await WebhookSubscriptionModel.updateOne({ _id: subscription._id }, { $set: { deletedAt: new Date() } });
    }
    expect(outcomes).toEqual([
      expect.stringMatching(/^DEAD 127\.0\.0\.1 is a private address/),
      expect.stringMatching(/^DEAD localhost resolves to (127\.0\.0\.1|::1), a private address/),
      expect.stringMatching(/^DEAD ::ffff:7f00:1 is a private address|^DEAD ::ffff:127\.0\.0\.1 is a private address/),
    ]);
  });
});

describe('indicator revisions', () => {
  it('a re-close after late data writes INDICATOR_REVISED for each value that changed, once', async () => {
    let live = { ZW01: '0.500000', ZW09: '0.900000' } as Record<string, string>;
    const indicators = async () => {
      await IndicatorValueModel.deleteMany({ period: '2026-05', version: 0 });
      await IndicatorValueModel.insertMany(
        Object.entries(live).map(([code, value]) => ({
          code, period: '2026-05', periodKind: 'MONTH', area: 'DISTRICT', version: 0, current: true, value, numerator: null, numeratorUnit: null, denominator: null, denominatorUnit: null,
          inputs: [], goldenApplied: 0, openFlagShare: '0.000000', confidence: '1.000000', target: { evaluation: 'NOT_APPLICABLE', kind: null, text: null, year: null, source: null },
          previous: null, manual: null, computedAt: new Date(), computedBy: { id: 'test', label: 'test' }, frozenAt: null,
        })),
      );
      return { months: ['2026-05'], periods: ['2026-05'], values: 2, written: { inserted: 2, replaced: 0, deleted: 0, unchanged: 0 }, computedAt: new Date(), lateData: [] };
    };
    await closePeriod('2026-05', { id: 'test', label: 'test' }, { computeIndicators: indicators });
    expect(await WebhookEventModel.countDocuments({ type: 'INDICATOR_REVISED' })).toBe(0); // a first close revises nothing
    live = { ZW01: '0.520000', ZW09: '0.900000' };
    await PeriodModel.updateOne({ period: '2026-05' }, { $set: { dirty: true } }); // late data arrived
    await closePeriod('2026-05', { id: 'test', label: 'test' }, { computeIndicators: indicators });
    await closePeriod('2026-05', { id: 'test', label: 'test' }, { computeIndicators: indicators }); // nothing new: no new events
    const revised = await WebhookEventModel.find({ type: 'INDICATOR_REVISED' }).lean();
    expect(revised.map((e) => [e.eventId, e.data])).toEqual([
      ['indicator:ZW01:2026-05:DISTRICT:2', { code: 'ZW01', period: '2026-05', area: 'DISTRICT', version: 2, value: '0.520000', previousVersion: 1, previousValue: '0.500000' }],
    ]);
    expect((await WebhookEventModel.find({ type: 'PERIOD_CLOSED', 'data.period': '2026-05' }).lean()).map((e) => e.eventId).sort()).toEqual(['period:2026-05:1', 'period:2026-05:2']);
  });
});

describe('flag events of the engine', () => {
  it('changed evidence after a decision reopens (FLAG_REOPENED); a condition that clears resolves (FLAG_RESOLVED); unchanged data emits nothing', async () => {
    const key = 'HW-QTY|HW-ENGINE-1|2026-03';
    await upsertFlags({ runId: 'engine-1' }, [hwQtyFlag('HW-ENGINE-1', 1_000_000, 800_000)]);
    const flag = (await FlagModel.findOne({ key }).lean())!;
    const admin = (await ApiKeyModel.findOne({ keyId: keyIdOf(keys.admin) }).lean())!;
    await actOnFlag({ keyId: admin.keyId, label: admin.label, role: 'ADMIN', agency: 'TASKFORCE' }, key, { kind: 'DISMISS', reason: '误报' });
    await upsertFlags({ runId: 'engine-2' }, [hwQtyFlag('HW-ENGINE-1', 1_000_000, 700_000)]); // new evidence
    await upsertFlags({ runId: 'engine-3' }, [hwQtyFlag('HW-ENGINE-1', 1_000_000, 700_000)]); // unchanged
    await closeMissing({ runId: 'engine-4' }, { rules: ['HW-QTY'], periods: ['2026-03'], subjectKeys: ['HW-ENGINE-1'] }, new Set());
    const events = await WebhookEventModel.find({ eventId: { $regex: '^flag:HW-QTY\\|HW-ENGINE-1' } }).sort({ _id: 1 }).lean();
    expect(events.map((e) => [e.type, e.eventId, (e.data.flag as { status: string }).status])).toEqual([
      ['FLAG_RAISED', `flag:${key}:0`, 'OPEN'],
      ['FLAG_RESOLVED', `flag:${key}:1`, 'DISMISSED'],
      ['FLAG_REOPENED', `flag:${key}:2`, 'OPEN'],
      ['FLAG_RESOLVED', `flag:${key}:3`, 'RESOLVED'],
    ]);
    expect(events.every((e) => (e.data.flag as { id: string }).id === flag._id.toHexString())).toBe(true);
    expect((await FlagModel.findOne({ key }).lean())!.revision).toBe(3);
    expect(await WebhookEventModel.countDocuments({ eventId: { $regex: '^pending:' } })).toBe(0); // every pending copy settled by its writer
  });
});

describe('flag events of stewards', () => {
  it('a resolve is delivered exactly once and leaves no pending event', async () => {
    const key = 'HW-QTY|HW-STEWARD-1|2026-03';
    await upsertFlags({ runId: 'steward-1' }, [hwQtyFlag('HW-STEWARD-1', 1_000_000, 800_000)]);
    const admin = (await ApiKeyModel.findOne({ keyId: keyIdOf(keys.admin) }).lean())!;
    await actOnFlag({ keyId: admin.keyId, label: admin.label, role: 'ADMIN', agency: 'TASKFORCE' }, key, { kind: 'RESOLVE', resolution: { kind: 'ACCEPT_SIDE', side: 1, reason: '接收量以过磅单为准' } });
    await until('the FLAG_RESOLVED delivery to EEB', async () => WebhookDeliveryModel.findOne({ eventId: `flag:${key}:1`, subscriptionId: subscriptions.eeb!.id, status: 'SUCCEEDED' }).lean());
    expect(await WebhookEventModel.countDocuments({ eventId: `flag:${key}:1` })).toBe(1);
    expect(await WebhookEventModel.countDocuments({ eventId: { $regex: '^pending:' } })).toBe(0);
    expect(await WebhookDeliveryModel.countDocuments({ eventId: `flag:${key}:1` })).toBe(1); // only EEB asked for FLAG_RESOLVED of industrial flags
    expect(received.filter((r) => r.path === '/eeb' && (JSON.parse(r.body) as { id: string }).id === `flag:${key}:1`)).toHaveLength(1);
  });
});

describe('webhook history', () => {
  it('prunes events dispatched and ended deliveries created before the retention, keeping what is still attempted', async () => {
    const old = (days: number) => Types.ObjectId.createFromTime(Math.floor(Date.now() / 1000) - days * 86_400);
    const base = { occurredAt: new Date(), scope: { streams: [], agencies: [] }, data: {}, createdAt: new Date() };
    await WebhookEventModel.insertMany([
      { _id: old(40), eventId: 'old:done', type: 'PERIOD_CLOSED', dispatchedAt: old(40).getTimestamp(), ...base },
      // written long ago, dispatched just now (a backlog): kept until its deliveries have had their time
      { _id: old(39), eventId: 'old:retrying', type: 'PERIOD_CLOSED', dispatchedAt: new Date(), ...base },
      { _id: old(38), eventId: 'old:undispatched', type: 'PERIOD_CLOSED', dispatchedAt: null, ...base },
      { _id: old(2), eventId: 'recent:done', type: 'PERIOD_CLOSED', dispatchedAt: new Date(), ...base },
    ]);
    const subscriptionId = new Types.ObjectId();
    const delivery = { subscriptionId, keyId: 'k', eventType: 'PERIOD_CLOSED', createdAt: new Date() };
    await WebhookDeliveryModel.insertMany([
      { _id: old(40), eventId: 'old:done', status: 'SUCCEEDED', ...delivery },
      { _id: old(39), eventId: 'old:retrying', status: 'RETRYING', ...delivery },
      { _id: old(2), eventId: 'recent:done', status: 'DEAD', ...delivery },
    ]);
    expect(await pruneWebhookHistory(30)).toEqual({ events: 1, deliveries: 1 });
    expect((await WebhookEventModel.find({ eventId: { $in: ['old:done', 'old:retrying', 'old:undispatched', 'recent:done'] } }).lean()).map((e) => e.eventId).sort()).toEqual(['old:retrying', 'old:undispatched', 'recent:done']);
    expect((await WebhookDeliveryModel.find({ subscriptionId }).lean()).map((d) => d.eventId).sort()).toEqual(['old:retrying', 'recent:done']);
  });
});
