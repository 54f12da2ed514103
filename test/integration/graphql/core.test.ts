import { ApiKeyModel } from '../../../src/auth/apiKey';
import { hashSecret } from '../../../src/auth/keys';
import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  HealthDocument,
  HealthEmbeddedDocument,
  MeDocument,
  RevokeApiKeyDocument,
} from '../../graphql/generated';
import { errorCodes, startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';
import { closeRedis } from '../../../src/infra/redis';

useTestDatabase(__filename);

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '1000' });
});
afterAll(async () => {
  await api.close();
  await closeRedis();
});

describe('GraphQL core', () => {
  it('refuses a request without an API key (UNAUTHENTICATED)', async () => {
    const response = await api.request(HealthDocument);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data).toBeNull();
  });

  it('refuses an unknown key with HTTP 401', async () => {
    const response = await api.request(HealthDocument, {}, 'zwh_000000000000_' + 'A'.repeat(43));
    expect(response.status).toBe(401);
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers health with a key', async () => {
    const key = await api.keyFor('ANALYST', 'STATS');
    const response = await api.request(HealthDocument, {}, key);
    expect(response.errors).toBeUndefined();
    expect(response.data?.health).toEqual({ mongo: true, redis: true, version: process.version });
  });

  it('refuses the ADMIN-only embedded servers (with their URLs) to a PARTNER and a STEWARD, and lets an ADMIN read them', async () => {
    const partner = await api.keyFor('PARTNER', 'TAX');
    const refused = await api.request(HealthEmbeddedDocument, {}, partner);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
    const steward = await api.keyFor('STEWARD', 'EEB');
    expect(errorCodes(await api.request(HealthEmbeddedDocument, {}, steward))).toEqual(['FORBIDDEN']);
    const admin = await api.keyFor('ADMIN');
    const allowed = await api.request(HealthEmbeddedDocument, {}, admin);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data?.health.embedded).toEqual([]);
  });

  it('lets only ADMIN create keys; the key works once created, is stored hashed, and stops working when revoked', async () => {
    const steward = await api.keyFor('STEWARD', 'UMC');
    const refused = await api.request(CreateApiKeyDocument, { input: { role: 'PARTNER', agency: 'TAX' } }, steward);
    expect(errorCodes(refused)).toEqual(['FORBIDDEN']);

    const admin = await api.keyFor('ADMIN');
    const created = await api.request(CreateApiKeyDocument, { input: { role: 'PARTNER', agency: 'TAX', label: 'tax bureau feed' } }, admin);
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data!.createApiKey;
    expect(key).toMatch(/^zwh_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.agency.code).toBe('TAX');

    const stored = await ApiKeyModel.findOne({ keyId: apiKey.keyId }).lean();
    // the whole secret (it may hold '_': split on it, its tail was two characters found in the hash by chance)
    const secret = key.slice(`zwh_${apiKey.keyId}_`.length);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.secretHash).toBe(hashSecret(secret));

    const me = await api.request(MeDocument, {}, key);
    expect(me.data?.me).toMatchObject({ keyId: apiKey.keyId, role: 'PARTNER', agency: { code: 'TAX', name: '税务局' } });

    const listed = await api.request(ApiKeysDocument, {}, admin);
    expect(listed.data?.apiKeys.map((k) => k.keyId)).toContain(apiKey.keyId);

    const revoked = await api.request(RevokeApiKeyDocument, { keyId: apiKey.keyId }, admin);
    expect(revoked.data?.revokeApiKey.revokedAt).toBeTruthy();
    expect(errorCodes(await api.request(MeDocument, {}, key))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await api.request(RevokeApiKeyDocument, { keyId: apiKey.keyId }, admin))).toEqual(['NOT_FOUND']);
  });

  it('answers a bad argument with BAD_USER_INPUT', async () => {
    const admin = await api.keyFor('ADMIN');
    const unknownAgency = await api.request(CreateApiKeyDocument, { input: { role: 'PARTNER', agency: 'NASA' } }, admin);
    expect(errorCodes(unknownAgency)).toEqual(['BAD_USER_INPUT']);
    const badRole = await api.request(CreateApiKeyDocument, { input: { role: 'KING' as never, agency: 'TAX' } }, admin);
    expect(errorCodes(badRole)).toEqual(['BAD_USER_INPUT']);
  });

  it('rejects queries deeper than API_MAX_DEPTH as a validation failure', async () => {
    const shallow = await startTestApi({ API_MAX_DEPTH: '2' });
    try {
      const key = await api.keyFor('ADMIN');
      expect((await shallow.request(HealthDocument, {}, key)).errors).toBeUndefined();
      const tooDeep = await shallow.request(MeDocument, {}, key);
      expect(errorCodes(tooDeep)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(tooDeep.errors?.[0]?.message).toMatch(/depth limit of 2 exceeded, found 3/);
    } finally {
      await shallow.close();
    }
  });

  it('answers HTTP 429 with Retry-After once a key exceeds its rate limit', async () => {
    const limited = await startTestApi({ API_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const key = await api.keyFor('ANALYST', 'STATS');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.request(HealthDocument, {}, key)).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      const last = await limited.request(HealthDocument, {}, key);
      expect(errorCodes(last)).toEqual(['RATE_LIMITED']);
    } finally {
      await limited.close();
    }
  });

  it('serves /healthz, /readyz and /metrics', async () => {
    const health = (await (await fetch(`${api.url}/healthz`)).json()) as { version: string };
    expect(health.version).toBe(process.version);
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', mongo: true, redis: true });
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toContain('hub_http_request_duration_seconds');
    expect(metrics).toContain('hub_graphql_operations_total');
  });
});
