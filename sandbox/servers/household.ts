/**
 * `household` (sources/household.md): OAuth2 client credentials (POST /oauth/token → bearer token,
 * 401 invalid_token once expired), opaque cursors over change order (updatedAt, id), `since` to start
 * from a time, max limit 1000, errors as {error, message}, 429 with Retry-After.
 */
import { randomBytes } from 'node:crypto';
import type { FaultInjector } from '../faults';
import type { HouseholdStream, VersionedRecord } from '../scenario/types';
import { applyFault, listen, parseIsoParam, RateLimiter, readBody, sendJson, servedRecord, type RunningServer, type ScenarioClock } from './http';
import { StreamView } from './view';

export interface HouseholdCredentials {
  clientId: string;
  clientSecret: string;
}

const CORRUPT_FIELD: Record<HouseholdStream, string> = { facilities: 'type', communities: 'residents', 'weigh-tickets': 'netKg', recyclables: 'weightKg' };

interface CursorPosition {
  t: number;
  id: string;
}

function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): CursorPosition | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && 't' in parsed && 'id' in parsed && typeof parsed.t === 'number' && typeof parsed.id === 'string') return { t: parsed.t, id: parsed.id };
  } catch {
    return null;
  }
  return null;
}

export interface HouseholdServerOptions {
  /** token lifetime (default 3600 s) */
  tokenTtlSeconds?: number;
  /** requests per second per client (default 20) */
  rateLimitPerSecond?: number;
}

export async function startHouseholdServer(
  streams: Record<HouseholdStream, VersionedRecord[]>,
  clock: ScenarioClock,
  faults: FaultInjector,
  credentials: HouseholdCredentials,
  options: HouseholdServerOptions = {},
  port = 0,
): Promise<RunningServer> {
  const views = new Map(Object.entries(streams).map(([name, records]) => [`/open/v2/${name}`, { name: name as HouseholdStream, view: new StreamView(records, clock) }]));
  const tokens = new Map<string, number>();
  const ttl = options.tokenTtlSeconds ?? 3600;
  const limiter = new RateLimiter(options.rateLimitPerSecond ?? 20);
  const error = (res: Parameters<typeof sendJson>[0], status: number, code: string, message: string, headers: Record<string, string> = {}) => sendJson(res, status, { error: code, message }, headers);

  return listen(async (req, res, url) => {
    const stopped = await applyFault(faults, clock, res, (d) =>
      d.kind === 'rateLimited' ? error(res, 429, 'rate_limited', 'too many requests', { 'retry-after': String(d.retryAfterSeconds) }) : error(res, d.status, 'server_error', 'internal error'));
    if (stopped) return;
    if (url.pathname === '/oauth/token') {
      if (req.method !== 'POST') return error(res, 405, 'invalid_request', 'POST required');
      const form = new URLSearchParams(await readBody(req));
      if (form.get('grant_type') !== 'client_credentials') return error(res, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
      if (form.get('client_id') !== credentials.clientId || form.get('client_secret') !== credentials.clientSecret) return error(res, 401, 'invalid_client', 'unknown client or wrong secret');
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, Date.now() + ttl * 1000);
      return sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: ttl });
    }
    const auth = req.headers.authorization ?? '';
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    const expiresAt = tokens.get(token);
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      if (expiresAt !== undefined) tokens.delete(token);
      return error(res, 401, 'invalid_token', expiresAt === undefined ? 'missing or unknown bearer token' : 'token expired', { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    if (limiter.check(token)) return error(res, 429, 'rate_limited', 'too many requests', { 'retry-after': '1' });
    if (req.method !== 'GET') return error(res, 405, 'invalid_request', 'GET required');
    const stream = views.get(url.pathname);
    if (!stream) return error(res, 404, 'not_found', `unknown resource ${url.pathname}`);
    const limit = Number(url.searchParams.get('limit') ?? '500');
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return error(res, 400, 'invalid_request', 'limit must be 1–1000');
    const cursorText = url.searchParams.get('cursor');
    const since = parseIsoParam(url.searchParams.get('since'));
    if (since === 'invalid') return error(res, 400, 'invalid_request', 'since must be an ISO time');
    let start = 0;
    let position: CursorPosition | null = null;
    if (cursorText) {
      position = decodeCursor(cursorText);
      if (!position) return error(res, 400, 'invalid_cursor', 'cursor is not one this server issued');
      // Strictly after the position: the cursor points at the last item already delivered.
      const list = stream.view.visible();
      start = stream.view.lowerBound(position.t, position.id);
      if (start < list.length && list[start]?.at === position.t && list[start]?.id === position.id) start++;
    } else if (since !== null) {
      start = stream.view.lowerBound(since);
    }
    const list = stream.view.visible();
    const repeat = cursorText ? Math.min(faults.current.repeatRecords ?? 0, start) : 0;
    const items = list.slice(start - repeat, start - repeat + limit);
    const last = items.at(-1);
    const nextPosition = last ? { t: last.at, id: last.id } : position ?? (since !== null ? { t: since - 1, id: '\uffff' } : { t: 0, id: '' });
    sendJson(res, 200, {
      items: items.map((r) => servedRecord(r.body, r.id, faults, CORRUPT_FIELD[stream.name])),
      nextCursor: encodeCursor(nextPosition),
      hasMore: start - repeat + limit < list.length,
    });
  }, port);
}
