/**
 * No webhook event lost between a flag write and its event, none sent for a write that never happened:
 * flag writers (flagWriter.ts) SIGKILLed after the events were written pending and before the flags
 * (`outbox:pending`), and after the flags and before the events were confirmed (`outbox:written`); the
 * dispatcher then delivers exactly the changes that happened, each once.
 */
import { apiKeyObjectId, ApiKeyModel } from '../../../src/auth/apiKey';
import { FlagModel } from '../../../src/reconcile/flagModel';
import { upsertFlags } from '../../../src/reconcile/flags';
import { dispatchPending, PENDING_GRACE_MS } from '../../../src/webhooks/dispatch';
import { WebhookDeliveryModel, WebhookEventModel, WebhookSubscriptionModel, type WebhookDeliveryRecord } from '../../../src/webhooks/models';
import { testDatabaseName, useTestDatabase } from '../../support/mongo';
import { hwQtyFlag } from '../reconcile/raisedFlags';
import { expectKilled, expectSucceeded, runScript, type Exit } from './support';

useTestDatabase(__filename);

function flagWriter(args: string[], killAt = ''): Promise<Exit> {
  return runScript('flagWriter.ts', args, testDatabaseName(__filename), killAt);
}

/** The deliveries one dispatch queued, by event id. */
async function dispatch(now: Date = new Date()): Promise<string[]> {
  const queued: WebhookDeliveryRecord[] = [];
  await dispatchPending(async (delivery) => void queued.push(delivery), () => now);
  return queued.map((d) => d.eventId).sort();
}

const later = () => new Date(Date.now() + PENDING_GRACE_MS + 60_000);
const pendingEvents = () => WebhookEventModel.countDocuments({ eventId: { $regex: '^pending:' } });

beforeAll(async () => {
  await ApiKeyModel.create({ _id: apiKeyObjectId('taskforce'), keyId: 'taskforce', secretHash: 'x', label: '专班', role: 'ADMIN', agency: 'TASKFORCE', createdBy: 'test', createdAt: new Date() });
  await WebhookSubscriptionModel.create({ keyId: 'taskforce', url: 'https://partner.example/hooks', events: ['FLAG_RAISED', 'FLAG_RESOLVED', 'FLAG_REOPENED'], secret: 's', createdAt: new Date(), createdBy: 'test' });
});

it('a steward resolve killed before its flag write delivers nothing; one killed after it is delivered once', async () => {
  const key = 'HW-QTY|OUTBOX-1|2026-03';
  await upsertFlags({ runId: 'outbox-1' }, [hwQtyFlag('OUTBOX-1', 1_000_000, 800_000)]);
  expect(await dispatch()).toEqual([`flag:${key}:0`]);

  // killed between the pending event and the flag: the flag is unchanged, the event waits, then goes
  await expectKilled(flagWriter(['resolve', key], 'outbox:pending'));
  expect(await FlagModel.findOne({ key }).select({ status: 1, revision: 1 }).lean()).toMatchObject({ status: 'OPEN', revision: 0 });
  expect(await pendingEvents()).toBe(1);
  expect(await dispatch()).toEqual([]);
  expect(await pendingEvents()).toBe(1); // within the grace period: its writer may still be writing
  expect(await dispatch(later())).toEqual([]);
  expect(await pendingEvents()).toBe(0);
  expect(await WebhookEventModel.countDocuments({ eventId: `flag:${key}:1` })).toBe(0);

  // killed between the flag and its event: the dispatcher confirms the pending event, once
  await expectKilled(flagWriter(['resolve', key], 'outbox:written'));
  expect(await FlagModel.findOne({ key }).select({ status: 1, revision: 1 }).lean()).toMatchObject({ status: 'RESOLVED', revision: 1 });
  expect(await WebhookEventModel.countDocuments({ eventId: `flag:${key}:1` })).toBe(0);
  expect(await dispatch()).toEqual([`flag:${key}:1`]);
  expect(await dispatch(later())).toEqual([]);
  expect(await pendingEvents()).toBe(0);
  const event = (await WebhookEventModel.findOne({ eventId: `flag:${key}:1` }).lean())!;
  expect(event).toMatchObject({ type: 'FLAG_RESOLVED', data: { flag: { key, status: 'RESOLVED', revision: 1 }, actor: '市固废办 steward' } });
  expect(await WebhookDeliveryModel.countDocuments({ eventId: `flag:${key}:1` })).toBe(1);
});

it('an engine batch killed before its flag writes raises nothing; one killed after them is delivered once per flag', async () => {
  const keys = ['OUTBOX-2', 'OUTBOX-3'].map((m) => `HW-QTY|${m}|2026-03`);
  await expectKilled(flagWriter(['raise', 'OUTBOX-2', 'OUTBOX-3'], 'outbox:pending'));
  expect(await FlagModel.countDocuments({ key: { $in: keys } })).toBe(0);
  expect(await dispatch()).toEqual([]);
  expect(await dispatch(later())).toEqual([]);
  expect(await pendingEvents()).toBe(0);

  await expectKilled(flagWriter(['raise', 'OUTBOX-2', 'OUTBOX-3'], 'outbox:written'));
  expect(await FlagModel.countDocuments({ key: { $in: keys } })).toBe(2);
  expect(await dispatch()).toEqual(keys.map((k) => `flag:${k}:0`));
  // the next run finds the flags unchanged: no event, nothing delivered again
  await expectSucceeded(flagWriter(['raise', 'OUTBOX-2', 'OUTBOX-3']));
  expect(await dispatch(later())).toEqual([]);
  expect(await pendingEvents()).toBe(0);
  for (const key of keys) {
    const flag = (await FlagModel.findOne({ key }).lean())!;
    expect((await WebhookEventModel.findOne({ eventId: `flag:${key}:0` }).lean())!.data.flag).toMatchObject({ id: flag._id.toHexString(), status: 'OPEN', revision: 0 });
  }
});

it('a writer killed before its write, then another taking the same revision: only the second one’s event is delivered', async () => {
  const key = 'HW-QTY|OUTBOX-4|2026-03';
  await upsertFlags({ runId: 'outbox-4' }, [hwQtyFlag('OUTBOX-4', 1_000_000, 800_000)]);
  expect(await dispatch()).toEqual([`flag:${key}:0`]);
  await expectKilled(flagWriter(['resolve', key], 'outbox:pending'));
  await expectSucceeded(flagWriter(['resolve', key]));
  const flag = (await FlagModel.findOne({ key }).lean())!;
  expect(flag).toMatchObject({ status: 'RESOLVED', revision: 1 });
  expect(await dispatch()).toEqual([`flag:${key}:1`]);
  expect(await pendingEvents()).toBe(1); // the dead writer's, not the write the flag shows: waits out its grace
  expect(await dispatch(later())).toEqual([]);
  expect(await pendingEvents()).toBe(0);
  expect(await WebhookDeliveryModel.countDocuments({ eventId: `flag:${key}:1` })).toBe(1);
  expect((await WebhookEventModel.findOne({ eventId: `flag:${key}:1` }).lean())!.occurredAt).toEqual(flag.history[1]!.at);
});
