// the one ioredis import
import { Redis } from 'ioredis';

export type RedisConnection = Redis;

export function createRedis(url: string, opts: { forBullmq?: boolean } = {}): Redis {
  // bullmq workers block on Redis: they need maxRetriesPerRequest null
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: opts.forBullmq ? null : 1,
    enableOfflineQueue: !!opts.forBullmq,
    connectTimeout: 2_000,
    retryStrategy: opts.forBullmq ? (n) => Math.min(n * 200, 5_000) : () => null,
  });
}

export async function pingRedis(url: string): Promise<boolean> {
  const r = createRedis(url);
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}
