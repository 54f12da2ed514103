/**
 * Serves the steward console (web/dist, built by `npm run setup`) at / on the API's origin: hashed
 * assets cached for a year, index.html never cached (so a new build is picked up at once), any other
 * path answered with index.html (the console's own routes), and a Content-Security-Policy that allows
 * nothing outside this origin (agency intranets are closed; nothing is fetched from the internet).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const WEB_DIST_DIR = resolve(__dirname, '..', 'web', 'dist');

// Ant Design writes its theme's CSS variables into <style> elements (its component styles are a built CSS
// file, web/vite.config.ts), and components set style attributes: 'unsafe-inline' for styles only.
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Vite names every built asset under assets/ with a content hash: such a file never changes. */
const isHashedAsset = (path: string) => path.startsWith(`assets${sep}`) || path.startsWith('assets/');

/**
 * Answers GET/HEAD for the console; returns false (nothing sent) when the request is not the console's
 * or no build exists, so the caller answers it as before.
 */
export async function serveWebConsole(req: IncomingMessage, res: ServerResponse, pathname: string, distDir = WEB_DIST_DIR): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const indexFile = join(distDir, 'index.html');
  if (!existsSync(indexFile)) return false;

  let relative: string;
  try {
    relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  } catch {
    return false;
  }
  const file = resolve(distDir, relative);
  const inside = file.startsWith(distDir + sep);
  if (inside && relative && existsSync(file) && statSync(file).isFile()) {
    const headers = {
      ...SECURITY_HEADERS,
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': String(statSync(file).size),
      'cache-control': isHashedAsset(relative) ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
    return true;
  }
  // A missing asset is a 404, not the SPA page: a stale index.html must not be parsed as a script; nor
  // is a path under the API's own namespaces (an unknown export is the API's 404, not a console page).
  if (isHashedAsset(relative) || /^(exports|graphql)(\/|$)/.test(relative)) return false;
  const html = await readFile(indexFile);
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': CONTENT_TYPES['.html'] ?? 'text/html', 'cache-control': 'no-cache' });
  res.end(req.method === 'HEAD' ? undefined : html);
  return true;
}
