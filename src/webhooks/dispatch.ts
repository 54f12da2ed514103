/**
 * From the outbox to deliveries: each undispatched event becomes one delivery per live subscription
 * that asked for its type and whose key may read it (events.ts `mayReceive`, the API's scope rule,
 * decided with the key as it is now: a revoked key gets nothing), then the event is stamped
 * dispatched. Every step may run twice (two dispatchers, a crash between steps): a delivery is unique
 * per (subscription, event) and its first job id is the delivery's, so nothing is sent twice.
 */
import { Types } from 'mongoose';
import { ApiKeyModel } from '../auth/apiKey';
import type { Caller, Role } from '../auth/roles';
import { bulkWriteInChunks } from '../store/writes';
import { readableStreams } from '../graphql/streamScope';
import { FlagModel, type FlagRecord } from '../reconcile/flagModel';
import { mayReadFlag } from '../reconcile/flags';
import { findByIds } from '../store/reads';
import type { EventScope, HubEvent } from './events';
import { recordEvents, removePendingEvents } from './outbox';
import { WebhookDeliveryModel, WebhookEventModel, WebhookSubscriptionModel, type WebhookDelivery, type WebhookDeliveryRecord, type WebhookEventRecord, type WebhookSubscriptionRecord } from './models';

const SWEEP_BATCH = 200;

export interface DispatchResult {
  events: number;
  deliveries: number;
}

/**
 * The scope gate for pushes, the API's rule for reading the record: an event naming streams is a
 * flag's, read as `flag(id)` reads it (its stream among the caller's, or escalated to the caller's
 * agency — not for PARTNERs); an event naming none is an aggregate every key reads.
 */
export function mayReceive(caller: Caller, scope: EventScope): boolean {
  if (scope.streams.length === 0) return true;
  const readable = readableStreams(caller);
  return scope.streams.some((stream) => mayReadFlag(caller, readable, { stream, escalatedTo: scope.agencies }));
}

/** Which subscriptions get the event (pure). */
export function recipients(event: Pick<WebhookEventRecord, 'type' | 'scope'>, subscriptions: readonly WebhookSubscriptionRecord[], callers: ReadonlyMap<string, Caller>): WebhookSubscriptionRecord[] {
  return subscriptions.filter((s) => {
    const caller = callers.get(s.keyId);
    return caller !== undefined && s.events.includes(event.type) && mayReceive(caller, event.scope);
  });
}

/**
 * How long a pending flag event (outbox.ts) waits for the flag write it reports before it is dropped:
 * its writer died or failed before that write, or its conditional write missed. A live writer removes
 * its pending events within one write's time of making them.
 */
export const PENDING_GRACE_MS = 10 * 60_000;

/**
 * Dispatches what the outbox holds, a batch at a time; `enqueue` queues a delivery's first attempt.
 * Pending flag events are settled on the way: confirmed (stored as themselves, dispatched by a further
 * pass) when their flag shows the write, dropped when it has not after `pendingGraceMs`.
 */
export async function dispatchPending(
  enqueue: (delivery: WebhookDeliveryRecord) => Promise<void>,
  now: () => Date = () => new Date(),
  options: { pendingGraceMs?: number } = {},
): Promise<DispatchResult> {
  const result: DispatchResult = { events: 0, deliveries: 0 };
  // pages on _id: pending events left waiting stay behind, they do not hold the sweep up
  let after: Types.ObjectId | null = null;
  let confirmed = 0;
  for (;;) {
    const page: WebhookEventRecord[] = await WebhookEventModel.find(after ? { dispatchedAt: null, _id: { $gt: after } } : { dispatchedAt: null })
      .sort({ _id: 1 })
      .limit(SWEEP_BATCH)
      .lean<WebhookEventRecord[]>();
    after = page.at(-1)?._id ?? after;
    confirmed += await settlePendingEvents(page.filter((e) => e.awaits), now(), options.pendingGraceMs ?? PENDING_GRACE_MS);
    const events = page.filter((e) => !e.awaits);
    if (events.length) await dispatchEvents(events, enqueue, now(), result);
    if (page.length < SWEEP_BATCH) {
      // events confirmed in this pass are under new ids, possibly behind the pages read: one more pass
      if (confirmed === 0) return result;
      after = null;
      confirmed = 0;
    }
  }
}

/**
 * Confirms the pending events whose flag shows the write they report (a history entry of their time
 * and actor from their revision on: history is append-only, one entry per revision), drops those past
 * the grace period, leaves the rest; returns how many were confirmed. The flags are read by `_id`.
 */
async function settlePendingEvents(pending: readonly WebhookEventRecord[], at: Date, graceMs: number): Promise<number> {
  if (pending.length === 0) return 0;
  const ids = new Map(pending.map((e) => [e.awaits!.flagId.toHexString(), e.awaits!.flagId]));
  const flags = new Map(
    (await findByIds<Pick<FlagRecord, '_id' | 'history'>>(FlagModel, [...ids.values()], { projection: { history: 1 } })).map((f) => [f._id.toHexString(), f]),
  );
  const confirmedEvents: HubEvent[] = [];
  const settled: Types.ObjectId[] = [];
  for (const event of pending) {
    const awaits = event.awaits!;
    const written = flags
      .get(awaits.flagId.toHexString())
      ?.history.slice(awaits.revision)
      .some((entry) => entry.at.getTime() === awaits.at.getTime() && entry.actor.id === awaits.actorId);
    if (written) confirmedEvents.push({ eventId: awaits.eventId, type: event.type, occurredAt: event.occurredAt, scope: event.scope, data: event.data });
    if (written || at.getTime() - event.createdAt.getTime() >= graceMs) settled.push(event._id);
  }
  // confirmed first: killed in between, the pending event is confirmed again (once: the id is the event's)
  await recordEvents(confirmedEvents, at);
  await removePendingEvents(settled);
  return confirmedEvents.length;
}

/** One batch of events to deliveries, queued, and the events stamped dispatched. */
async function dispatchEvents(events: readonly WebhookEventRecord[], enqueue: (delivery: WebhookDeliveryRecord) => Promise<void>, at: Date, result: DispatchResult): Promise<void> {
  const subscriptions = await WebhookSubscriptionModel.find({ deletedAt: null }).lean<WebhookSubscriptionRecord[]>();
  const keys = subscriptions.length
    ? await ApiKeyModel.find({ keyId: { $in: [...new Set(subscriptions.map((s) => s.keyId))] }, revokedAt: null }).lean()
    : [];
  const callers = new Map<string, Caller>(keys.map((k) => [k.keyId, { keyId: k.keyId, label: k.label, role: k.role as Role, agency: k.agency }]));
  const docs: WebhookDelivery[] = events.flatMap((event) =>
    recipients(event, subscriptions, callers).map((s) => ({
      subscriptionId: s._id,
      keyId: s.keyId,
      eventId: event.eventId,
      eventType: event.type,
      status: 'PENDING' as const,
      attempts: 0,
      lastStatusCode: null,
      lastError: null,
      nextAttemptAt: at,
      deliveredAt: null,
      createdAt: at,
      log: [],
      round: 0,
    })),
  );
  await bulkWriteInChunks(WebhookDeliveryModel, docs.map((document) => ({ insertOne: { document } })), { ignoreDuplicateKeys: true });
  if (docs.length) {
    // the stored deliveries (this dispatcher's or an earlier one's), each queued under its own id
    // read by event ({eventId} serves it: one delivery per subscription), the untried ones kept here
    const stored = (await WebhookDeliveryModel.find({ eventId: { $in: [...new Set(docs.map((d) => d.eventId))] } }).lean<WebhookDeliveryRecord[]>()).filter(
      (d) => d.status === 'PENDING' && d.attempts === 0 && d.round === 0,
    );
    for (const delivery of stored) await enqueue(delivery);
    result.deliveries += stored.length;
  }
  await WebhookEventModel.updateMany({ _id: { $in: events.map((e) => e._id) }, dispatchedAt: null }, { $set: { dispatchedAt: at } });
  result.events += events.length;
}

/**
 * Forgets what is older than `retentionDays`: events dispatched before then (every attempt of their
 * deliveries ended long ago; a redelivery of one answers DEAD, the event no longer stored) and ended
 * deliveries (SUCCEEDED, DEAD) created before then. Index-served: `dispatchedAt` and `_id` ranges.
 */
export async function pruneWebhookHistory(retentionDays: number, now: Date = new Date()): Promise<{ events: number; deliveries: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const deliveries = await WebhookDeliveryModel.deleteMany({ _id: { $lt: Types.ObjectId.createFromTime(Math.floor(cutoff.getTime() / 1000)) }, status: { $in: ['SUCCEEDED', 'DEAD'] } });
  const events = await WebhookEventModel.deleteMany({ dispatchedAt: { $lt: cutoff } });
  return { events: events.deletedCount, deliveries: deliveries.deletedCount };
}
