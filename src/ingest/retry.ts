/**
 * Quarantine retry: after a fix (a mapping corrected in code, a source that re-sent a record), the open
 * entries of a source/stream are processed again. Records the mapping rejected are stored source
 * records: they are mapped again from the stored payload and projected, without reading the source.
 * Records the connector rejected (parsing, validation) exist only as the source sends them: the stream
 * is read again in full (`runSync --full` for that stream), which resolves every entry whose record now
 * passes. Entries that still fail stay open with their new reason and one more attempt.
 */
import type { Types } from 'mongoose';
import { buildConnectors, mappingOf, type ConnectorRegistry } from '../../connectors/registry';
import { mapperFor } from '../../connectors/mapping';
import { config } from '../config';
import { QuarantineModel, type QuarantineEntry } from '../model/quarantine';
import type { SourceId } from '../model/reference/agencies';
import { SourceRecordModel } from '../model/sourceRecord';
import { runSync } from './engine';
import { acquireSourceLock } from './lock';
import { StreamQuarantine } from './openQuarantine';
import { groupKeysOf, rebuildGroups } from './groups';
import { projectRecords, type MappedRecord } from './project';

/** Reasons the sync engine gives records its mapping rejected (src/ingest/engine.ts). */
export const MAPPING_REASON_PREFIX = 'mapping: ';

export interface QuarantineRetrySummary {
  source: SourceId;
  stream: string;
  /** open entries when the retry started */
  open: number;
  /** mapping rejects mapped again from their stored records */
  remapped: number;
  /** entries the connector rejected (parsing, validation): only a new read of the source retries them */
  connectorRejects: number;
  /** whether the stream was read again in full for them */
  reread: boolean;
  resolved: number;
  stillOpen: number;
}

export interface QuarantineRetryOptions {
  source?: SourceId | null;
  stream?: string | null;
  /** read connector rejects again from the source (default true); the API queues a sync job instead */
  reread?: boolean;
  connectors?: ConnectorRegistry;
  now?: Date;
}

export async function retryQuarantine(options: QuarantineRetryOptions = {}): Promise<QuarantineRetrySummary[]> {
  const filter: Record<string, unknown> = { resolvedAt: null };
  if (options.source) filter.source = options.source;
  if (options.stream) filter.stream = options.stream;
  const open = await QuarantineModel.find(filter, { source: 1, stream: 1, sourceKey: 1, reason: 1 }).lean().exec();
  const groups = new Map<string, { source: SourceId; stream: string; mappingKeys: string[]; otherKeys: string[] }>();
  for (const entry of open) {
    const id = `${entry.source}\u0000${entry.stream}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { source: entry.source, stream: entry.stream, mappingKeys: [], otherKeys: [] }));
    (entry.reason.startsWith(MAPPING_REASON_PREFIX) ? group.mappingKeys : group.otherKeys).push(entry.sourceKey);
  }
  const summaries: QuarantineRetrySummary[] = [];
  for (const group of groups.values()) {
    const remapped = group.mappingKeys.length ? await remapStored(group.source, group.stream, group.mappingKeys, options.now ?? new Date()) : 0;
    let reread = false;
    if (group.otherKeys.length && options.reread !== false) {
      await runSync(group.source, { full: true, streams: [group.stream], connectors: options.connectors ?? buildConnectors(config()) });
      reread = true;
    }
    const keys = [...group.mappingKeys, ...group.otherKeys];
    const stillOpen = await QuarantineModel.countDocuments({ source: group.source, stream: group.stream, sourceKey: { $in: keys }, resolvedAt: null }).exec();
    summaries.push({ source: group.source, stream: group.stream, open: keys.length, remapped, connectorRejects: group.otherKeys.length, reread, resolved: keys.length - stillOpen, stillOpen });
  }
  return summaries.sort((a, b) => (a.source + a.stream < b.source + b.stream ? -1 : 1));
}

/** Maps the stored records under `keys` again and projects those that pass; under the source's sync lock. */
async function remapStored(source: SourceId, stream: string, keys: readonly string[], now: Date): Promise<number> {
  const lock = await acquireSourceLock(source);
  try {
    const mapping = mappingOf(source);
    const mapper = mapperFor(mapping.mappers, source, stream);
    const context = { source, mapping, seenAt: now };
    const quarantine = new StreamQuarantine(source, stream);
    const records = await SourceRecordModel.find({ source, stream, sourceId: { $in: [...keys] } }, { sourceId: 1, version: 1, hash: 1, payload: 1, file: 1 }).lean().exec();
    const refused: Types.ObjectId[] = [];
    const mapped: MappedRecord[] = [];
    const failed: QuarantineEntry[] = [];
    for (const record of records) {
      const result = mapper(record.payload, { source, stream, sourceId: record.sourceId, sourceRecordId: record._id, origin: record.file ? { path: record.file.path, line: 0 } : undefined });
      if (result.ok) mapped.push({ sourceRecordId: record._id, sourceId: record.sourceId, sourceVersion: { source, stream, version: record.version, hash: record.hash }, projections: result.projections });
      else {
        failed.push({ source, stream, sourceKey: record.sourceId, reason: `${MAPPING_REASON_PREFIX}${result.reason}`, raw: record.payload, seenAt: now });
        refused.push(record._id);
      }
    }
    await projectRecords(context, mapped);
    if (mapping.grouping?.streams.includes(stream)) await rebuildGroups(context, groupKeysOf(mapped));
    await quarantine.add(failed);
    await quarantine.mappingRejected(refused, now);
    await quarantine.passed(
      mapped.map((m) => m.sourceId),
      mapped.map((m) => m.sourceRecordId),
    );
    return records.length;
  } finally {
    await lock.release();
  }
}
