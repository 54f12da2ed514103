/**
 * The one way domain code emits an event: `recordEvents`, called right after the change it reports
 * is written (reconcile/flags, indicators/close). The events land in the outbox collection, nothing
 * more: no Redis, no HTTP, so the flag workflow or a close never waits on a partner. The dispatcher
 * (dispatch.ts) picks them up.
 *
 * The embedded store has no multi-document transactions, so the change and its event are two writes:
 * event ids are deterministic (a flag's key and revision, a period's version), which lets every writer
 * that may have died between the two — a resumed close, the next reconciliation — write the event
 * again safely; a duplicate is refused by the unique index.
 */
import { bulkWriteInChunks } from '../store/writes';
import type { HubEvent } from './events';
import { WebhookEventModel, type WebhookEvent } from './models';

export async function recordEvents(events: readonly HubEvent[], now: Date = new Date()): Promise<void> {
  if (events.length === 0) return;
  const ops = events.map((event) => ({ insertOne: { document: { ...event, dispatchedAt: null, createdAt: now } satisfies WebhookEvent } }));
  await bulkWriteInChunks(WebhookEventModel, ops, { ignoreDuplicateKeys: true });
}
