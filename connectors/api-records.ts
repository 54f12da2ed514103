/**
 * Shared by the REST sources: a stream declared by its record id field, turning a raw API record into
 * an envelope or a reject, and the (updatedAt, id) watermark that lets industrial and construction read
 * an inclusive change feed with overlap and drop what they already handed out.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { validateRecord, type JsonObject, type JsonValue, type RecordOrigin, type RejectedRecord, type SourceRecordEnvelope, type StreamDeclaration } from './contract';

export interface ApiStream extends StreamDeclaration {
  /** API path relative to the source base, e.g. `/v1/enterprises`. */
  path: string;
  /** The single field that identifies a record (industrial `id` or `ldbh`, construction `waybillNo`…). */
  idField: string;
}

export type RecordOutcome = { record: SourceRecordEnvelope } | { reject: RejectedRecord };

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The record's id as text, if it has a usable one. */
export function recordIdOf(raw: unknown, idField: string): string | null {
  if (!isJsonObject(raw)) return null;
  const id = raw[idField];
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

/** Validates one raw API (or bundle) record against its stream's schema. */
export function toOutcome(stream: ApiStream, raw: unknown, origin?: RecordOrigin): RecordOutcome {
  const id = recordIdOf(raw, stream.idField);
  const fallbackKey = origin ? `${origin.path}:${origin.line}` : '(no id)';
  if (!isJsonObject(raw)) {
    return { reject: { stream: stream.name, sourceKey: fallbackKey, reason: 'record is not a JSON object', raw: raw as JsonValue, origin } };
  }
  if (id === null) {
    return { reject: { stream: stream.name, sourceKey: fallbackKey, reason: `${stream.idField}: missing record id`, raw, origin } };
  }
  const validation = validateRecord(stream.recordSchema, raw);
  if (!validation.ok) return { reject: { stream: stream.name, sourceKey: id, reason: validation.reason, raw, origin } };
  const updatedAt = typeof raw.updatedAt === 'string' ? raw.updatedAt : undefined;
  return {
    record: {
      stream: stream.name,
      sourceId: id,
      payload: raw,
      ...(updatedAt ? { updatedAt } : {}),
      // Without updatedAt (export rows) the content is the only version signal the engine can compare.
      // a digest, not the content: a record with a 10 MB field is not held (or stored) twice
      versionSignal: updatedAt ?? `content:${createHash('sha256').update(JSON.stringify(raw)).digest('hex')}`,
      ...(origin ? { origin } : {}),
    },
  };
}

export const watermarkSchema = z.object({
  /** The newest updatedAt handed out, exactly as the source wrote it (sent back as the next lower bound). */
  updatedAt: z.string(),
  /** Ids already handed out at exactly that instant: the inclusive re-read returns them again. */
  idsAtUpdatedAt: z.array(z.string()),
});
export type Watermark = z.infer<typeof watermarkSchema>;

interface Position {
  id: string;
  updatedAt: string;
  instant: number;
}

/** Where a record sits in change order; null when its id or updatedAt cannot be read. */
export function positionOf(raw: unknown, idField: string): Position | null {
  const id = recordIdOf(raw, idField);
  if (id === null || !isJsonObject(raw) || typeof raw.updatedAt !== 'string') return null;
  const instant = Date.parse(raw.updatedAt);
  return Number.isNaN(instant) ? null : { id, updatedAt: raw.updatedAt, instant };
}

/** True when the watermark already covers this position (handed out before). */
export function isCovered(watermark: Watermark | null, position: Position): boolean {
  if (!watermark) return false;
  const mark = Date.parse(watermark.updatedAt);
  if (position.instant !== mark) return position.instant < mark;
  return watermark.idsAtUpdatedAt.includes(position.id);
}

/** The watermark after handing out `position` (positions arrive in change order). */
export function advanceWatermark(watermark: Watermark | null, position: Position): Watermark {
  if (watermark && Date.parse(watermark.updatedAt) === position.instant) {
    return watermark.idsAtUpdatedAt.includes(position.id) ? watermark : { updatedAt: watermark.updatedAt, idsAtUpdatedAt: [...watermark.idsAtUpdatedAt, position.id] };
  }
  return { updatedAt: position.updatedAt, idsAtUpdatedAt: [position.id] };
}

export interface PageChanges {
  records: SourceRecordEnvelope[];
  rejects: RejectedRecord[];
  watermark: Watermark | null;
}

/**
 * Pure core of an inclusive, overlapping change feed: drops records the watermark covers (repeats from
 * the overlap, or a record repeated on two pages), validates the rest and advances the watermark past
 * everything handed out, rejects included.
 */
export function collectChanges(stream: ApiStream, page: readonly unknown[], watermark: Watermark | null): PageChanges {
  const records: SourceRecordEnvelope[] = [];
  const rejects: RejectedRecord[] = [];
  let mark = watermark;
  for (const raw of page) {
    const position = positionOf(raw, stream.idField);
    if (position && isCovered(mark, position)) continue;
    const outcome = toOutcome(stream, raw);
    if ('record' in outcome) records.push(outcome.record);
    else if (position) rejects.push(outcome.reject);
    else rejects.push({ ...outcome.reject, reason: `${outcome.reject.reason}; also has no readable ${stream.idField}/updatedAt` });
    if (position) mark = advanceWatermark(mark, position);
  }
  return { records, rejects, watermark: mark };
}
