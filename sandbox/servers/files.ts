/**
 * The two file sources over HTTP: `medical` (a drop with `index.json`: path, size, sha256, modifiedAt;
 * no auth) and `taxstat` (a feed with `index.json`: feed, period, path, sha256, publishedAt; HTTP Basic).
 * File faults: a renamed header, the other encoding. The index always describes the bytes served.
 */
import { timingSafeEqual } from 'node:crypto';
import iconv from 'iconv-lite';
import { filesAsOf, medicalIndex, taxstatIndex, type FileAsOf } from '../bundles';
import type { FaultInjector } from '../faults';
import { renderCsv, sha256 } from '../files';
import type { PublishedFile } from '../scenario/types';
import { applyFault, listen, sendBytes, sendJson, type RunningServer, type ScenarioClock } from './http';

function contentType(path: string): string {
  if (path.endsWith('.json')) return 'application/json; charset=utf-8';
  if (path.endsWith('.xml')) return 'application/xml; charset=utf-8';
  if (path.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return 'text/csv';
}

/** Applies the file-level faults to CSV files (XLSX and XML are served as they are). */
function withFileFaults(files: FileAsOf[], faults: FaultInjector): FileAsOf[] {
  const { renamedColumn, wrongEncoding } = faults.current;
  if (!renamedColumn && !wrongEncoding) return files;
  return files.map((f) => {
    const version = f.file.versions.find((v) => v.at === f.at);
    if (!version || version.content.kind !== 'table' || version.content.layout.format !== 'csv') return f;
    const { table, layout } = version.content;
    const headers = table.headers.map((h) => (renamedColumn && h === renamedColumn.from ? renamedColumn.to : h));
    let bytes = renderCsv({ headers, rows: table.rows }, layout);
    if (wrongEncoding) {
      const text = layout.encoding === 'gb18030' ? iconv.decode(bytes, 'gb18030') : bytes.toString('utf8').replace(/^\uFEFF/, '');
      bytes = layout.encoding === 'gb18030' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gb18030');
    }
    return { ...f, bytes, sha256: sha256(bytes) };
  });
}

export interface FileServerOptions {
  kind: 'medical' | 'taxstat';
  /** HTTP Basic credentials (taxstat) */
  basicAuth?: { user: string; password: string };
}

export async function startFileServer(files: PublishedFile[], clock: ScenarioClock, faults: FaultInjector, options: FileServerOptions, port = 0): Promise<RunningServer> {
  const expectedAuth = options.basicAuth ? Buffer.from(`Basic ${Buffer.from(`${options.basicAuth.user}:${options.basicAuth.password}`).toString('base64')}`) : null;
  return listen(async (req, res, url) => {
    if (expectedAuth) {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (given.length !== expectedAuth.length || !timingSafeEqual(given, expectedAuth)) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="taxstat"', 'content-type': 'text/plain; charset=utf-8' });
        res.end('authentication required');
        return;
      }
    }
    const stopped = await applyFault(faults, clock, res, (d) => {
      const headers: Record<string, string> = d.kind === 'rateLimited' ? { 'retry-after': String(d.retryAfterSeconds) } : {};
      sendJson(res, d.kind === 'rateLimited' ? 429 : d.status, { error: d.kind === 'rateLimited' ? 'rate_limited' : 'server_error' }, headers);
    });
    if (stopped) return;
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' });
    const served = withFileFaults(await filesAsOf(files, clock.now()), faults);
    const path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
    if (path === 'index.json' || path === '') {
      return sendJson(res, 200, options.kind === 'medical' ? medicalIndex(served) : taxstatIndex(served));
    }
    const file = served.find((f) => f.file.path === path);
    if (!file) return sendJson(res, 404, { error: 'not_found', path });
    sendBytes(res, 200, file.bytes, contentType(path));
  }, port);
}
