/**
 * GraphQL over HTTP conformance: graphql-http's server audits against the real HTTP front, with no
 * warning and no error (issue 16), including `application/graphql-response+json`.
 */
import { serverAudits } from 'graphql-http';
import { closeRedis, sharedRedis } from '../../../src/infra/redis';
import { startTestApi, type TestApi } from '../../support/api';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

/** The audits send their requests without a key, from the address every test file uses: leave no count behind. */
async function forgetAddressCounts(): Promise<void> {
  const redis = sharedRedis(process.env.REDIS_URL);
  const counted = await redis.keys('ratelimit:address:*');
  if (counted.length) await redis.del(...counted);
}

let api: TestApi;
beforeAll(async () => {
  await forgetAddressCounts();
  api = await startTestApi({ API_ANONYMOUS_RATE_LIMIT_PER_MINUTE: '100000', API_MAX_CONCURRENT_PER_KEY: '100' });
});
afterAll(async () => {
  await api.close();
  await forgetAddressCounts();
  await closeRedis();
});

describe('graphql-http server audits', () => {
  for (const audit of serverAudits({ url: () => `${api.url}/graphql` })) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect({ status: result.status, reason: result.status === 'ok' ? '' : result.reason }).toEqual({ status: 'ok', reason: '' });
    });
  }
});
