/**
 * taxstat transport: the published-file index (`index.json`) and the files, over HTTP with Basic auth
 * or from a directory with the same layout (taxstat.md "Transport").
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { SourceResponseError } from '../errors';
import { DirectoryFileSource, HttpFileSource, type FileSource, type SourceFile } from '../files/file-source';
import type { HttpTransport } from '../http';
import type { SourceLocation } from '../location';
import { TAXSTAT_FEEDS, type TaxstatFeed } from './streams';

export const SOURCE_ID = 'taxstat';

export const taxstatIndexSchema = z.array(
  z.object({
    feed: z.string(),
    period: z.string().optional(),
    path: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a hex sha256'),
    publishedAt: z.string().optional(),
  }),
);

export interface PublishedFile extends SourceFile {
  feed: TaxstatFeed;
}

export interface TaxstatCredentials {
  user: string;
  password: string;
}

export function basicAuthorization(credentials: TaxstatCredentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`, 'utf8').toString('base64')}`;
}

const isFeed = (feed: string): feed is TaxstatFeed => (TAXSTAT_FEEDS as readonly string[]).includes(feed);

export class TaxstatFeedClient {
  private readonly files: FileSource;
  private readonly directory: DirectoryFileSource | null;

  constructor(location: SourceLocation, transport: HttpTransport, credentials: TaxstatCredentials | null) {
    this.directory = location.kind === 'file' ? new DirectoryFileSource(location.directory) : null;
    this.files =
      this.directory ??
      new HttpFileSource(SOURCE_ID, transport, (location as { base: URL }).base, credentials ? { Authorization: basicAuthorization(credentials) } : {});
  }

  /** Every published file of a known feed. A bundle directory without an index is walked instead. */
  async listFiles(signal?: AbortSignal): Promise<PublishedFile[]> {
    const index = await this.files.readJson('index.json', signal);
    if (index === null) {
      if (!this.directory) throw new SourceResponseError(SOURCE_ID, 'index.json not found at the feed base', 404);
      const walked = await this.directory.walk();
      return walked.flatMap((file) => {
        const feed = file.path.split('/')[0] ?? '';
        return isFeed(feed) ? [{ ...file, feed }] : [];
      });
    }
    const parsed = taxstatIndexSchema.safeParse(index);
    if (!parsed.success) throw new SourceResponseError(SOURCE_ID, `index.json does not list files as the spec says: ${parsed.error.issues[0]?.message ?? ''}`);
    return parsed.data.flatMap(({ feed, path, sha256 }) => (isFeed(feed) ? [{ feed, path, sha256: sha256.toLowerCase() }] : []));
  }

  open(path: string, signal?: AbortSignal): Promise<Readable> {
    return this.files.open(path, signal);
  }
}
