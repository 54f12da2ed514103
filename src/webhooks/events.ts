/**
 * The events the hub pushes to partners' webhooks, and who may receive one. An event names the
 * streams its detail belongs to: a flag event goes to keys reading the flag's stream (or an agency it
 * was escalated to), the way `flag(id)` is scoped; a closed period and a revised indicator are
 * aggregates every key reads (`periods`, `indicators`), so they name no stream.
 */
import type { Stream } from '../auth/roles';

export const WEBHOOK_EVENT_TYPES = ['FLAG_RAISED', 'FLAG_RESOLVED', 'FLAG_REOPENED', 'PERIOD_CLOSED', 'INDICATOR_REVISED'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a subscriber's key must read to receive the event; no streams and no agencies: every key. */
export interface EventScope {
  streams: Stream[];
  /** agencies a flag was escalated to read it too */
  agencies: string[];
}

/** An event as the outbox stores it: `eventId` is deterministic, so writing it twice stores it once. */
export interface HubEvent {
  eventId: string;
  type: WebhookEventType;
  occurredAt: Date;
  scope: EventScope;
  /** the body's `data`: what the matching query would show a PARTNER (no payloads, no source record ids) */
  data: Record<string, unknown>;
}

/** A flag's lifecycle event (reconcile/flags writes them with the change). */
export function flagEvent(
  type: Extract<WebhookEventType, 'FLAG_RAISED' | 'FLAG_RESOLVED' | 'FLAG_REOPENED'>,
  flag: {
    _id?: { toHexString(): string } | null;
    key: string;
    rule: string;
    severity: string;
    stream: Stream;
    period: string;
    status: string;
    subject: { kind: string; key: string; label?: string | null };
    escalatedTo?: readonly string[] | null;
    evidence: { message: string };
    resolution?: { kind: string; reason: string } | null;
  },
  revision: number,
  at: Date,
  actor: { label: string },
): HubEvent {
  return {
    eventId: `flag:${flag.key}:${revision}`,
    type,
    occurredAt: at,
    scope: { streams: [flag.stream], agencies: [...(flag.escalatedTo ?? [])] },
    data: {
      flag: {
        id: flag._id?.toHexString() ?? null,
        key: flag.key,
        rule: flag.rule,
        severity: flag.severity,
        stream: flag.stream,
        period: flag.period,
        status: flag.status,
        subject: { kind: flag.subject.kind, key: flag.subject.key, label: flag.subject.label ?? null },
        message: flag.evidence.message,
        resolution: flag.resolution ? { kind: flag.resolution.kind, reason: flag.resolution.reason } : null,
        revision,
      },
      actor: actor.label,
    },
  };
}

/** The flag event a status change is, if any: into RESOLVED / DISMISSED resolves, back to OPEN reopens. */
export function flagTransitionEvent(from: string | null, to: string | null): 'FLAG_RESOLVED' | 'FLAG_REOPENED' | null {
  if (!to || to === from) return null;
  if (to === 'RESOLVED' || to === 'DISMISSED') return 'FLAG_RESOLVED';
  if (to === 'OPEN' && from !== null) return 'FLAG_REOPENED';
  return null;
}

export function periodClosedEvent(period: string, version: number, at: Date, indicatorValues: number): HubEvent {
  return {
    eventId: `period:${period}:${version}`,
    type: 'PERIOD_CLOSED',
    occurredAt: at,
    scope: { streams: [], agencies: [] },
    data: { period, version, indicatorValues },
  };
}

export interface IndicatorRevision {
  code: string;
  period: string;
  area: string;
  version: number;
  value: string | null;
  previousVersion: number;
  previousValue: string | null;
}

export function indicatorRevisedEvent(revision: IndicatorRevision, at: Date): HubEvent {
  return {
    eventId: `indicator:${revision.code}:${revision.period}:${revision.area}:${revision.version}`,
    type: 'INDICATOR_REVISED',
    occurredAt: at,
    scope: { streams: [], agencies: [] },
    data: { ...revision },
  };
}
