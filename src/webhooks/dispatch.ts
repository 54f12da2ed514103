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
import { mayReadFlag } from '../reconcile/flags';
import type { EventScope } from './events';
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

/** Dispatches what the outbox holds, a batch at a time; `enqueue` queues a delivery's first attempt. */
export async function dispatchPending(enqueue: (delivery: WebhookDeliveryRecord) => Promise<void>, now: () => Date = () => new Date()): Promise<DispatchResult> {
  const result: DispatchResult = { events: 0, deliveries: 0 };
  for (;;) {
    const events = await WebhookEventModel.find({ dispatchedAt: null }).sort({ _id: 1 }).limit(SWEEP_BATCH).lean<WebhookEventRecord[]>();
    if (events.length === 0) return result;
    const subscriptions = await WebhookSubscriptionModel.find({ deletedAt: null }).lean<WebhookSubscriptionRecord[]>();
    const keys = subscriptions.length
      ? await ApiKeyModel.find({ keyId: { $in: [...new Set(subscriptions.map((s) => s.keyId))] }, revokedAt: null }).lean()
      : [];
    const callers = new Map<string, Caller>(keys.map((k) => [k.keyId, { keyId: k.keyId, label: k.label, role: k.role as Role, agency: k.agency }]));
    const at = now();
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
    if (events.length < SWEEP_BATCH) return result;
  }
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
