/**
 * Late data (DESIGN §8): records of a closed month that were written after its last close. They are
 * kept (the model stores them like any other), the month is marked `dirty`, and one LATE-DATA flag per
 * stream tells the stewards; the next close freezes a new version and clears the flags.
 */
import { MovementModel, PeriodReportModel, type Stream } from '../model';
import { closeMissing, upsertFlags, type RaisedFlag } from '../reconcile/flags';
import { PeriodModel, type PeriodRecord } from './periodModel';

export const LATE_DATA_RULE = 'LATE-DATA';

interface LateRecords {
  stream: Stream;
  count: number;
  sourceRecordIds: string[];
}

/** Counts a closed month's records changed after its last close, per stream (two queries). */
export async function lateRecords(month: string, closedAt: Date): Promise<LateRecords[]> {
  const byStream = new Map<Stream, LateRecords>();
  const collect = (doc: { stream: Stream; sources?: { toHexString(): string }[] }) => {
    const entry = byStream.get(doc.stream) ?? { stream: doc.stream, count: 0, sourceRecordIds: [] };
    entry.count += 1;
    for (const s of doc.sources ?? []) if (entry.sourceRecordIds.length < 20) entry.sourceRecordIds.push(s.toHexString());
    byStream.set(doc.stream, entry);
  };
  for await (const m of MovementModel.find({ period: month, updatedAt: { $gt: closedAt } }).select({ stream: 1, sources: 1 }).lean().cursor()) collect(m);
  for await (const r of PeriodReportModel.find({ months: month, updatedAt: { $gt: closedAt } }).select({ stream: 1, sources: 1 }).lean().cursor()) collect(r);
  return [...byStream.values()].sort((a, b) => (a.stream < b.stream ? -1 : 1));
}

export function lateDataFlag(month: string, version: number, late: LateRecords): RaisedFlag {
  return {
    rule: LATE_DATA_RULE,
    severity: 'MEDIUM',
    stream: late.stream,
    subject: { kind: 'RECORD', key: `${late.stream}@${month}`, label: `${late.stream} records for closed period ${month}` },
    period: month,
    evidence: {
      sides: [
        {
          source: late.stream,
          stream: late.stream,
          label: `records written after the close of version ${version}`,
          value: String(late.count),
          unit: 'records',
          sourceRecordIds: late.sourceRecordIds,
        },
      ],
      difference: `${late.count} late record(s)`,
      tolerance: 'any',
      message: `${late.count} ${late.stream} record(s) for ${month} arrived after version ${version} was frozen; re-close the period to publish version ${version + 1}`,
    },
  };
}

/**
 * For a closed month: counts late records, marks the period dirty and raises (or updates) the LATE-DATA
 * flags. Returns the number of late records (0 for an open month).
 */
export async function detectLateData(month: string, now: Date = new Date()): Promise<number> {
  const period = await PeriodModel.findOne({ period: month }).lean<PeriodRecord>();
  if (!period || period.status !== 'CLOSED' || !period.lastClosedAt) return 0;
  const late = await lateRecords(month, period.lastClosedAt);
  const total = late.reduce((s, l) => s + l.count, 0);
  if (total === 0) return 0;
  await PeriodModel.updateOne({ period: month }, { $set: { dirty: true, lateRecords: total } });
  await upsertFlags({ runId: `late-data-${month}`, at: now }, late.map((l) => lateDataFlag(month, period.lastVersion, l)));
  return total;
}

/** After a re-close the late data is part of the new version: its flags close. */
export async function clearLateDataFlags(month: string, version: number, now: Date = new Date()): Promise<void> {
  await closeMissing({ runId: `close-${month}-v${version}`, at: now }, { rules: [LATE_DATA_RULE], periods: [month] }, new Set());
}
