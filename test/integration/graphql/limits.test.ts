/**
 * The pieces under the API's protection, against the real stores: the sliding window in Redis, and
 * the request deadline reaching mongoose queries.
 */
import { ApiKeyModel } from '../../../src/auth/apiKey';
import { installQueryDeadlines, RequestDeadline, withDeadline } from '../../../src/graphql/deadline';
import { MinuteLimiter } from '../../../src/graphql/limits';
import { closeRedis, sharedRedis } from '../../../src/infra/redis';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

afterAll(async () => {
  await closeRedis();
});

describe('MinuteLimiter (sliding window)', () => {
  it('counts the previous minute by the share of it still inside the window, so no double burst passes a boundary', async () => {
    const redis = sharedRedis(process.env.REDIS_URL);
    const limiter = new MinuteLimiter(redis, `test-${Date.now()}`, 10);
    const [seconds] = await redis.time();
    const currentWindow = Math.floor((Number(seconds) * 1000) / 60000);
    // the previous minute ended heavily over the limit: a fixed window would start afresh and allow 10
    // now; the sliding window still counts that minute's share (any share of 10^9 is over 10)
    await redis.hset(`ratelimit:${limiter.prefix}:caller`, { w: currentWindow - 1, cur: 1_000_000_000, prev: 0 });
    expect((await limiter.take('caller')).allowed).toBe(false);
    // two minutes on, the old window no longer counts
    await redis.hset(`ratelimit:${limiter.prefix}:caller`, { w: currentWindow - 2, cur: 1_000_000_000, prev: 0 });
    expect((await limiter.take('caller')).allowed).toBe(true);
  });

  it('refuses past the limit within one window and tells when to retry', async () => {
    const limiter = new MinuteLimiter(sharedRedis(process.env.REDIS_URL), `test-fresh-${Date.now()}`, 3);
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.take('k'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.remaining).toBe(0);
    expect(decisions[3]!.resetSeconds).toBeGreaterThan(0);
    expect(decisions[3]!.resetSeconds).toBeLessThanOrEqual(60);
  });
});

describe('request deadline in the database layer', () => {
  beforeAll(() => installQueryDeadlines());

  it('gives a query inside a request the time left as maxTimeMS', async () => {
    const deadline = new RequestDeadline(5000);
    const query = ApiKeyModel.find({ keyId: 'none' }).lean();
    await withDeadline(deadline, () => query.exec());
    const maxTimeMS = query.getOptions().maxTimeMS;
    expect(maxTimeMS).toBeGreaterThan(0);
    expect(maxTimeMS).toBeLessThanOrEqual(5000);
  });

  it('refuses to start a query once the deadline has passed', async () => {
    const deadline = new RequestDeadline(1, Date.now() - 10);
    await expect(withDeadline(deadline, () => ApiKeyModel.countDocuments({}).exec())).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    await expect(withDeadline(deadline, () => ApiKeyModel.aggregate([{ $match: {} }]).exec())).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
  });

  it('leaves queries outside a request alone', async () => {
    const query = ApiKeyModel.find({}).lean();
    await query.exec();
    expect(query.getOptions().maxTimeMS).toBeUndefined();
  });
});
