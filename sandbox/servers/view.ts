/** A REST stream as visible at the current scenario clock, in change order; cached per clock value. */
import { recordsAsOf } from '../bundles';
import type { JsonRecord, VersionedRecord } from '../scenario/types';
import type { ScenarioClock } from './http';

export interface VisibleRecord {
  at: number;
  id: string;
  body: JsonRecord;
}

export class StreamView {
  private cachedAt = Number.NaN;
  private cached: VisibleRecord[] = [];
  constructor(private readonly records: VersionedRecord[], private readonly clock: ScenarioClock) {}

  visible(): VisibleRecord[] {
    const now = this.clock.now();
    if (now !== this.cachedAt) {
      this.cached = recordsAsOf(this.records, now);
      this.cachedAt = now;
    }
    return this.cached;
  }

  /** Index of the first record at or after (at, id) in change order. */
  lowerBound(at: number, id = ''): number {
    const list = this.visible();
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const r = list[mid] as VisibleRecord;
      if (r.at < at || (r.at === at && r.id < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
