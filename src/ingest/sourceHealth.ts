/**
 * How long each source has been failing, shared by every process through Redis: the first failed sync of
 * a streak stores its time (SET NX), a successful sync deletes it. So every worker and the API report the
 * same `hub_source_failing_seconds{source}` whichever process ran the last sync, and a failure streak
 * survives a worker restart. A source failing for longer than SOURCE_ALERT_AFTER_MINUTES logs at error
 * level on each failed sync and sets `hub_source_alert{source}` to 1 (what an alert rule watches).
 */
import { Gauge } from 'prom-client';
import type { Redis } from 'ioredis';
import { config } from '../config';
import { childLogger } from '../infra/log';
import { registry } from '../infra/metrics';
import { sharedRedis } from '../infra/redis';
import { SOURCES, type SourceId } from '../model/reference/agencies';

const log = childLogger('source-health');

const failingSinceKey = (source: string) => `hub:source-failing-since:${source}`;

const configuredAlertAfterMs = () => config().SOURCE_ALERT_AFTER_MINUTES * 60_000;

/** The shared Redis client, or none in a process without Redis (a benchmark, a unit test): nothing is tracked. */
function connectedRedis(): Redis | undefined {
  try {
    return sharedRedis();
  } catch {
    return undefined;
  }
}

export interface SourceHealth {
  failingSince: Date | null;
  alerting: boolean;
}

/** Records a sync of `source` that ended at `at`; a failure starts (or continues) a failure streak. */
export async function recordSourceOutcome(
  source: SourceId,
  outcome: { failed: boolean; at: Date; problem?: string },
  { redis = connectedRedis(), alertAfterMs = configuredAlertAfterMs() }: { redis?: Redis; alertAfterMs?: number } = {},
): Promise<SourceHealth | null> {
  if (!redis) return null;
  const key = failingSinceKey(source);
  if (!outcome.failed) {
    await redis.del(key);
    return { failingSince: null, alerting: false };
  }
  await redis.set(key, String(outcome.at.getTime()), 'NX');
  const since = Number(await redis.get(key));
  const failingMs = outcome.at.getTime() - since;
  const alerting = failingMs >= alertAfterMs;
  if (alerting) {
    log.error(
      { alert: 'source-failing', source, failingSince: new Date(since).toISOString(), failingMinutes: Math.floor(failingMs / 60_000), alertAfterMinutes: alertAfterMs / 60_000, problem: outcome.problem },
      'source failing for longer than SOURCE_ALERT_AFTER_MINUTES',
    );
  }
  return { failingSince: new Date(since), alerting };
}

/** Seconds each source has been failing (0 when its last sync succeeded), read from Redis at scrape time. */
async function failingSeconds(): Promise<Map<SourceId, number> | null> {
  const redis = connectedRedis();
  if (!redis) return null;
  const values = await redis.mget(SOURCES.map(failingSinceKey));
  const now = Date.now();
  return new Map(SOURCES.map((source, i) => [source, values[i] ? Math.max(0, (now - Number(values[i])) / 1000) : 0]));
}

export const sourceFailingSeconds = new Gauge({
  name: 'hub_source_failing_seconds',
  help: 'Seconds since the first failed sync of a source with no successful sync since (0 when its last sync succeeded)',
  labelNames: ['source'] as const,
  registers: [registry],
  async collect() {
    const seconds = await failingSeconds().catch(() => null);
    for (const [source, value] of seconds ?? []) this.set({ source }, value);
  },
});

export const sourceAlert = new Gauge({
  name: 'hub_source_alert',
  help: 'A source failing for longer than SOURCE_ALERT_AFTER_MINUTES (1) or not (0)',
  labelNames: ['source'] as const,
  registers: [registry],
  async collect() {
    const seconds = await failingSeconds().catch(() => null);
    const alertAfterMs = configuredAlertAfterMs();
    for (const [source, value] of seconds ?? []) this.set({ source }, value > 0 && value * 1000 >= alertAfterMs ? 1 : 0);
  },
});
