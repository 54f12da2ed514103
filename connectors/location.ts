/**
 * Where a source lives (shared/sources/README.md "Locating a source"): `http(s)://` is the live
 * interface, `file:///path` an export bundle on disk with the same layout.
 */
import { fileURLToPath } from 'node:url';
import { SourceConfigError } from './errors';

export type SourceLocation = { kind: 'http'; base: URL } | { kind: 'file'; directory: string };

export function parseSourceLocation(sourceId: string, url: string): SourceLocation {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new SourceConfigError(sourceId, `source URL is not a URL: ${url}`);
  }
  if (parsed.protocol === 'file:') return { kind: 'file', directory: fileURLToPath(parsed) };
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return { kind: 'http', base: parsed };
  throw new SourceConfigError(sourceId, `source URL must start with http://, https:// or file://, got ${url}`);
}

/**
 * Appends a path to a base that may itself have a path (`https://host/openapi` + `/v1/enterprises`
 * → `https://host/openapi/v1/enterprises`), with query parameters in the given order.
 */
export function joinUrl(base: URL, path: string, query: Record<string, string | number | undefined> = {}): URL {
  const url = new URL(base.href);
  const basePath = url.pathname.replace(/\/+$/, '');
  url.pathname = `${basePath}/${path.replace(/^\/+/, '')}`;
  url.search = '';
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.append(name, String(value));
  }
  return url;
}
