/**
 * construction transport: `X-Api-Key`, the updated-since change feed (plain JSON arrays) and the nightly
 * waybill export files (construction.md "Transport").
 */
import type { Readable } from 'node:stream';
import { SourceAuthError, SourceResponseError } from '../errors';
import type { HttpTransport } from '../http';
import { joinUrl } from '../location';

export const SOURCE_ID = 'construction';
export const MAX_LIMIT = 1000;

export function exportPath(day: string): string {
  return `export/waybills/${day}.csv`;
}

export class ConstructionClient {
  constructor(
    private readonly base: URL,
    private readonly apiKey: string,
    private readonly transport: HttpTransport,
  ) {}

  private fail(what: string, status: number, text = ''): never {
    if (status === 401 || status === 403) throw new SourceAuthError(SOURCE_ID, `${what}: API key refused (HTTP ${status})`);
    throw new SourceResponseError(SOURCE_ID, `${what}: HTTP ${status} ${text.slice(0, 200)}`, status);
  }

  /** Records with updatedAt ≥ `updatedSince`, ordered by updatedAt then id, at most `limit`. */
  async fetchChanges(path: string, updatedSince: string, limit: number, signal?: AbortSignal): Promise<unknown[]> {
    const url = joinUrl(this.base, path, { updatedSince, limit: Math.min(limit, MAX_LIMIT) });
    const response = await this.transport.send({ url, headers: { 'X-Api-Key': this.apiKey, Accept: 'application/json' }, signal });
    if (response.status !== 200) this.fail(`GET ${path}`, response.status, response.text);
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      throw new SourceResponseError(SOURCE_ID, `GET ${path}: body is not JSON`, response.status);
    }
    if (!Array.isArray(body)) throw new SourceResponseError(SOURCE_ID, `GET ${path}: expected a JSON array`, response.status);
    return body;
  }

  /** The day's export as a byte stream, or null when that day has no export (404). */
  async openExport(day: string, signal?: AbortSignal): Promise<Readable | null> {
    const response = await this.transport.stream({ url: joinUrl(this.base, exportPath(day)), headers: { 'X-Api-Key': this.apiKey }, signal });
    if (response.status === 404) {
      response.body.destroy();
      return null;
    }
    if (response.status !== 200) {
      response.body.destroy();
      this.fail(`GET ${exportPath(day)}`, response.status);
    }
    return response.body;
  }
}
