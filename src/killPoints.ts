/**
 * Kill points for the fault-injection suite (test/integration/faults): with `HUB_KILL_AT` set, the
 * process SIGKILLs itself where a crash would hurt most, so a test can check that the next run
 * converges. Points: `sync:<stream>:<batch>` (a batch's records stored, not yet projected, state not
 * saved), `close:<claim|freeze|publish>` (after that step of the close), `after:<ms>` (wherever the
 * process is by then). Unset (always, outside tests), nothing happens.
 */
import { config } from './config';

function killPointSetting(): string | undefined {
  return config().HUB_KILL_AT;
}

/** SIGKILLs this process when `point` is the configured kill point. */
export function killPoint(point: string): void {
  if (killPointSetting() === point) process.kill(process.pid, 'SIGKILL');
}

/** With `HUB_KILL_AT=after:<ms>`, SIGKILLs this process that long after the call. */
export function armKillTimer(): void {
  const delay = /^after:(\d+)$/.exec(killPointSetting() ?? '');
  if (delay) setTimeout(() => process.kill(process.pid, 'SIGKILL'), Number(delay[1])).unref();
}
