/**
 * `industrial` (sources/industrial.md): signed requests (X-App-Key, X-Timestamp, X-Nonce, X-Sign =
 * hex HMAC-SHA256(secret, appKey + timestamp + nonce + pathWithQuery)), page-numbered results ordered by
 * updatedAt then id and computed at request time, the {code,msg,data} envelope, 10 requests/s per key.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults';
import type { IndustrialStream, VersionedRecord } from '../scenario/types';
import { applyFault, listen, parseIsoParam, RateLimiter, sendJson, servedRecord, type RunningServer, type ScenarioClock } from './http';
import { StreamView } from './view';

export interface IndustrialCredentials {
  appKey: string;
  appSecret: string;
}

const CORRUPT_FIELD: Record<IndustrialStream, string> = { enterprises: 'sfgs', 'general-ledgers': 'csl', 'hw-manifests': 'ycl', 'hw-ledgers': 'csl' };

export function signIndustrialRequest(secret: string, appKey: string, timestamp: string, nonce: string, pathWithQuery: string): string {
  return createHmac('sha256', secret).update(appKey + timestamp + nonce + pathWithQuery).digest('hex');
}

export async function startIndustrialServer(
  streams: Record<IndustrialStream, VersionedRecord[]>,
  clock: ScenarioClock,
  faults: FaultInjector,
  credentials: IndustrialCredentials,
  port = 0,
): Promise<RunningServer> {
  const views = new Map(Object.entries(streams).map(([name, records]) => [`/v1/${name}`, { name: name as IndustrialStream, view: new StreamView(records, clock) }]));
  const limiter = new RateLimiter(10);
  const nonces = new Map<string, number>();
  const envelope = (res: ServerResponse, status: number, code: number, msg: string, headers: Record<string, string> = {}) => sendJson(res, status, { code, msg, data: null }, headers);

  const authenticate = (req: IncomingMessage): string | null => {
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : null;
    };
    const appKey = header('x-app-key');
    const timestamp = header('x-timestamp');
    const nonce = header('x-nonce');
    const sign = header('x-sign');
    if (!appKey || !timestamp || !nonce || !sign) return 'missing signature headers';
    if (appKey !== credentials.appKey) return 'unknown app key';
    const now = Date.now();
    if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > 300_000) return 'timestamp more than 300 s off';
    if (nonce.length < 16) return 'nonce shorter than 16 characters';
    const expected = Buffer.from(signIndustrialRequest(credentials.appSecret, appKey, timestamp, nonce, req.url ?? '/'));
    const given = Buffer.from(sign.toLowerCase());
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad signature';
    for (const [n, at] of nonces) if (now - at > 600_000) nonces.delete(n);
    if (nonces.has(nonce)) return 'nonce reused';
    nonces.set(nonce, now);
    return null;
  };

  return listen(async (req, res, url) => {
    if (req.method !== 'GET') return envelope(res, 405, 40001, 'method not allowed');
    const authError = authenticate(req);
    if (authError) return envelope(res, 401, 40101, authError);
    if (limiter.check(credentials.appKey)) return envelope(res, 429, 42901, 'rate limited: 10 requests/s per app key', { 'retry-after': '1' });
    const stopped = await applyFault(faults, clock, res, (d) =>
      d.kind === 'rateLimited' ? envelope(res, 429, 42901, 'rate limited', { 'retry-after': String(d.retryAfterSeconds) }) : envelope(res, d.status, 50001, 'internal error'));
    if (stopped) return;
    const stream = views.get(url.pathname);
    if (!stream) return envelope(res, 404, 40001, `unknown resource ${url.pathname}`);
    const page = Number(url.searchParams.get('page') ?? '1');
    const pageSize = Number(url.searchParams.get('pageSize') ?? '200');
    const updatedFrom = parseIsoParam(url.searchParams.get('updatedFrom'));
    if (!Number.isInteger(page) || page < 1) return envelope(res, 400, 40001, 'page must be an integer ≥ 1');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) return envelope(res, 400, 40001, 'pageSize must be 1–500');
    if (updatedFrom === 'invalid') return envelope(res, 400, 40001, 'updatedFrom must be an ISO time');
    const all = stream.view.visible();
    const from = updatedFrom === null ? 0 : stream.view.lowerBound(updatedFrom);
    const total = all.length - from;
    const offset = from + (page - 1) * pageSize;
    const repeat = page > 1 ? Math.min(faults.current.repeatRecords ?? 0, pageSize) : 0;
    const slice = all.slice(offset - repeat, offset + pageSize - repeat);
    sendJson(res, 200, {
      code: 0,
      msg: 'ok',
      data: { total, page, pageSize, records: slice.map((r) => servedRecord(r.body, r.id, faults, CORRUPT_FIELD[stream.name])) },
    });
  }, port);
}
