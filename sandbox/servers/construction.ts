/**
 * `construction` (sources/construction.md): X-Api-Key, change feed `?updatedSince=&limit=` answered as
 * a plain JSON array ordered by updatedAt then id (inclusive: callers de-duplicate), 5 requests/s, and
 * the nightly export `/export/waybills/<YYYY-MM-DD>.csv` (UTF-8 with BOM, Chinese headers).
 */
import { stringify } from 'csv-stringify/sync';
import type { FaultInjector } from '../faults';
import { cstLocal, parseCst } from '../scenario/clock';
import type { ConstructionStream, JsonRecord, VersionedRecord } from '../scenario/types';
import { applyFault, listen, parseIsoParam, RateLimiter, sendBytes, sendJson, servedRecord, type RunningServer, type ScenarioClock } from './http';
import { StreamView } from './view';

const CORRUPT_FIELD: Record<ConstructionStream, string> = { projects: 'approvedTonnes', facilities: 'lat', vehicles: 'ratedLoadT', waybills: 'exitWeightT' };
export const EXPORT_HEADERS = ['运单号', '项目编号', '车牌号', '运输企业统一社会信用代码', '垃圾类型', '出场时间', '出场重量(吨)', '受纳场所编号', '入场时间', '入场重量(吨)', '状态'];

export function exportRow(w: JsonRecord): string[] {
  const time = (v: unknown) => (typeof v === 'string' ? cstLocal(parseCst(v)) : '');
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return [text(w.waybillNo), text(w.projectCode), text(w.plateNo), text(w.haulerUscc), text(w.category), time(w.exitAt), text(w.exitWeightT), text(w.facilityCode), time(w.entryAt), text(w.entryWeightT), text(w.status)];
}

export async function startConstructionServer(
  streams: Record<ConstructionStream, VersionedRecord[]>,
  clock: ScenarioClock,
  faults: FaultInjector,
  apiKey: string,
  port = 0,
): Promise<RunningServer> {
  const views = new Map(Object.entries(streams).map(([name, records]) => [`/api/${name}`, { name: name as ConstructionStream, view: new StreamView(records, clock) }]));
  const limiter = new RateLimiter(5);
  const error = (res: Parameters<typeof sendJson>[0], status: number, code: string, message: string, headers: Record<string, string> = {}) => sendJson(res, status, { error: code, message }, headers);

  return listen(async (req, res, url) => {
    if (req.headers['x-api-key'] !== apiKey) return error(res, 401, 'unauthorized', 'missing or wrong X-Api-Key');
    if (limiter.check(apiKey)) return error(res, 429, 'rate_limited', 'at most 5 requests/s', { 'retry-after': '1' });
    const stopped = await applyFault(faults, clock, res, (d) =>
      d.kind === 'rateLimited' ? error(res, 429, 'rate_limited', 'too many requests', { 'retry-after': String(d.retryAfterSeconds) }) : error(res, d.status, 'server_error', 'service unavailable'));
    if (stopped) return;
    if (req.method !== 'GET') return error(res, 405, 'method_not_allowed', 'GET only');
    const exportMatch = /^\/export\/waybills\/(\d{4}-\d{2}-\d{2})\.csv$/.exec(url.pathname);
    if (exportMatch) {
      const day = exportMatch[1] as string;
      const waybills = views.get('/api/waybills')?.view.visible() ?? [];
      const rows = waybills.filter((w) => typeof w.body.exitAt === 'string' && w.body.exitAt.slice(0, 10) === day).map((w) => exportRow(servedRecord(w.body, w.id, faults, 'exitWeightT')));
      const headers = EXPORT_HEADERS.map((h) => (faults.current.renamedColumn?.from === h ? faults.current.renamedColumn.to : h));
      const csv = stringify([headers, ...rows], { record_delimiter: '\r\n' });
      return sendBytes(res, 200, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]), 'text/csv; charset=utf-8');
    }
    const stream = views.get(url.pathname);
    if (!stream) return error(res, 404, 'not_found', `unknown resource ${url.pathname}`);
    const limit = Number(url.searchParams.get('limit') ?? '1000');
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return error(res, 400, 'bad_request', 'limit must be 1–5000');
    const since = parseIsoParam(url.searchParams.get('updatedSince'));
    if (since === 'invalid') return error(res, 400, 'bad_request', 'updatedSince must be an ISO time');
    const start = since === null ? 0 : stream.view.lowerBound(since);
    const items = stream.view.visible().slice(start, start + limit);
    sendJson(res, 200, items.map((r) => servedRecord(r.body, r.id, faults, CORRUPT_FIELD[stream.name])));
  }, port);
}
