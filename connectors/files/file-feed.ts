/**
 * The batch loop shared by file sources (medical drop, taxstat feed, and any future one): which files
 * to read, where to resume inside a half-read file, and what state each batch hands out.
 *
 * State: `files` maps path → sha256 of every file version fully read; `inProgress` says how many rows
 * of the file being read have been handed out. A file whose checksum is in `files` is skipped; a new
 * checksum (a corrected re-upload or a republished period) is read again from its first row.
 */
import { z } from 'zod';
import type { Batch, JsonObject, RejectedRecord, SourceRecordEnvelope } from '../contract';
import type { SourceFile } from './file-source';

export const fileFeedStateSchema = z.object({
  files: z.record(z.string(), z.string()),
  inProgress: z
    .object({ path: z.string(), sha256: z.string(), rowsDone: z.number().int().nonnegative() })
    .nullable()
    .default(null),
});
export type FileFeedState = z.infer<typeof fileFeedStateSchema>;

export const emptyFileFeedState: FileFeedState = { files: {}, inProgress: null };

/** What a file parser produces per data row; `fileError` ends the file (layout, encoding). */
export type FileRowOutcome = { record: SourceRecordEnvelope } | { reject: RejectedRecord } | { fileError: string };

export interface FileFeedRead {
  stream: string;
  files: readonly SourceFile[];
  state: FileFeedState;
  batchSize: number;
  /** Parses one file into row outcomes, from its first row (resumption skips rows already handed out). */
  parseFile: (file: SourceFile) => AsyncIterable<FileRowOutcome>;
  /** entries of the listing that are not read (a refused index entry), quarantined before the files */
  refused?: readonly RejectedRecord[];
  signal?: AbortSignal;
}

function toJson(state: FileFeedState): JsonObject {
  return { files: { ...state.files }, inProgress: state.inProgress ? { ...state.inProgress } : null };
}

export async function* readFileFeed(read: FileFeedRead): AsyncGenerator<Batch> {
  const processed: Record<string, string> = { ...read.state.files };
  if (read.refused?.length) yield { stream: read.stream, records: [], rejects: [...read.refused], state: toJson(read.state) };
  const ordered = [...read.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of ordered) {
    const previousSha256 = processed[file.path] ?? null;
    if (previousSha256 === file.sha256) continue;
    const resume = read.state.inProgress;
    const rowsToSkip = resume && resume.path === file.path && resume.sha256 === file.sha256 ? resume.rowsDone : 0;

    let records: SourceRecordEnvelope[] = [];
    let rejects: RejectedRecord[] = [];
    let rowsDone = 0;
    let fileRejected = false;
    const inProgressBatch = (): Batch => ({
      stream: read.stream,
      records,
      rejects,
      state: toJson({ files: processed, inProgress: { path: file.path, sha256: file.sha256, rowsDone } }),
      fileVersion: { path: file.path, sha256: file.sha256, previousSha256, complete: false, fileRejected: false },
    });

    for await (const outcome of read.parseFile(file)) {
      read.signal?.throwIfAborted();
      if ('fileError' in outcome) {
        rejects.push({ stream: read.stream, sourceKey: file.path, reason: outcome.fileError, raw: { path: file.path, sha256: file.sha256 } });
        fileRejected = rowsDone === 0;
        break;
      }
      rowsDone += 1;
      if (rowsDone <= rowsToSkip) continue;
      if ('record' in outcome) records.push(outcome.record);
      else rejects.push(outcome.reject);
      if (records.length + rejects.length >= read.batchSize) {
        yield inProgressBatch();
        records = [];
        rejects = [];
      }
    }
    processed[file.path] = file.sha256;
    yield {
      stream: read.stream,
      records,
      rejects,
      state: toJson({ files: processed, inProgress: null }),
      fileVersion: { path: file.path, sha256: file.sha256, previousSha256, complete: true, fileRejected },
    };
  }
}
