/**
 * The three collections of webhooks:
 * - `webhookEvents`, the outbox: each event the hub emits, written right after the change it reports,
 *   keyed by a deterministic `eventId` (a retried write stores it once); the dispatcher fans it out to
 *   deliveries and stamps `dispatchedAt`, so an event written is delivered even if the process that
 *   wrote it dies before anything was queued;
 * - `webhookSubscriptions`: a key's URL, events and signing secret (the secret is needed to sign, so
 *   it is stored as given and never read back through the API); deletion is a stamp, so the delivery
 *   log keeps its subscription;
 * - `webhookDeliveries`: one per (subscription, event), with its status and every attempt: the log
 *   partners page through.
 *
 * A flag event is written twice: first pending (`awaits` names the flag write it reports, under an id
 * of its own), before the flag; then, once the flag is written, as itself. The dispatcher confirms or
 * drops the pending ones a dead writer left (dispatch.ts), so no event is lost between the two writes
 * and none is sent for a write that never happened.
 */
import { Schema, model, type Types } from 'mongoose';
import { STREAMS } from '../auth/roles';
import { WEBHOOK_EVENT_TYPES, type EventScope, type WebhookEventType } from './events';

/** The flag write a pending event reports: the flag shows it when its history entry `revision` is this one. */
export interface AwaitedFlagWrite {
  /** the event's id once confirmed (the pending document's own `eventId` is unique to its writer) */
  eventId: string;
  flagId: Types.ObjectId;
  revision: number;
  at: Date;
  actorId: string;
}

export interface WebhookEvent {
  eventId: string;
  type: WebhookEventType;
  occurredAt: Date;
  scope: EventScope;
  data: Record<string, unknown>;
  dispatchedAt: Date | null;
  createdAt: Date;
  /** set on a pending event only */
  awaits?: AwaitedFlagWrite | null;
}

const eventSchema = new Schema<WebhookEvent>(
  {
    eventId: { type: String, required: true },
    type: { type: String, enum: WEBHOOK_EVENT_TYPES, required: true },
    occurredAt: { type: Date, required: true },
    scope: {
      type: new Schema<EventScope>({ streams: { type: [{ type: String, enum: STREAMS }], default: [] }, agencies: { type: [String], default: [] } }, { _id: false }),
      required: true,
    },
    data: { type: Schema.Types.Mixed, required: true },
    dispatchedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    awaits: {
      type: new Schema<AwaitedFlagWrite>(
        { eventId: { type: String, required: true }, flagId: { type: Schema.Types.ObjectId, required: true }, revision: { type: Number, required: true }, at: { type: Date, required: true }, actorId: { type: String, required: true } },
        { _id: false },
      ),
      default: null,
    },
  },
  { collection: 'webhookEvents', versionKey: false, minimize: false },
);
eventSchema.index({ eventId: 1 }, { unique: true });
// the dispatcher's sweep: undispatched events, oldest first
eventSchema.index({ dispatchedAt: 1, _id: 1 });

export const WebhookEventModel = model<WebhookEvent>('WebhookEvent', eventSchema);
export type WebhookEventRecord = WebhookEvent & { _id: Types.ObjectId };

export interface WebhookSubscription {
  keyId: string;
  url: string;
  events: WebhookEventType[];
  secret: string;
  createdAt: Date;
  createdBy: string;
  deletedAt: Date | null;
  deletedBy: string | null;
}

const subscriptionSchema = new Schema<WebhookSubscription>(
  {
    keyId: { type: String, required: true },
    url: { type: String, required: true },
    events: { type: [{ type: String, enum: WEBHOOK_EVENT_TYPES }], required: true },
    secret: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    deletedAt: { type: Date, default: null },
    deletedBy: { type: String, default: null },
  },
  { collection: 'webhookSubscriptions', versionKey: false },
);
// a key's live subscriptions, and every live one (ADMIN), newest first
subscriptionSchema.index({ keyId: 1, deletedAt: 1, _id: -1 });
subscriptionSchema.index({ deletedAt: 1, _id: -1 });

export const WebhookSubscriptionModel = model<WebhookSubscription>('WebhookSubscription', subscriptionSchema);
export type WebhookSubscriptionRecord = WebhookSubscription & { _id: Types.ObjectId };

export const DELIVERY_STATUSES = ['PENDING', 'RETRYING', 'SUCCEEDED', 'DEAD'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  at: Date;
  attempt: number;
  /** the receiver's HTTP status; null when no answer came (refused, timed out) */
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  subscriptionId: Types.ObjectId;
  keyId: string;
  eventId: string;
  eventType: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
  /** the latest attempts, newest last (at most ATTEMPT_LOG_LENGTH) */
  log: DeliveryAttempt[];
  /** bumped by a redelivery: the job id of each round is distinct */
  round: number;
}

export const ATTEMPT_LOG_LENGTH = 20;

const deliverySchema = new Schema<WebhookDelivery>(
  {
    subscriptionId: { type: Schema.Types.ObjectId, required: true },
    keyId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, enum: WEBHOOK_EVENT_TYPES, required: true },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    attempts: { type: Number, default: 0 },
    lastStatusCode: { type: Number, default: null },
    lastError: { type: String, default: null },
    nextAttemptAt: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    log: {
      type: [
        new Schema<DeliveryAttempt>(
          { at: { type: Date, required: true }, attempt: { type: Number, required: true }, statusCode: { type: Number, default: null }, error: { type: String, default: null }, durationMs: { type: Number, required: true } },
          { _id: false },
        ),
      ],
      default: [],
    },
    round: { type: Number, default: 0 },
  },
  { collection: 'webhookDeliveries', versionKey: false },
);
// one delivery per subscription and event, whoever dispatches it and however often
deliverySchema.index({ subscriptionId: 1, eventId: 1 }, { unique: true });
// the log as partners page it: a key's deliveries (optionally one subscription's), newest first
deliverySchema.index({ keyId: 1, _id: -1 });
deliverySchema.index({ subscriptionId: 1, _id: -1 });
deliverySchema.index({ eventId: 1 });

export const WebhookDeliveryModel = model<WebhookDelivery>('WebhookDelivery', deliverySchema);
export type WebhookDeliveryRecord = WebhookDelivery & { _id: Types.ObjectId };
