/**
 * Webhook signatures: HMAC-SHA256 over `<timestamp>.<body>` with the subscription's secret, sent as
 * `X-Hub-Signature: sha256=<hex>` beside `X-Hub-Timestamp: <unix seconds>`. Signing the timestamp
 * lets a receiver refuse replays older than a few minutes; comparing in constant time keeps the
 * signature from leaking byte by byte.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature';
export const TIMESTAMP_HEADER = 'x-hub-timestamp';
export const EVENT_ID_HEADER = 'x-hub-event-id';
export const EVENT_TYPE_HEADER = 'x-hub-event';
export const DELIVERY_HEADER = 'x-hub-delivery';

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does (docs/partners.md shows the same in a few lines): signature and freshness. */
export function verifyWebhook(secret: string, headers: { signature: string | undefined; timestamp: string | undefined }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const timestamp = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
