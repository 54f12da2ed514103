/**
 * household transport: OAuth2 client credentials with a cached token (fetched again when it is about
 * to expire, or when the API answers 401 invalid_token) and cursor paging (household.md "Transport").
 */
import { z } from 'zod';
import { SourceAuthError, SourceResponseError } from '../errors';
import type { HttpResponse, HttpTransport } from '../http';
import { joinUrl } from '../location';

export const SOURCE_ID = 'household';
export const MAX_LIMIT = 1000;
/** Renew this long before the stated expiry, so a token never expires between check and use. */
const EXPIRY_MARGIN_MS = 60_000;

export interface HouseholdCredentials {
  clientId: string;
  clientSecret: string;
}

const tokenSchema = z.object({ access_token: z.string().min(1), token_type: z.string().optional(), expires_in: z.number().positive().optional() });
const pageSchema = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable().optional(), hasMore: z.boolean() });
const errorSchema = z.object({ error: z.string(), message: z.string().optional() });

export interface HouseholdPage {
  items: unknown[];
  nextCursor: string | null;
  hasMore: boolean;
}

function parseJson(response: HttpResponse): unknown {
  try {
    return JSON.parse(response.text);
  } catch {
    return undefined;
  }
}

export class HouseholdClient {
  private token: { value: string; expiresAt: number } | null = null;
  /** How many tokens were fetched (observability, and tests of the cache). */
  tokensFetched = 0;

  constructor(
    private readonly base: URL,
    private readonly credentials: HouseholdCredentials,
    private readonly transport: HttpTransport,
    private readonly now: () => number = Date.now,
  ) {}

  private async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && this.token.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.token.value;
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: this.credentials.clientId, client_secret: this.credentials.clientSecret }).toString();
    const response = await this.transport.send({
      url: joinUrl(this.base, '/oauth/token'),
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body,
      signal,
    });
    if (response.status === 400 || response.status === 401 || response.status === 403) {
      throw new SourceAuthError(SOURCE_ID, `token request refused: HTTP ${response.status} ${response.text.slice(0, 200)}`);
    }
    const parsed = tokenSchema.safeParse(parseJson(response));
    if (response.status !== 200 || !parsed.success) throw new SourceResponseError(SOURCE_ID, `unexpected token response: HTTP ${response.status} ${response.text.slice(0, 200)}`, response.status);
    this.tokensFetched += 1;
    this.token = { value: parsed.data.access_token, expiresAt: this.now() + (parsed.data.expires_in ?? 3600) * 1000 };
    return this.token.value;
  }

  /** GET with the bearer token; a 401 invalid_token drops the cached token and retries once with a new one. */
  private async getJson(path: string, query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<unknown> {
    const url = joinUrl(this.base, path, query);
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.accessToken(signal);
      const response = await this.transport.send({ url, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, signal });
      const body = parseJson(response);
      if (response.status === 401) {
        const problem = errorSchema.safeParse(body);
        this.token = null;
        if (attempt === 0 && (!problem.success || problem.data.error === 'invalid_token')) continue;
        throw new SourceAuthError(SOURCE_ID, `GET ${path} refused: ${response.text.slice(0, 200)}`);
      }
      if (response.status !== 200) {
        const problem = errorSchema.safeParse(body);
        const detail = problem.success ? `${problem.data.error} ${problem.data.message ?? ''}` : response.text.slice(0, 200);
        throw new SourceResponseError(SOURCE_ID, `GET ${path}: HTTP ${response.status} ${detail}`, response.status);
      }
      return body;
    }
  }

  /** One page: from `cursor` when given, else a new cursor from `since` (or the beginning). */
  async fetchPage(path: string, limit: number, position: { cursor?: string; since?: string }, signal?: AbortSignal): Promise<HouseholdPage> {
    const body = await this.getJson(path, { limit: Math.min(limit, MAX_LIMIT), cursor: position.cursor, since: position.cursor ? undefined : position.since }, signal);
    const parsed = pageSchema.safeParse(body);
    if (!parsed.success) throw new SourceResponseError(SOURCE_ID, `GET ${path}: not an {items,nextCursor,hasMore} page`);
    return { items: parsed.data.items, nextCursor: parsed.data.nextCursor ?? null, hasMore: parsed.data.hasMore };
  }
}
