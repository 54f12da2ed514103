/** Redis connections (ioredis). BullMQ needs its own connections with maxRetriesPerRequest: null. */
import { Redis } from 'ioredis';

const clients = new Set<Redis>();
let shared: Redis | undefined;
let sharedUrl: string | undefined;

export function redisConnection(url: string, options: { forQueue?: boolean } = {}): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: options.forQueue ? null : 3,
    lazyConnect: false,
    enableReadyCheck: true,
  });
  client.on('error', () => {
    /* surfaced through readiness checks and failed commands */
  });
  clients.add(client);
  client.once('end', () => clients.delete(client));
  return client;
}

/** The process-wide client for caches, rate limits and readiness. */
export function sharedRedis(url?: string): Redis {
  if (url && url !== sharedUrl) {
    shared = redisConnection(url);
    sharedUrl = url;
  }
  if (!shared) throw new Error('Redis is not connected yet');
  return shared;
}

export async function pingRedis(): Promise<boolean> {
  if (!shared) return false;
  try {
    return (await shared.ping()) === 'PONG';
  } catch {
    return false;
  }
}

export async function closeRedis(): Promise<void> {
  await Promise.all([...clients].map((c) => c.quit().catch(() => c.disconnect())));
  clients.clear();
  shared = undefined;
  sharedUrl = undefined;
}
