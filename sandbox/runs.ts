/**
 * Sorted runs on disk and their k-way merge, for bundles too large to sort in memory: each district of a
 * city writes one run per REST stream (its records as of the export clock, already in change order), and
 * the runs are merged line by line into the stream's `.jsonl` file. Memory: one read buffer per run and
 * one write buffer, whatever the number of records.
 *
 * Run line format: `<at>\t<id>\t<record JSON>\n` (`at` = the version's epoch ms; ids never contain a tab
 * or a newline, and JSON.stringify escapes both inside the record).
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { JsonRecord } from './scenario/types';

const WRITE_BUFFER_CHARS = 1 << 20;

/** Buffered synchronous writer of text to a file (UTF-8). */
export class LineWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= WRITE_BUFFER_CHARS) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    const chunk = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    let offset = 0;
    while (offset < chunk.length) offset += writeSync(this.fd, chunk, offset);
    this.bytes += chunk.length;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** Writes records already in change order (updatedAt, then id) as a run; returns the number of lines. */
export function writeRun(path: string, records: { at: number; id: string; body: JsonRecord }[]): number {
  const out = new LineWriter(path);
  for (const r of records) {
    if (/[\t\n]/.test(r.id)) throw new Error(`record id with a tab or newline: ${JSON.stringify(r.id)}`);
    out.write(`${r.at}\t${r.id}\t${JSON.stringify(r.body)}\n`);
  }
  out.close();
  return records.length;
}

/** Buffered synchronous writer of bytes to a file. */
class ByteWriter {
  private readonly fd: number;
  private buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  /** Appends `source[start, end)` and a newline. */
  line(source: Buffer, start: number, end: number): void {
    const length = end - start + 1;
    if (this.used + length > this.buffer.length) this.flush();
    if (length > this.buffer.length) this.buffer = Buffer.allocUnsafe(length);
    source.copy(this.buffer, this.used, start, end);
    this.buffer[this.used + length - 1] = 0x0a;
    this.used += length;
  }

  private flush(): void {
    let offset = 0;
    while (offset < this.used) offset += writeSync(this.fd, this.buffer, offset, this.used - offset);
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Reads a run line by line, synchronously, in one reused buffer (no per-chunk strings: merging a city's
 * runs would otherwise leave hundreds of MB of garbage between major collections).
 */
class RunReader {
  private readonly fd: number;
  private buffer: Buffer;
  private start = 0;
  private end = 0;
  private eof = false;
  at = 0;
  id = '';
  /** the current line is buffer[lineStart, lineEnd); its record JSON starts at bodyStart */
  lineStart = 0;
  lineEnd = 0;
  bodyStart = 0;

  constructor(readonly path: string, chunkBytes: number) {
    this.fd = openSync(path, 'r');
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  get data(): Buffer {
    return this.buffer;
  }

  /** Advances to the next line; false at the end of the run (the file is then closed). */
  next(): boolean {
    for (;;) {
      const nl = this.start < this.end ? this.buffer.subarray(this.start, this.end).indexOf(0x0a) : -1;
      if (nl >= 0) {
        this.lineStart = this.start;
        this.lineEnd = this.start + nl;
        this.start = this.lineEnd + 1;
        const line = this.buffer.subarray(this.lineStart, this.lineEnd);
        const t1 = line.indexOf(0x09);
        const t2 = t1 < 0 ? -1 : line.indexOf(0x09, t1 + 1);
        if (t2 < 0) throw new Error(`${this.path}: not a run line: ${line.toString('utf8', 0, 80)}`);
        this.at = Number(line.toString('latin1', 0, t1));
        this.id = line.toString('utf8', t1 + 1, t2);
        this.bodyStart = this.lineStart + t2 + 1;
        return true;
      }
      if (this.eof) {
        if (this.start < this.end) throw new Error(`${this.path}: last line has no newline`);
        closeSync(this.fd);
        return false;
      }
      // Keep the partial line, at the front of the buffer (grown if one line fills it), and read on.
      const pending = this.end - this.start;
      if (pending === this.buffer.length) {
        const grown = Buffer.allocUnsafe(this.buffer.length * 2);
        this.buffer.copy(grown, 0, this.start, this.end);
        this.buffer = grown;
      } else if (this.start > 0) {
        this.buffer.copy(this.buffer, 0, this.start, this.end);
      }
      this.start = 0;
      this.end = pending;
      const n = readSync(this.fd, this.buffer, this.end, this.buffer.length - this.end, null);
      if (n === 0) this.eof = true;
      this.end += n;
    }
  }
}

/** Change order: the version instant, then the id (as `recordsAsOf` sorts). */
function before(a: RunReader, b: RunReader): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}

/** Runs merged at once; more are merged in rounds so open files stay well under the usual limit of 1024. */
export const MAX_FAN_IN = 128;

export interface MergeOptions {
  /** `jsonl`: the bundle file (record JSON only); `run`: another run (intermediate rounds) */
  format?: 'jsonl' | 'run';
  /** read buffer per run (default: 16 MB shared by the runs, 64 KB–1 MB each); grows for longer lines */
  chunkBytes?: number;
}

/** Merges sorted runs into `target` and deletes them. Returns the number of lines written. */
export function mergeRuns(runs: string[], target: string, options: MergeOptions = {}): number {
  const format = options.format ?? 'jsonl';
  if (runs.length > MAX_FAN_IN) {
    const rounds: string[] = [];
    for (let i = 0; i < runs.length; i += MAX_FAN_IN) {
      const intermediate = `${target}.round${rounds.length}`;
      mergeRuns(runs.slice(i, i + MAX_FAN_IN), intermediate, { ...options, format: 'run' });
      rounds.push(intermediate);
    }
    return mergeRuns(rounds, target, options);
  }
  const chunkBytes = options.chunkBytes ?? Math.max(1 << 16, Math.min(1 << 20, Math.floor((16 << 20) / Math.max(1, runs.length))));
  const heap: RunReader[] = [];
  for (const path of runs) {
    const reader = new RunReader(path, chunkBytes);
    if (reader.next()) heap.push(reader);
  }
  // A binary min-heap of the readers by their current line.
  const down = (start: number): void => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as RunReader, heap[m] as RunReader)) m = l;
      if (r < heap.length && before(heap[r] as RunReader, heap[m] as RunReader)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as RunReader, heap[i] as RunReader];
      i = m;
    }
  };
  for (let i = Math.floor(heap.length / 2) - 1; i >= 0; i--) down(i);
  const out = new ByteWriter(target);
  let lines = 0;
  while (heap.length > 0) {
    const top = heap[0] as RunReader;
    out.line(top.data, format === 'jsonl' ? top.bodyStart : top.lineStart, top.lineEnd);
    lines++;
    if (!top.next()) {
      const last = heap.pop() as RunReader;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    down(0);
  }
  out.close();
  for (const path of runs) rmSync(path, { force: true });
  return lines;
}
