/**
 * The open quarantine entries of one stream, read once when its run starts and kept as the run
 * quarantines and resolves. A batch learns which of its records correct an entry, and a finished file
 * which of its rejects it no longer repeats, without a query of its own: on FerretDB each such query
 * would read the whole quarantine, once per batch and once per file. The source lock makes the run the
 * only writer of its stream's entries; a steward resolving one meanwhile only makes the run's
 * resolution of it a no-op.
 */
import { QuarantineModel, quarantineRecords, resolveQuarantined, type QuarantineEntry } from '../model/quarantine';
import type { SourceId } from '../model/reference/agencies';

export class OpenQuarantine {
  private constructor(
    private readonly source: SourceId,
    private readonly stream: string,
    /** source key → when the entry was last quarantined (ms) */
    private readonly lastSeen: Map<string, number>,
  ) {}

  static async load(source: SourceId, stream: string): Promise<OpenQuarantine> {
    const open = await QuarantineModel.find({ source, stream, resolvedAt: null }, { sourceKey: 1, lastSeenAt: 1 }).lean().exec();
    return new OpenQuarantine(source, stream, new Map(open.map((entry) => [entry.sourceKey, entry.lastSeenAt.getTime()])));
  }

  /** Whether the key has an open entry (an unchanged record rejected by mapping is mapped again). */
  isOpen(sourceKey: string): boolean {
    return this.lastSeen.has(sourceKey);
  }

  /** Quarantines (or re-opens) the entries, all of this stream. */
  async add(entries: readonly QuarantineEntry[], at: Date): Promise<void> {
    await quarantineRecords(entries);
    for (const entry of entries) this.lastSeen.set(entry.sourceKey, (entry.seenAt ?? at).getTime());
  }

  /** Records that went through: the open entries under their keys are resolved (a corrected version). */
  async passed(sourceKeys: readonly string[]): Promise<void> {
    await this.resolve(sourceKeys.filter((key) => this.lastSeen.has(key)));
  }

  /**
   * A file version read to its end without re-rejecting a row (or the whole file) that an earlier
   * version had quarantined has corrected it: the path's entries not seen since the version began
   * are resolved.
   */
  async fileFinished(path: string, versionStartedAt: Date): Promise<void> {
    const stale = [...this.lastSeen].filter(([key, seen]) => (key === path || key.startsWith(`${path}:`)) && seen < versionStartedAt.getTime());
    await this.resolve(stale.map(([key]) => key));
  }

  private async resolve(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await resolveQuarantined(this.source, this.stream, keys);
    for (const key of keys) this.lastSeen.delete(key);
  }
}
