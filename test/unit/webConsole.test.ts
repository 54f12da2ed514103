/**
 * Serving the console: hashed assets cached for a year, index.html never cached, the console's routes
 * answered with index.html, a CSP with no external origin, and nothing outside the build folder served.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_CSP, serveWebConsole } from '../../src/webConsole';

let dist: string;
let server: Server;
let base: string;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'web-console-'));
  dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(root, 'secret.txt'), 'outside the build');
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub.local');
    void serveWebConsole(req, res, url.pathname, dist).then((served) => {
      if (!served) res.writeHead(404).end('api 404');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(join(dist, '..'), { recursive: true, force: true });
});

describe('serveWebConsole', () => {
  it('serves hashed assets with a year of immutable caching and the right type', async () => {
    const res = await fetch(`${base}/assets/index-abc123.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers / and the console routes with index.html, never cached, under a same-origin CSP', async () => {
    for (const path of ['/', '/flags', '/flags/6b15378d8e78d84b3c8e3061', '/dashboard']) {
      const res = await fetch(`${base}${path}`);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-cache']);
      expect(await res.text()).toContain('<div id="root">');
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
    }
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/https?:|\*/);
  });

  it('leaves a missing asset, other methods and paths outside the build to the caller', async () => {
    expect((await fetch(`${base}/assets/index-gone.js`)).status).toBe(404);
    expect((await fetch(`${base}/flags`, { method: 'POST' })).status).toBe(404);
    const traversal = await fetch(`${base}/..%2fsecret.txt`);
    expect(await traversal.text()).not.toContain('outside the build');
  });
});
