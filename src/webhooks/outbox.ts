/**
 * The one way domain code emits an event. The events land in the outbox collection, nothing more: no
 * Redis, no HTTP, so the flag workflow or a close never waits on a partner. The dispatcher
 * (dispatch.ts) picks them up.
 *
 * The embedded store has no multi-document transactions, so a change and its event are two writes.
 * Event ids are deterministic (a flag's key and revision, a period's version): an event written twice
 * is stored once (the unique index refuses the duplicate).
 * - A close (indicators/close) writes its events after the change with `recordEvents`: a close killed
 *   in between is resumed by the next one, which writes them then.
 * - A flag change has no such resumer, so it goes the other way round (`recordFlagEvents`): its events
 *   are written pending first, each naming the flag write it reports (flag, revision, history entry),
 *   then the flag, then the events themselves, and the pending ones are removed. A writer killed after
 *   the flag leaves a pending event the dispatcher confirms (the flag shows that entry); one killed
 *   before it, or whose conditional write missed, leaves one the dispatcher drops.
 */
import { Types } from 'mongoose';
import { killPoint } from '../killPoints';
import { bulkWriteInChunks } from '../store/writes';
import type { HubEvent } from './events';
import { WebhookEventModel, type AwaitedFlagWrite, type WebhookEvent } from './models';

export async function recordEvents(events: readonly HubEvent[], now: Date = new Date()): Promise<void> {
  if (events.length === 0) return;
  const ops = events.map((event) => ({ insertOne: { document: { ...event, dispatchedAt: null, createdAt: now } satisfies WebhookEvent } }));
  await bulkWriteInChunks(WebhookEventModel, ops, { ignoreDuplicateKeys: true });
}

/** A flag event and the write it reports: the flag's `revision` it produces, with a history entry of this time and actor. */
export interface FlagWriteEvent {
  event: HubEvent;
  flagId: Types.ObjectId;
  revision: number;
  at: Date;
  actorId: string;
}

/** The pending events of one flag write (or one batch of them), to settle once the write returned. */
export interface PendingFlagEvents {
  /** records the events of the writes that applied and removes every pending one */
  settle(applied: readonly HubEvent[]): Promise<void>;
}

/** Writes the events of flag writes about to be made as pending; call before the flag writes. */
export async function recordFlagEvents(writes: readonly FlagWriteEvent[], now: Date = new Date()): Promise<PendingFlagEvents> {
  const ids = writes.map(() => new Types.ObjectId());
  const ops = writes.map((write, i) => {
    const awaits: AwaitedFlagWrite = { eventId: write.event.eventId, flagId: write.flagId, revision: write.revision, at: write.at, actorId: write.actorId };
    // its own eventId: two writers racing for one revision each keep theirs, the flag tells which applied
    const document = { ...write.event, _id: ids[i]!, eventId: `pending:${ids[i]!.toHexString()}`, awaits, dispatchedAt: null, createdAt: now } satisfies WebhookEvent & { _id: Types.ObjectId };
    return { insertOne: { document } };
  });
  if (ops.length) await bulkWriteInChunks(WebhookEventModel, ops);
  if (ops.length) killPoint('outbox:pending');
  return {
    async settle(applied) {
      if (ops.length) killPoint('outbox:written');
      await recordEvents(applied, now);
      await removePendingEvents(ids);
    },
  };
}

/** Deletes pending events one `_id` at a time (a lone `_id` is a point write on the embedded store too). */
export async function removePendingEvents(ids: readonly Types.ObjectId[]): Promise<void> {
  await bulkWriteInChunks(WebhookEventModel, ids.map((_id) => ({ deleteOne: { filter: { _id } } })));
}
