/**
 * What a stream run does with quarantine entries, without reading the stream's whole quarantine:
 * - a record its mapping refused is marked on its source record (`mappingRejectedAt`) and loses its
 *   fingerprint, so its next delivery is compared with the stored record and the marker comes back
 *   with it: an unchanged record still marked is mapped again (a fixed mapping takes it);
 * - a record that went through mapping resolves the open entry under its key, if any (one statement);
 * - a file version read to its end resolves its path's entries (whole-file and row rejects) that it did
 *   not repeat: only that path's open entries are read.
 * The source lock makes the run the only writer of its stream's entries; a steward resolving one
 * meanwhile only makes the run's resolution of it a no-op. So in a stream that had no open entry when
 * its run began, the open entries are those the run opened: only their keys are resolved, and only
 * their paths read.
 */
import type { Types } from 'mongoose';
import { QuarantineModel, quarantineRecords, resolveQuarantined, type QuarantineEntry } from '../model/quarantine';
import type { SourceId } from '../model/reference/agencies';
import { FingerprintModel, SourceRecordModel } from '../model/sourceRecord';
import { chunks } from '../store/writes';
import { escapeRegex } from '../reconcile/flagQuery';

export class StreamQuarantine {
  /** Whether the stream had open entries when the run began: asked once per run, before its first entry is added. */
  private openBefore: Promise<boolean> | null = null;
  /** the keys of the entries this run opened (or re-opened), by the time they were last seen */
  private readonly opened = new Map<string, number>();

  constructor(
    private readonly source: SourceId,
    private readonly stream: string,
  ) {}

  /** Quarantines (or re-opens) the entries, all of this stream. */
  async add(entries: readonly QuarantineEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // asked before the run opens any: a stream with none (a first sync) resolves only what the run opens
    await this.hadOpen();
    const now = Date.now();
    for (const entry of entries) this.opened.set(entry.sourceKey, entry.seenAt?.getTime() ?? now);
    await quarantineRecords(entries);
  }

  private hadOpen(): Promise<boolean> {
    this.openBefore ??= QuarantineModel.exists({ source: this.source, stream: this.stream, resolvedAt: null })
      .exec()
      .then((found) => found !== null);
    return this.openBefore;
  }

  /**
   * Records the mapping refused: marked, and their fingerprints dropped so that their next delivery
   * brings the marker back (sourceRecord.ts).
   */
  async mappingRejected(recordIds: readonly Types.ObjectId[], at: Date): Promise<void> {
    for (const chunk of chunks(recordIds)) {
      await SourceRecordModel.updateMany({ _id: { $in: chunk } }, { $set: { mappingRejectedAt: at } }).exec();
      await FingerprintModel.deleteMany({ recordId: { $in: chunk } }).exec();
    }
  }

  /**
   * Records that went through mapping: marked ones (`rejectedBefore`) lose their marker, and any open
   * entry under their keys is resolved (a corrected version, a fixed mapping).
   */
  async passed(sourceKeys: readonly string[], rejectedBefore: readonly Types.ObjectId[] = []): Promise<void> {
    for (const chunk of chunks(rejectedBefore)) await SourceRecordModel.updateMany({ _id: { $in: chunk } }, { $set: { mappingRejectedAt: null } }).exec();
    if (sourceKeys.length === 0) return;
    const keys = (await this.hadOpen()) ? sourceKeys : sourceKeys.filter((key) => this.opened.has(key));
    for (const key of keys) this.opened.delete(key);
    for (const chunk of chunks(keys)) await resolveQuarantined(this.source, this.stream, chunk);
  }

  /**
   * A file version read to its end without re-rejecting a row (or the whole file) that an earlier
   * version had quarantined has corrected it: the path's entries not seen since the version began
   * are resolved.
   */
  async fileFinished(path: string, versionStartedAt: Date): Promise<void> {
    // a stream with no open entry at the run's start: only an entry the run opened under this path, seen before this version began, is stale
    if (!(await this.hadOpen()) && ![...this.opened].some(([key, seenAt]) => isUnder(key, path) && seenAt < versionStartedAt.getTime())) return;
    // the path's entries by the unique {source, stream, sourceKey} (an anchored prefix is a range of
    // it); the resolved ones among them are left here
    const entries = await QuarantineModel.find({ source: this.source, stream: this.stream, sourceKey: { $regex: `^${escapeRegex(path)}(:|$)` } }, { sourceKey: 1, lastSeenAt: 1, resolvedAt: 1 })
      .lean()
      .exec();
    const stale = entries.filter((entry) => entry.resolvedAt == null && entry.lastSeenAt.getTime() < versionStartedAt.getTime()).map((entry) => entry.sourceKey);
    if (stale.length > 0) await resolveQuarantined(this.source, this.stream, stale);
  }
}

/** Whether an entry's key is under a file path: the path itself (a whole-file reject) or `path:…` (a row), as the query above matches. */
function isUnder(sourceKey: string, path: string): boolean {
  return sourceKey === path || sourceKey.startsWith(`${path}:`);
}
