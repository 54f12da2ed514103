/**
 * Retiring a replaced file version's records: once a new version of a file is stored completely, its
 * path's records that the version did not deliver again are retired and what was built from them
 * removed; the groups they were part of are handed back for rebuilding (groups.ts).
 */
import type { Types } from 'mongoose';
import type { FilingKind } from '../completeness/calendar';
import { refreshReportPeriods } from '../completeness/filings';
import { reportsOfRun } from '../model/filing';
import { MovementModel } from '../model/movement';
import { PeriodReportModel } from '../model/periodReport';
import { FingerprintModel, SourceRecordModel, type SourceFileRef } from '../model/sourceRecord';
import { markMovementListStale } from '../store/movementLists';
import { addToStreamStats, streamStatsId } from '../store/streamStats';
import { chunks } from '../store/writes';
import type { ProjectionContext, ProjectionCounts } from './project';

/**
 * Once a file version is stored completely: its path's records that this version did not deliver
 * again are retired, and what was built from them removed (reports, movements); the groups they were
 * part of are returned, for the caller to rebuild.
 */
export async function retireReplacedRecords(context: ProjectionContext, stream: string, file: SourceFileRef, at: Date): Promise<{ retired: number; counts: ProjectionCounts; groupKeys: Set<string> }> {
  const stale = await SourceRecordModel.find(
    { source: context.source, stream, 'file.path': file.path, 'file.sha256': { $ne: file.sha256 }, retiredAt: null },
    { groupKey: 1 },
  )
    .lean<Array<{ _id: Types.ObjectId; groupKey?: string | null }>>()
    .exec();
  const counts: ProjectionCounts = { inserted: 0, updated: 0, deleted: 0 };
  const groupKeys = new Set<string>();
  if (stale.length === 0) return { retired: 0, counts, groupKeys };
  const ids = stale.map((r) => r._id);
  for (const chunk of chunks(ids)) {
    const { modifiedCount } = await SourceRecordModel.updateMany({ _id: { $in: chunk } }, { $set: { retiredAt: at } }).exec();
    await addToStreamStats(new Map([[streamStatsId(context.source, stream), { liveRecords: -modifiedCount }]]));
    // a retired record delivered again is compared with what is stored, not vouched for by a fingerprint
    await FingerprintModel.deleteMany({ recordId: { $in: chunk } }).exec();
  }
  if (context.mapping.grouping?.streams.includes(stream)) {
    for (const record of stale) if (record.groupKey) groupKeys.add(record.groupKey);
  } else {
    const periods: Array<{ kind: FilingKind; period: string }> = [];
    await markMovementListStale(context.source, 'all');
    // the run's record of its reports no longer says what is stored
    reportsOfRun(context.source)?.forget();
    for (const chunk of chunks(ids)) {
      // the completeness filings of the removed reports are recomputed below
      periods.push(...(await PeriodReportModel.find({ sources: { $in: chunk } }).select({ kind: 1, period: 1 }).lean<Array<{ kind: FilingKind; period: string }>>().exec()));
      counts.deleted += (await PeriodReportModel.deleteMany({ sources: { $in: chunk } }).exec()).deletedCount;
      counts.deleted += (await MovementModel.deleteMany({ sources: { $in: chunk } }).exec()).deletedCount;
    }
    await refreshReportPeriods(periods);
  }
  return { retired: stale.length, counts, groupKeys };
}
