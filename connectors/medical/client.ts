/**
 * medical transport: the file drop is a directory (`file:///…`, walked and hashed) or an HTTP base
 * with a listing at `index.json` (medical.md "Transport").
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { SourceResponseError } from '../errors';
import { DirectoryFileSource, HttpFileSource, type SourceFile } from '../files/file-source';
import type { HttpTransport } from '../http';
import type { SourceLocation } from '../location';

export const SOURCE_ID = 'medical';

export const medicalIndexSchema = z.array(
  z.object({
    path: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a hex sha256'),
    size: z.number().int().nonnegative().optional(),
    modifiedAt: z.string().optional(),
  }),
);

export class MedicalDropClient {
  private readonly directory: DirectoryFileSource | null;
  private readonly http: HttpFileSource | null;

  constructor(location: SourceLocation, transport: HttpTransport) {
    this.directory = location.kind === 'file' ? new DirectoryFileSource(location.directory) : null;
    this.http = location.kind === 'http' ? new HttpFileSource(SOURCE_ID, transport, location.base) : null;
  }

  /** Every file in the drop with its checksum, sorted by path. */
  async listFiles(signal?: AbortSignal): Promise<SourceFile[]> {
    if (this.directory) return this.directory.walk();
    const index = await this.http!.readJson('index.json', signal);
    if (index === null) throw new SourceResponseError(SOURCE_ID, 'index.json not found at the drop base', 404);
    const parsed = medicalIndexSchema.safeParse(index);
    if (!parsed.success) throw new SourceResponseError(SOURCE_ID, `index.json does not list files as the spec says: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data.map(({ path, sha256 }) => ({ path, sha256: sha256.toLowerCase() })).sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  open(path: string, signal?: AbortSignal): Promise<Readable> {
    return this.directory ? this.directory.open(path) : this.http!.open(path, signal);
  }
}
