/**
 * Access to a file drop or feed (medical, taxstat, and the construction export): a directory on disk
 * (`file:///…`) or an HTTP base serving the same tree. Files are opened as streams and hashed as
 * streams; nothing reads a whole file into memory.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { SourceAuthError, SourceResponseError } from '../errors';
import type { HttpTransport } from '../http';
import { joinUrl } from '../location';

export interface SourceFile {
  /** Path relative to the source base, with `/` separators. */
  path: string;
  sha256: string;
}

export interface FileSource {
  /** Opens a file for streaming; paths are relative to the base. */
  open(path: string, signal?: AbortSignal): Promise<Readable>;
  /** Reads a small JSON document (an index); null when it does not exist. */
  readJson(path: string, signal?: AbortSignal): Promise<unknown>;
}

export async function sha256OfStream(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

/** A path that would leave the base (an index naming `../../etc/passwd`, an absolute or drive path). */
export function pathLeavesBase(path: string): boolean {
  return path.split(/[/\\]/).some((part) => part === '..') || path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path);
}

/** Refuses paths that would leave the base. */
function assertInside(path: string): void {
  if (pathLeavesBase(path)) {
    throw new Error(`file path leaves the source base: ${path}`);
  }
}

export class DirectoryFileSource implements FileSource {
  constructor(readonly directory: string) {}

  async open(path: string): Promise<Readable> {
    assertInside(path);
    const full = join(this.directory, ...path.split('/'));
    await access(full);
    return createReadStream(full);
  }

  async readJson(path: string): Promise<unknown> {
    assertInside(path);
    try {
      return JSON.parse(await readFile(join(this.directory, ...path.split('/')), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** Every file under the directory (sorted, `index.json` excluded), each hashed by streaming it. */
  async walk(): Promise<SourceFile[]> {
    const entries = await readdir(this.directory, { recursive: true, withFileTypes: true });
    const paths = entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(this.directory, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((path) => path !== 'index.json' && !path.split('/').some((part) => part.startsWith('.')))
      .sort();
    const files: SourceFile[] = [];
    for (const path of paths) files.push({ path, sha256: await sha256OfStream(createReadStream(join(this.directory, ...path.split('/')))) });
    return files;
  }
}

export class HttpFileSource implements FileSource {
  constructor(
    readonly sourceId: string,
    private readonly transport: HttpTransport,
    private readonly base: URL,
    private readonly headers: Record<string, string> = {},
  ) {}

  private fail(path: string, status: number): never {
    if (status === 401 || status === 403) throw new SourceAuthError(this.sourceId, `HTTP ${status} for ${path}: credentials refused`);
    throw new SourceResponseError(this.sourceId, `HTTP ${status} for ${path}`, status);
  }

  async open(path: string, signal?: AbortSignal): Promise<Readable> {
    assertInside(path);
    const url = joinUrl(this.base, path.split('/').map(encodeURIComponent).join('/'));
    const response = await this.transport.stream({ url, headers: this.headers, signal });
    if (response.status !== 200) {
      response.body.destroy();
      this.fail(path, response.status);
    }
    return response.body;
  }

  async readJson(path: string, signal?: AbortSignal): Promise<unknown> {
    const response = await this.transport.send({ url: joinUrl(this.base, path), headers: this.headers, signal });
    if (response.status === 404) return null;
    if (response.status !== 200) this.fail(path, response.status);
    try {
      return JSON.parse(response.text);
    } catch {
      throw new SourceResponseError(this.sourceId, `${path} is not JSON: ${response.text.slice(0, 120)}`, response.status);
    }
  }
}
