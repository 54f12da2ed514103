/**
 * Short-lived bearer tokens exchanged for an API key (`issueToken`): a partner's backend keeps the key
 * and hands its front ends tokens that expire. A token reads `zwt_<payload>.<signature>`: the payload
 * names the key and the expiry, the signature is HMAC-SHA256 with TOKEN_SECRET (a per-process secret
 * without it: tokens then work only against the process that issued them). Each use still reads the
 * key, so revoking the key ends its tokens at once.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { config } from '../config';
import { findApiKey } from './apiKey';
import { verifyApiKey } from './keys';
import type { Caller, Role } from './roles';

export const TOKEN_PREFIX = 'zwt_';
export const MAX_TOKEN_TTL_SECONDS = 3600;

const tokenPayload = z.object({ k: z.string().regex(/^[a-z0-9]{12}$/), exp: z.number().int().positive() });

let processSecret: Buffer | undefined;
function tokenSecret(): Buffer {
  const configured = config().TOKEN_SECRET;
  return configured ? Buffer.from(`token:${configured}`) : (processSecret ??= randomBytes(32));
}

const signatureOf = (payload: string) => createHmac('sha256', tokenSecret()).update(payload).digest();

export function issueToken(keyId: string, ttlSeconds: number, now = Date.now()): { token: string; expiresAt: Date } {
  const expiresAt = new Date(now + ttlSeconds * 1000);
  const payload = Buffer.from(JSON.stringify({ k: keyId, exp: Math.floor(expiresAt.getTime() / 1000) })).toString('base64url');
  return { token: `${TOKEN_PREFIX}${payload}.${signatureOf(payload).toString('base64url')}`, expiresAt };
}

/** The caller a token stands for, or null when it is forged, expired, or its key is revoked. */
export async function verifyToken(presented: string, now = Date.now()): Promise<Caller | null> {
  if (!presented.startsWith(TOKEN_PREFIX)) return null;
  const [payload, signature] = presented.slice(TOKEN_PREFIX.length).split('.');
  if (!payload || !signature) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = signatureOf(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let body: z.infer<typeof tokenPayload>;
  try {
    body = tokenPayload.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return null;
  }
  if (body.exp * 1000 <= now) return null;
  const record = await findApiKey(body.k);
  if (!record || record.revokedAt) return null;
  return { keyId: record.keyId, label: record.label, role: record.role as Role, agency: record.agency, trustedOnly: record.trustedOnly ?? false };
}

/** An API key or a token, as presented in `Authorization: Bearer …`. */
export function verifyCredential(presented: string): Promise<Caller | null> {
  return presented.startsWith(TOKEN_PREFIX) ? verifyToken(presented) : verifyApiKey(presented);
}
