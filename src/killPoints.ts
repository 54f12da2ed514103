/**
 * Kill points for the fault-injection suite (test/integration/faults): with `HUB_KILL_AT` set, the
 * process SIGKILLs itself where a crash would hurt most, so a test can check that the next run
 * converges. Points, each after a write and before the next: `sync:<stream>:<batch>` (a batch's records
 * stored, not yet projected, state not saved), `records:stored` (a batch's source records written,
 * their completeness filings not yet), `reconcile:flush:<n>` (the n-th batch of flags upserted),
 * `reconcile:closed` (flags no longer raised closed, the run still RUNNING), `indicators:month:<YYYY-MM>`
 * (a month's aggregates written), `indicators:chunk:<n>` (the n-th chunk of live values written),
 * `close:<claim|freeze|publish>` (after that step of the close), `outbox:pending` (a flag change's
 * events written pending, the change not yet), `outbox:written` (the change written, its events not yet
 * confirmed), `after:<ms>` (wherever the process is
 * by then). With `HUB_KILL_POINTS_LOG` set, every point passed is appended to that file, so a test can
 * pick its kill points among those an undisturbed run passes. Unset (always, outside tests), nothing happens.
 */
import { appendFileSync } from 'node:fs';
import { config } from './config';

/** SIGKILLs this process when `point` is the configured kill point. */
export function killPoint(point: string): void {
  const settings = config();
  if (settings.HUB_KILL_POINTS_LOG) appendFileSync(settings.HUB_KILL_POINTS_LOG, `${point}\n`);
  if (settings.HUB_KILL_AT === point) process.kill(process.pid, 'SIGKILL');
}

/** With `HUB_KILL_AT=after:<ms>`, SIGKILLs this process that long after the call. */
export function armKillTimer(): void {
  const delay = /^after:(\d+)$/.exec(config().HUB_KILL_AT ?? '');
  if (delay) setTimeout(() => process.kill(process.pid, 'SIGKILL'), Number(delay[1])).unref();
}
