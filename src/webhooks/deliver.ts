/**
 * One attempt of one delivery: POST the event, signed, to the subscription's URL, and record the
 * attempt. A 2xx answer is SUCCEEDED; anything else (another status, a redirect — never followed —, a
 * refused connection, a private address (target.ts), no answer within WEBHOOK_TIMEOUT_MS) is a failed attempt: RETRYING while
 * attempts remain (the queue retries with exponential backoff), DEAD after the last one. A
 * subscription deleted or a key revoked in the meantime ends the delivery DEAD without sending.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { ApiKeyModel } from '../auth/apiKey';
import { ATTEMPT_LOG_LENGTH, WebhookDeliveryModel, WebhookEventModel, WebhookSubscriptionModel, type DeliveryAttempt, type DeliveryStatus, type WebhookDeliveryRecord, type WebhookEventRecord, type WebhookSubscriptionRecord } from './models';
import { isPrivateAddress, PrivateTargetError, publicOnlyLookup } from './target';
import { DELIVERY_HEADER, EVENT_ID_HEADER, EVENT_TYPE_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature';

export interface DeliveryOptions {
  /** the attempt within this round (1-based) and how many a round has */
  attempt: number;
  maxAttempts: number;
  timeoutMs: number;
  /** deliver to loopback and private addresses too (target.ts) */
  allowPrivateTargets: boolean;
  /** the first retry delay, doubling: only to tell the log when the next attempt is due */
  backoffMs: number;
  now?: () => Date;
}

export interface AttemptOutcome {
  status: DeliveryStatus;
  /** true: the queue should retry (the handler throws) */
  retry: boolean;
  error: string | null;
}

/** The body a receiver gets: the event as stored in the outbox. */
export function webhookBody(event: Pick<WebhookEventRecord, 'eventId' | 'type' | 'occurredAt' | 'data'>): string {
  return JSON.stringify({ id: event.eventId, type: event.type, occurredAt: event.occurredAt.toISOString(), data: event.data });
}

const MAX_ERROR_LENGTH = 300;

/** One POST, never following a redirect, its answer's body discarded: only the status decides. */
function post(url: string, headers: Record<string, string>, body: string, options: Pick<DeliveryOptions, 'timeoutMs' | 'allowPrivateTargets'>): Promise<{ statusCode: number | null; error: string | null }> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  // a literal address is connected to without a lookup, so it is checked here
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateTargets && isIP(literal) && isPrivateAddress(literal)) {
    return Promise.resolve({ statusCode: null, error: `${literal} is a private address: refused (WEBHOOK_ALLOW_PRIVATE_TARGETS)` });
  }
  return new Promise((resolve) => {
    const done = (statusCode: number | null, error: string | null) => resolve({ statusCode, error: error?.slice(0, MAX_ERROR_LENGTH) ?? null });
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal: AbortSignal.timeout(options.timeoutMs),
        ...(options.allowPrivateTargets ? {} : { lookup: publicOnlyLookup() }),
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        res.on('end', () => done(status, status >= 200 && status < 300 ? null : `HTTP ${status}`));
        res.on('error', (err) => done(status, err.message));
      },
    );
    req.on('error', (err: Error & { code?: string }) => {
      if (err.name === 'AbortError') return done(null, `no answer within ${options.timeoutMs} ms`);
      done(null, err instanceof PrivateTargetError ? err.message : (err.code ?? err.message));
    });
    req.end(body);
  });
}

async function finish(delivery: WebhookDeliveryRecord, set: Partial<WebhookDeliveryRecord>, attempt?: DeliveryAttempt): Promise<void> {
  await WebhookDeliveryModel.updateOne(
    { _id: delivery._id },
    attempt ? { $set: set, $inc: { attempts: 1 }, $push: { log: { $each: [attempt], $slice: -ATTEMPT_LOG_LENGTH } } } : { $set: set },
  );
}

export async function attemptDelivery(deliveryId: string, options: DeliveryOptions): Promise<AttemptOutcome> {
  const now = options.now ?? (() => new Date());
  const delivery = await WebhookDeliveryModel.findById(deliveryId).lean<WebhookDeliveryRecord>();
  if (!delivery || delivery.status === 'SUCCEEDED' || delivery.status === 'DEAD') {
    return { status: delivery?.status ?? 'DEAD', retry: false, error: delivery ? null : 'no such delivery' };
  }
  const subscription = await WebhookSubscriptionModel.findById(delivery.subscriptionId).lean<WebhookSubscriptionRecord>();
  const key = await ApiKeyModel.findOne({ keyId: delivery.keyId }).lean();
  const gone = !subscription || subscription.deletedAt ? 'the subscription was deleted' : !key || key.revokedAt ? 'the subscriber’s key was revoked' : null;
  const event = gone ? null : await WebhookEventModel.findOne({ eventId: delivery.eventId }).lean<WebhookEventRecord>();
  if (gone || !event) {
    const error = gone ?? 'the event is no longer stored';
    await finish(delivery, { status: 'DEAD', lastError: error, nextAttemptAt: null });
    return { status: 'DEAD', retry: false, error };
  }

  const body = webhookBody(event);
  const startedAt = now();
  const timestamp = Math.floor(startedAt.getTime() / 1000);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'zero-waste-hub-webhooks',
    [EVENT_TYPE_HEADER]: event.type,
    [EVENT_ID_HEADER]: event.eventId,
    [DELIVERY_HEADER]: delivery._id.toHexString(),
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signWebhook(subscription!.secret, timestamp, body),
  };
  const { statusCode, error } = await post(subscription!.url, headers, body, options);
  const attempt: DeliveryAttempt = { at: startedAt, attempt: delivery.attempts + 1, statusCode, error, durationMs: Date.now() - startedAt.getTime() };
  if (!error) {
    await finish(delivery, { status: 'SUCCEEDED', lastStatusCode: statusCode, lastError: null, deliveredAt: now(), nextAttemptAt: null }, attempt);
    return { status: 'SUCCEEDED', retry: false, error: null };
  }
  const last = options.attempt >= options.maxAttempts;
  const nextAttemptAt = last ? null : new Date(now().getTime() + options.backoffMs * 2 ** (options.attempt - 1));
  await finish(delivery, { status: last ? 'DEAD' : 'RETRYING', lastStatusCode: statusCode, lastError: error, nextAttemptAt }, attempt);
  return { status: last ? 'DEAD' : 'RETRYING', retry: !last, error };
}
