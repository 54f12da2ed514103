/**
 * Request protection that does not depend on the domain (DESIGN §7):
 * - the shape of an operation: depth, aliases and directives by graphql-armor's validation rules;
 *   tokens by graphql-js's own parser limit (armor's token plugin throws from a parsing hook, which
 *   Apollo answers with HTTP 500; the parser's limit is a clean GRAPHQL_PARSE_FAILED 400);
 * - request rates per key and per client address, and each key's cost budget per minute, in Redis
 *   (rate-limiter-flexible) over a sliding window: the weighted count of the previous window plus the
 *   current one, so no burst of twice the limit passes across a window boundary.
 */
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';

export type ShapeLimits = Pick<Config, 'API_MAX_DEPTH' | 'API_MAX_ALIASES' | 'API_MAX_DIRECTIVES'>;

/** graphql-armor's shape limits as Apollo validation rules (GRAPHQL_VALIDATION_FAILED, HTTP 400). */
export function operationShapeRules(limits: ShapeLimits): { validationRules: ValidationRule[]; plugins: ApolloServerPlugin[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.API_MAX_DEPTH, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.API_MAX_ALIASES },
    maxDirectives: { n: limits.API_MAX_DIRECTIVES },
    // tokens: graphql-js parseOptions.maxTokens (see above); cost: src/graphql/cost.ts (lists × page size)
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // suggestions ("did you mean …") help partners' developers more than they help an attacker
    blockFieldSuggestion: { enabled: false },
  });
  const { validationRules, plugins } = armor.protect();
  return { validationRules, plugins };
}

/**
 * Sliding-window counter in one Lua call, the shape rate-limiter-flexible expects of
 * `customIncrTtlLuaScript`: returns {points counted in the last window, ms until the current window ends}.
 * Counted = current window + previous window × the share of it still inside the sliding window.
 */
const SLIDING_WINDOW_LUA = `
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local windowMs = tonumber(ARGV[2]) * 1000
local current = math.floor(nowMs / windowMs)
local stored = redis.call('HMGET', KEYS[1], 'w', 'cur', 'prev')
local w = tonumber(stored[1]) or current
local cur = tonumber(stored[2]) or 0
local prev = tonumber(stored[3]) or 0
if w < current then
  if w == current - 1 then prev = cur else prev = 0 end
  cur = 0
end
cur = cur + tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'w', current, 'cur', cur, 'prev', prev)
redis.call('PEXPIRE', KEYS[1], windowMs * 2)
local elapsed = nowMs - current * windowMs
local counted = cur + math.floor(prev * (windowMs - elapsed) / windowMs)
return {counted, windowMs - elapsed}
`;

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** seconds until the window moves on (for Retry-After and RateLimit-Reset) */
  resetSeconds: number;
}

/** A per-minute limiter over Redis; `take(key, points)` counts the points and says whether they fit. */
export class MinuteLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, readonly prefix: string, readonly perMinute: number) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: `ratelimit:${prefix}`, points: perMinute, duration: 60, customIncrTtlLuaScript: SLIDING_WINDOW_LUA });
  }

  async take(key: string, points = 1): Promise<RateDecision> {
    const decide = (res: RateLimiterRes, allowed: boolean): RateDecision => ({
      allowed,
      limit: this.perMinute,
      remaining: Math.max(0, this.perMinute - res.consumedPoints),
      resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
    });
    try {
      return decide(await this.limiter.consume(key, Math.max(1, Math.ceil(points))), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return decide(rejection, false);
      throw rejection;
    }
  }
}

/** IETF RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers), and Retry-After when refused. */
export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  const headers: Record<string, string> = {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
    'ratelimit-policy': `${decision.limit};w=60`,
  };
  if (!decision.allowed) headers['retry-after'] = String(decision.resetSeconds);
  return headers;
}

/**
 * At most `perCaller` requests of one key (or address) execute at once in this process: a client that
 * opens many connections cannot take every database slot from its neighbours. Further ones are refused
 * (429), not queued, so a stalled client holds no memory here.
 */
export class ConcurrencyGate {
  private readonly running = new Map<string, number>();

  constructor(readonly perCaller: number) {}

  /** A release function when a slot is free, else null. */
  enter(caller: string): (() => void) | null {
    const now = this.running.get(caller) ?? 0;
    if (now >= this.perCaller) return null;
    this.running.set(caller, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(caller) ?? 1) - 1;
      if (left <= 0) this.running.delete(caller);
      else this.running.set(caller, left);
    };
  }
}
