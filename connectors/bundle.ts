/**
 * Export bundles of the REST sources (shared/sources/README.md): `<stream>.jsonl` in a directory, one
 * record per line in exactly the API's layout. Read line by line; a malformed line becomes a reject.
 * Progress is (bundle file checksum, lines handed out), so a crash resumes at the next line and a new
 * bundle (new checksum) is read from the top.
 */
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { toOutcome, type ApiStream, type RecordOutcome } from './api-records';
import type { RejectedRecord, SourceRecordEnvelope } from './contract';
import { sha256OfStream } from './files/file-source';

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
  const lines = createInterface({ input: createReadStream(full, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  let records: SourceRecordEnvelope[] = [];
  let rejects: RejectedRecord[] = [];
  try {
    for await (const rawLine of lines) {
      signal?.throwIfAborted();
      line += 1;
      if (line <= skip) continue;
      // A BOM on the first line is an artefact of the exporting tool, not data.
      const outcome = parseJsonlLine(stream, path, line, line === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine);
      if (outcome && 'record' in outcome) records.push(outcome.record);
      else if (outcome) rejects.push(outcome.reject);
      if (records.length + rejects.length >= batchSize) {
        yield { records, rejects, progress: { sha256, linesDone: line } };
        records = [];
        rejects = [];
      }
    }
  } finally {
    lines.close();
  }
  if (line > skip) yield { records, rejects, progress: { sha256, linesDone: line } };
}
