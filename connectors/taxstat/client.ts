/**
 * taxstat transport: the published-file index (`index.json`) and the files, over HTTP with Basic auth
 * or from a directory with the same layout (taxstat.md "Transport").
 */
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { SourceResponseError } from '../errors';
import type { JsonValue } from '../contract';
import { DirectoryFileSource, HttpFileSource, pathLeavesBase, sha256OfStream, type FileSource, type SourceFile } from '../files/file-source';
import type { HttpTransport } from '../http';
import type { SourceLocation } from '../location';
import { TAXSTAT_FEEDS, type TaxstatFeed } from './streams';

export const SOURCE_ID = 'taxstat';

export const taxstatIndexEntrySchema = z.object({
  feed: z.string(),
  period: z.string().nullish(),
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'expected a hex sha256'),
  publishedAt: z.string().nullish(),
});

export interface PublishedFile extends SourceFile {
  feed: TaxstatFeed;
}

/** An index entry the hub will not read (malformed, unknown feed, path outside the base), with why. */
export interface RefusedIndexEntry {
  /** the entry's feed when it names a known one */
  feed: TaxstatFeed | null;
  path: string;
  reason: string;
  raw: JsonValue;
}

export interface PublishedIndex {
  files: PublishedFile[];
  refused: RefusedIndexEntry[];
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

  /**
   * Every published file of a known feed, and the index entries refused one by one (a malformed entry,
   * an unknown feed, a path leaving the base): one bad entry does not hide the others. A bundle
   * directory without an index is walked instead.
   */
  async listFiles(signal?: AbortSignal): Promise<PublishedIndex> {
    const index = await this.files.readJson('index.json', signal);
    if (index === null) {
      if (!this.directory) throw new SourceResponseError(SOURCE_ID, 'index.json not found at the feed base', 404);
      const walked = await this.directory.walk();
      const files = walked.flatMap((file) => {
        const feed = file.path.split('/')[0] ?? '';
        return isFeed(feed) ? [{ ...file, feed }] : [];
      });
      return { files, refused: [] };
    }
    if (!Array.isArray(index)) throw new SourceResponseError(SOURCE_ID, 'index.json does not list files as the spec says: expected an array of entries');
    const published: PublishedIndex = { files: [], refused: [] };
    index.forEach((entry: JsonValue, position) => {
      const parsed = taxstatIndexEntrySchema.safeParse(entry);
      const path = parsed.success ? parsed.data.path : typeof entry === 'object' && entry !== null && !Array.isArray(entry) && typeof entry.path === 'string' ? entry.path : `index.json[${position}]`;
      const named = parsed.success ? parsed.data.feed : '';
      const feed = isFeed(named) ? named : null;
      const refuse = (reason: string) => published.refused.push({ feed, path, reason: `index.json entry ${position + 1}: ${reason}`, raw: entry });
      if (!parsed.success) refuse(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`).join('; '));
      else if (!feed) refuse(`unknown feed ${JSON.stringify(parsed.data.feed)} (feeds: ${TAXSTAT_FEEDS.join(', ')})`);
      else if (pathLeavesBase(parsed.data.path)) refuse(`path ${JSON.stringify(parsed.data.path)} leaves the feed base; not read`);
      else published.files.push({ feed, path: parsed.data.path, sha256: parsed.data.sha256.toLowerCase() });
    });
    return published;
  }

  /** The sha256 of a file as served (streamed, not held). */
  async sha256Of(path: string, signal?: AbortSignal): Promise<string> {
    return sha256OfStream(await this.files.open(path, signal));
  }

  open(path: string, signal?: AbortSignal): Promise<Readable> {
    return this.files.open(path, signal);
  }
}
