/**
 * Webhook subscriptions and their delivery log (schema/webhooks.graphql). A key owns its
 * subscriptions; ADMIN sees and acts on every key's. What a subscription receives is decided when an
 * event is dispatched (webhooks/dispatch.ts), by the key's scope then.
 */
import type { FilterQuery } from 'mongoose';
import { z } from 'zod';
import type { Caller } from '../../auth/roles';
import { config } from '../../config';
import { WEBHOOK_EVENT_TYPES } from '../../webhooks/events';
import { WebhookDeliveryModel, WebhookSubscriptionModel, type WebhookDelivery, type WebhookDeliveryRecord, type WebhookSubscriptionRecord } from '../../webhooks/models';
import { enqueueDelivery } from '../../webhooks/queue';
import { newWebhookSecret } from '../../webhooks/signature';
import { paginate, type ConnectionPage, type Edge, type SortKey } from '../connections';
import { badInput, conflict, forbidden, notFound } from '../errors';
import type { Resolvers } from '../generated/resolvers';
import { parseObjectId } from '../loaders';

export type WebhookDeliveryConnectionParent = ConnectionPage<WebhookDeliveryRecord>;
export type WebhookDeliveryEdgeParent = Edge<WebhookDeliveryRecord>;

export const MAX_SUBSCRIPTIONS_PER_KEY = 20;
const URL_MAX_LENGTH = 2000;
const DELIVERIES_NEWEST_FIRST: SortKey<WebhookDelivery> = { name: 'webhookDeliveries', field: '_id', direction: -1, kind: 'id' };

/** A receiver's URL: absolute, http or https, no user name or password in it (they would be stored and logged). */
export function webhookUrl(raw: string): string {
  if (raw.length > URL_MAX_LENGTH) throw badInput(`url: at most ${URL_MAX_LENGTH} characters`, 'url');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badInput('url: not an absolute URL', 'url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badInput(`url: the scheme must be http or https, not ${url.protocol.replace(':', '')}`, 'url');
  if (url.username || url.password) throw badInput('url: credentials in the URL are refused; authenticate the hub by the signature', 'url');
  return url.toString();
}

const subscriptionInput = z.object({
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'at least one event').max(WEBHOOK_EVENT_TYPES.length),
});

const owns = (caller: Caller, record: { keyId: string }) => caller.role === 'ADMIN' || record.keyId === caller.keyId;

async function ownSubscription(caller: Caller, id: string): Promise<WebhookSubscriptionRecord> {
  const subscription = await WebhookSubscriptionModel.findById(parseObjectId(id)).lean<WebhookSubscriptionRecord>();
  if (!subscription) throw notFound('webhook subscription', id);
  // ownership first: another key learns nothing of a subscription, deleted or not
  if (!owns(caller, subscription)) throw forbidden('a webhook subscription belongs to the key that created it');
  if (subscription.deletedAt) throw notFound('webhook subscription', id);
  return subscription;
}

export const webhookResolvers: Resolvers = {
  Query: {
    webhookSubscriptions: async (_parent, _args, { caller }) => {
      const match: FilterQuery<WebhookSubscriptionRecord> = caller!.role === 'ADMIN' ? { deletedAt: null } : { keyId: caller!.keyId, deletedAt: null };
      return WebhookSubscriptionModel.find(match).sort({ _id: -1 }).lean<WebhookSubscriptionRecord[]>();
    },
    webhookDeliveries: async (_parent, { subscription, status, first, after }, { caller }) => {
      const match: FilterQuery<WebhookDelivery> = caller!.role === 'ADMIN' ? {} : { keyId: caller!.keyId };
      if (subscription != null) match.subscriptionId = parseObjectId(subscription, 'subscription');
      if (status?.length) match.status = { $in: [...status] };
      return paginate(WebhookDeliveryModel, match, DELIVERIES_NEWEST_FIRST, { first, after });
    },
  },
  Mutation: {
    createWebhookSubscription: async (_parent, { input }, { caller }) => {
      const parsed = subscriptionInput.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badInput(`${issue.path.join('.')}: ${issue.message}`, String(issue.path[0]));
      }
      const url = webhookUrl(parsed.data.url);
      const live = await WebhookSubscriptionModel.countDocuments({ keyId: caller!.keyId, deletedAt: null });
      if (live >= MAX_SUBSCRIPTIONS_PER_KEY) throw badInput(`a key has at most ${MAX_SUBSCRIPTIONS_PER_KEY} live webhook subscriptions; delete one first`);
      const secret = newWebhookSecret();
      const created = await WebhookSubscriptionModel.create({
        keyId: caller!.keyId,
        url,
        events: [...new Set(parsed.data.events)],
        secret,
        createdAt: new Date(),
        createdBy: caller!.label,
        deletedAt: null,
        deletedBy: null,
      });
      return { subscription: created.toObject<WebhookSubscriptionRecord>(), secret };
    },
    deleteWebhookSubscription: async (_parent, { id }, { caller }) => {
      const subscription = await ownSubscription(caller!, id);
      const deleted = await WebhookSubscriptionModel.findOneAndUpdate(
        { _id: subscription._id, deletedAt: null },
        { $set: { deletedAt: new Date(), deletedBy: caller!.keyId } },
        { new: true },
      ).lean<WebhookSubscriptionRecord>();
      if (!deleted) throw notFound('webhook subscription', id);
      return deleted;
    },
    redeliverWebhook: async (_parent, { deliveryId }, { caller, jobs }) => {
      const delivery = await WebhookDeliveryModel.findById(parseObjectId(deliveryId, 'deliveryId')).lean<WebhookDeliveryRecord>();
      if (!delivery) throw notFound('webhook delivery', deliveryId);
      if (!owns(caller!, delivery)) throw forbidden('a webhook delivery belongs to the key of its subscription');
      await ownSubscription(caller!, delivery.subscriptionId.toHexString());
      // a round in progress would race its own retries: redeliver what has ended
      if (delivery.status === 'PENDING' || delivery.status === 'RETRYING') throw conflict(`delivery ${deliveryId} is ${delivery.status}: it is still being attempted`);
      const again = await WebhookDeliveryModel.findOneAndUpdate(
        { _id: delivery._id, round: delivery.round },
        { $set: { status: 'PENDING', nextAttemptAt: new Date(), lastError: null }, $inc: { round: 1 } },
        { new: true },
      ).lean<WebhookDeliveryRecord>();
      if (!again) throw conflict(`delivery ${deliveryId} is being redelivered already`);
      await enqueueDelivery(jobs, config(), again);
      return again;
    },
  },
  WebhookSubscription: {
    id: (s) => s._id.toHexString(),
  },
  WebhookDelivery: {
    id: (d) => d._id.toHexString(),
    subscriptionId: (d) => d.subscriptionId.toHexString(),
  },
  WebhookDeliveryConnection: {
    totalCount: (page) => page.count(),
  },
};
