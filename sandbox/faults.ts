/**
 * Fault switches per source (sources/README.md "Faults are normal"). All random choices come from a
 * seeded generator and a request counter, so a test that sets a switch sees the same faults every run.
 */
import { Rng } from './scenario/prng';

export interface FaultSwitches {
  /** added before every response, ms */
  latencyMs?: number;
  /** share of requests never answered (the socket is held, then dropped after `timeoutHoldMs`) */
  timeoutRate?: number;
  /** how long a timed-out request is held before the socket is destroyed (default 30 s) */
  timeoutHoldMs?: number;
  /** share of requests answered with HTTP 500 */
  errorRate?: number;
  /** 429 bursts: after every `every` requests, the next `length` requests get 429 with Retry-After */
  burst429?: { every: number; length: number; retryAfterSeconds?: number };
  /** REST: each page after the first starts with this many records repeated from the previous page */
  repeatRecords?: number;
  /** REST: share of records served with a corrupted field (the record is then malformed) */
  malformedRate?: number;
  /** REST: a field renamed in every record; files: a CSV/XLSX header renamed */
  renamedColumn?: { from: string; to: string };
  /** files: CSV served in the other encoding (UTF-8 ↔ GB18030) with no notice */
  wrongEncoding?: boolean;
  /** scenario-clock window (epoch ms) during which every request gets 503 */
  outage?: { from: number; to: number };
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'timeout'; holdMs: number }
  | { kind: 'error'; status: 500 | 503 }
  | { kind: 'rateLimited'; retryAfterSeconds: number };

/** Decides, request by request, which fault (if any) a source exhibits. */
export class FaultInjector {
  private switches: FaultSwitches = {};
  private requests = 0;
  private rng: Rng;

  constructor(private readonly seed: string) {
    this.rng = new Rng(seed);
  }

  set(switches: FaultSwitches): void {
    this.switches = { ...switches };
    this.requests = 0;
    this.rng = new Rng(this.seed);
  }

  get current(): FaultSwitches {
    return this.switches;
  }

  decide(clock: number): FaultDecision {
    const s = this.switches;
    this.requests++;
    if (s.outage && clock >= s.outage.from && clock < s.outage.to) return { kind: 'error', status: 503 };
    if (s.burst429 && s.burst429.every > 0) {
      const cycle = s.burst429.every + s.burst429.length;
      const position = (this.requests - 1) % cycle;
      if (position >= s.burst429.every) return { kind: 'rateLimited', retryAfterSeconds: s.burst429.retryAfterSeconds ?? 1 };
    }
    const roll = this.rng.next();
    if (s.timeoutRate && roll < s.timeoutRate) return { kind: 'timeout', holdMs: s.timeoutHoldMs ?? 30_000 };
    if (s.errorRate && roll >= (s.timeoutRate ?? 0) && roll < (s.timeoutRate ?? 0) + s.errorRate) return { kind: 'error', status: 500 };
    return { kind: 'none' };
  }

  /** Whether a given record is served corrupted (stable per record id while the switch is set). */
  corrupts(recordId: string): boolean {
    const rate = this.switches.malformedRate ?? 0;
    if (rate <= 0) return false;
    return new Rng(`${this.seed}/malformed/${recordId}`).next() < rate;
  }
}
