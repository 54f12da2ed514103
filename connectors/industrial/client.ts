/**
 * industrial transport: HMAC-SHA256 signed requests and the `{code,msg,data}` envelope
 * (industrial.md "Transport").
 */
import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SourceAuthError, SourceResponseError } from '../errors';
import type { HttpResponse, HttpTransport } from '../http';
import { joinUrl } from '../location';

export const SOURCE_ID = 'industrial';
export const MAX_PAGE_SIZE = 500;

export interface IndustrialCredentials {
  appKey: string;
  appSecret: string;
}

/** Pure: X-Sign = hex(HMAC-SHA256(secret, appKey + timestamp + nonce + pathWithQuery)). */
export function industrialSignature(secret: string, appKey: string, timestamp: string, nonce: string, pathWithQuery: string): string {
  return createHmac('sha256', secret).update(appKey + timestamp + nonce + pathWithQuery, 'utf8').digest('hex');
}

/**
 * The four signing headers for a URL. `pathWithQuery` is the path and query exactly as sent on the
 * request line (what the server sees), including any path prefix of the base URL.
 */
export function signedHeaders(credentials: IndustrialCredentials, url: URL, timestampMs: number, nonce: string): Record<string, string> {
  const timestamp = String(timestampMs);
  return {
    'X-App-Key': credentials.appKey,
    'X-Timestamp': timestamp,
    'X-Nonce': nonce,
    'X-Sign': industrialSignature(credentials.appSecret, credentials.appKey, timestamp, nonce, url.pathname + url.search),
  };
}

const envelopeSchema = z.object({
  code: z.number(),
  msg: z.string().optional().default(''),
  data: z
    .object({ total: z.number().optional(), page: z.number().optional(), pageSize: z.number().optional(), records: z.array(z.unknown()) })
    .nullable()
    .optional(),
});

export const ERROR_CODES = { badParameter: 40001, auth: 40101, rateLimited: 42901, internal: 50001 } as const;

export interface IndustrialPage {
  total: number | undefined;
  records: unknown[];
}

export interface IndustrialClientOptions {
  /** Random 16+ character nonce per request; injectable for tests. */
  nonce?: () => string;
  now?: () => number;
}

function parseEnvelope(response: HttpResponse): z.infer<typeof envelopeSchema> | null {
  try {
    const parsed = envelopeSchema.safeParse(JSON.parse(response.text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export class IndustrialClient {
  private readonly nonce: () => string;
  private readonly now: () => number;

  constructor(
    private readonly base: URL,
    private readonly credentials: IndustrialCredentials,
    private readonly transport: HttpTransport,
    options: IndustrialClientOptions = {},
  ) {
    this.nonce = options.nonce ?? (() => randomBytes(12).toString('hex'));
    this.now = options.now ?? Date.now;
  }

  private async get(path: string, query: Record<string, string | number | undefined>, signal?: AbortSignal): Promise<IndustrialPage> {
    const url = joinUrl(this.base, path, query);
    // One re-signed retry on 40101: a clock step or a nonce collision is transient; a wrong secret is not.
    for (let authAttempt = 0; ; authAttempt += 1) {
      const response = await this.transport.send(
        { url, headers: (sent) => signedHeaders(this.credentials, sent, this.now(), this.nonce()), signal },
        (answer) => {
          const envelope = parseEnvelope(answer);
          if (envelope?.code === ERROR_CODES.rateLimited || envelope?.code === ERROR_CODES.internal) return {};
          return null;
        },
      );
      const envelope = parseEnvelope(response);
      const isAuthFailure = response.status === 401 || envelope?.code === ERROR_CODES.auth;
      if (isAuthFailure && authAttempt === 0) continue;
      if (isAuthFailure) throw new SourceAuthError(SOURCE_ID, `signature or app key refused (${envelope?.msg ?? `HTTP ${response.status}`})`);
      if (!envelope) throw new SourceResponseError(SOURCE_ID, `GET ${path}: HTTP ${response.status}, not the {code,msg,data} envelope: ${response.text.slice(0, 200)}`, response.status);
      if (envelope.code !== 0) throw new SourceResponseError(SOURCE_ID, `GET ${path}: error ${envelope.code} ${envelope.msg}`, response.status);
      if (!envelope.data) throw new SourceResponseError(SOURCE_ID, `GET ${path}: envelope without data`, response.status);
      return { total: envelope.data.total, records: envelope.data.records };
    }
  }

  /** One page of a change feed, ordered by updatedAt then id; `updatedFrom` is inclusive. */
  fetchPage(path: string, page: number, pageSize: number, updatedFrom: string | undefined, signal?: AbortSignal): Promise<IndustrialPage> {
    return this.get(path, { page, pageSize: Math.min(pageSize, MAX_PAGE_SIZE), updatedFrom }, signal);
  }
}
