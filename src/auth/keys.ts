/**
 * Creating, verifying and revoking API keys. A key reads `zwh_<keyId>_<secret>`: the key id finds the
 * record, the secret is compared by hash in constant time. The plain key exists only in the creator's
 * output.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiKeyModel, apiKeyObjectId, findApiKey, type ApiKey } from './apiKey';
import { agencyScope, ROLES, type Caller, type Role } from './roles';
import { CodedError } from '../errors';

const KEY_PATTERN = /^zwh_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export class KeyInputError extends CodedError {
  readonly code = 'BAD_USER_INPUT';
}

/** `lastUsedAt` is written at most this often per key. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** Labels are shown in every audit entry a key writes: short enough to read there. */
export const LABEL_MAX_LENGTH = 100;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface CreatedKey {
  key: string;
  record: ApiKey;
}

export async function createApiKey(input: { role: string; agency: string; label?: string; createdBy: string; trustedOnly?: boolean }): Promise<CreatedKey> {
  if (!ROLES.includes(input.role as Role)) throw new KeyInputError(`role must be one of ${ROLES.join(', ')}; got "${input.role}"`);
  if (!agencyScope(input.agency)) throw new KeyInputError(`unknown agency "${input.agency.slice(0, 40)}"`);
  if (input.label !== undefined && (input.label.trim().length === 0 || input.label.length > LABEL_MAX_LENGTH)) {
    throw new KeyInputError(`label must be 1 to ${LABEL_MAX_LENGTH} characters; got ${input.label.length}`);
  }
  const keyId = randomBytes(9).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  const created = await ApiKeyModel.create({
    _id: apiKeyObjectId(keyId),
    keyId,
    secretHash: hashSecret(secret),
    label: input.label ?? `${input.role.toLowerCase()}@${input.agency}`,
    role: input.role,
    agency: input.agency,
    createdBy: input.createdBy,
    createdAt: new Date(),
    trustedOnly: input.trustedOnly ?? false,
  });
  return { key: `zwh_${keyId}_${secret}`, record: created.toObject() };
}

/** Returns the caller a presented key stands for, or null when it is unknown, malformed or revoked. */
export async function verifyApiKey(presented: string): Promise<Caller | null> {
  const match = KEY_PATTERN.exec(presented.trim());
  if (!match) return null;
  const [, keyId, secret] = match as unknown as [string, string, string];
  const record = await findApiKey(keyId);
  if (!record || record.revokedAt) return null;
  const expected = Buffer.from(record.secretHash, 'hex');
  const actual = Buffer.from(hashSecret(secret), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  // Last use is informational (to the minute): do not slow the request down for it, nor write on every request.
  const now = new Date();
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    void ApiKeyModel.updateOne({ _id: record._id }, { $set: { lastUsedAt: now } }).catch(() => undefined);
  }
  return { keyId, label: record.label, role: record.role as Role, agency: record.agency, trustedOnly: record.trustedOnly ?? false };
}

export async function revokeApiKey(keyId: string, revokedBy: string): Promise<ApiKey | null> {
  return ApiKeyModel.findOneAndUpdate(
    { keyId, revokedAt: null },
    { $set: { revokedAt: new Date(), revokedBy } },
    { new: true },
  ).lean();
}
