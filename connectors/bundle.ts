/**
 * Export bundles of the REST sources (shared/sources/README.md): `<stream>.jsonl` in a directory, one
 * record per line in exactly the API's layout. Read line by line; a malformed line becomes a reject.
 * Progress is (bundle file checksum, lines handed out), so a crash resumes at the next line and a new
 * bundle (new checksum) is read from the top.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { toOutcome, type ApiStream, type RecordOutcome } from './api-records';
import type { RejectedRecord, SourceRecordEnvelope } from './contract';
import { sha256OfStream } from './files/file-source';
import { DEFAULT_RECORD_LIMITS, RAW_EXCERPT_BYTES, byteSize, excerpt, type RecordLimits } from './limits';

export const bundleProgressSchema = z.object({ sha256: z.string(), linesDone: z.number().int().nonnegative() });
export type BundleProgress = z.infer<typeof bundleProgressSchema>;

/** Raw lines kept in a reject are cut here: a broken line can be megabytes of garbage. */
const MAX_RAW_LINE_CHARS = 10_000;

/** Pure core: one JSON Lines line → outcome. Blank lines yield null (they are not records). */
export function parseJsonlLine(stream: ApiStream, path: string, line: number, text: string): RecordOutcome | null {
  if (text.trim() === '') return null;
  const origin = { path, line };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reject: RejectedRecord = {
      stream: stream.name,
      sourceKey: `${path}:${line}`,
      reason: `line ${line}: malformed JSON (${error instanceof Error ? error.message : String(error)})`,
      raw: text.length > MAX_RAW_LINE_CHARS ? `${text.slice(0, MAX_RAW_LINE_CHARS)}…` : text,
      origin,
    };
    return { reject };
  }
  return toOutcome(stream, parsed, origin);
}

export type BoundedLine = { text: string } | { oversizedBytes: number; excerpt: string };

/**
 * A byte stream → its lines (without the line break), each held only up to `maxBytes`: a longer line
 * is skipped to its end and reported with its size and an excerpt, so one 50 MB line costs no more
 * memory than the limit.
 */
export async function* boundedLines(bytes: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<BoundedLine> {
  let parts: Buffer[] = [];
  let lineBytes = 0;
  let skipping: { head: Buffer } | null = null;
  const finish = (): BoundedLine => {
    const line: BoundedLine = skipping
      ? { oversizedBytes: lineBytes, excerpt: excerpt(skipping.head.toString('utf8')) }
      : { text: Buffer.concat(parts).toString('utf8').replace(/\r$/, '') };
    parts = [];
    lineBytes = 0;
    skipping = null;
    return line;
  };
  for await (const raw of bytes) {
    const chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    let position = 0;
    while (position <= chunk.length) {
      const newline = chunk.indexOf(0x0a, position);
      const end = newline < 0 ? chunk.length : newline;
      const segment = chunk.subarray(position, end);
      lineBytes += segment.length;
      if (!skipping) {
        parts.push(segment);
        if (lineBytes > maxBytes) {
          skipping = { head: Buffer.concat(parts).subarray(0, RAW_EXCERPT_BYTES) };
          parts = [];
        }
      }
      if (newline < 0) break;
      yield finish();
      position = newline + 1;
    }
  }
  if (lineBytes > 0 || skipping) yield finish();
}

export interface BundleBatch {
  records: SourceRecordEnvelope[];
  rejects: RejectedRecord[];
  progress: BundleProgress;
}

export function bundleFileName(stream: ApiStream): string {
  return `${stream.name}.jsonl`;
}

/** Streams one stream's bundle file in batches; yields nothing when the bundle has no file for the stream. */
export async function* readJsonlBundle(
  directory: string,
  stream: ApiStream,
  progress: BundleProgress | null,
  batchSize: number,
  signal?: AbortSignal,
  limits: RecordLimits = DEFAULT_RECORD_LIMITS,
): AsyncGenerator<BundleBatch> {
  const path = bundleFileName(stream);
  const full = join(directory, path);
  try {
    await access(full);
  } catch {
    return;
  }
  const sha256 = await sha256OfStream(createReadStream(full));
  const skip = progress && progress.sha256 === sha256 ? progress.linesDone : 0;
  const lines = boundedLines(createReadStream(full), limits.maxRecordBytes);
  let line = 0;
  let records: SourceRecordEnvelope[] = [];
  let rejects: RejectedRecord[] = [];
  try {
    for await (const bounded of lines) {
      signal?.throwIfAborted();
      line += 1;
      if (line <= skip) continue;
      let outcome: RecordOutcome | null;
      if ('oversizedBytes' in bounded) {
        const reason = `line ${line}: oversized: line of ${byteSize(bounded.oversizedBytes)} is over the ${byteSize(limits.maxRecordBytes)} record limit`;
        outcome = { reject: { stream: stream.name, sourceKey: `${path}:${line}`, reason, raw: bounded.excerpt, origin: { path, line } } };
      } else {
        // A BOM on the first line is an artefact of the exporting tool, not data.
        outcome = parseJsonlLine(stream, path, line, line === 1 ? bounded.text.replace(/^\uFEFF/, '') : bounded.text);
      }
      if (outcome && 'record' in outcome) records.push(outcome.record);
      else if (outcome) rejects.push(outcome.reject);
      if (records.length + rejects.length >= batchSize) {
        yield { records, rejects, progress: { sha256, linesDone: line } };
        records = [];
        rejects = [];
      }
    }
  } finally {
    await lines.return(undefined);
  }
  if (line > skip) yield { records, rejects, progress: { sha256, linesDone: line } };
}
