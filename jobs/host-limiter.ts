import { randomUUID } from 'node:crypto';
import type { RedisConnection } from './redis-client.ts';

// sliding one-second window per host, shared by every worker on the Redis (the deployment-wide limit SEC asks for)
const SLIDING_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

// on release the slot moves to the response time: the next request starts a full window after this one
// reached the server, whatever the network did in between
const SETTLE = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
`;

export interface HostLimits {
  perSecond: Record<string, number>;
  concurrency: number;
}

/** Parses 'default=2,data.sec.gov=10' into requests per second per host. */
export function parseHostLimits(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [host, n] = part.split('=');
    const v = Number(n);
    if (!host || !Number.isFinite(v) || v <= 0)
      throw new Error(`bad host rate limit ${part}: use host=requests_per_second`);
    out[host] = v;
  }
  return out;
}

export function createHostLimiter(
  redis: RedisConnection,
  prefix: string,
  limits: HostLimits,
): (host: string) => Promise<() => void> {
  const active = new Map<string, number>();
  const waiting = new Map<string, Array<() => void>>();
  const take = async (host: string): Promise<void> => {
    if ((active.get(host) ?? 0) >= limits.concurrency)
      await new Promise<void>((r) => waiting.set(host, [...(waiting.get(host) ?? []), r]));
    active.set(host, (active.get(host) ?? 0) + 1);
  };
  const give = (host: string): void => {
    active.set(host, (active.get(host) ?? 1) - 1);
    const next = waiting.get(host)?.shift();
    next?.();
  };
  return async (host) => {
    await take(host);
    const perSecond = limits.perSecond[host] ?? limits.perSecond.default ?? 1;
    // fractional rates (0.5/s) become one request per 2 s
    const [window, count] = perSecond >= 1 ? [1000, Math.floor(perSecond)] : [Math.round(1000 / perSecond), 1];
    const key = `${prefix}:ratelimit:${host}`;
    const member = randomUUID();
    for (;;) {
      const wait = Number(await redis.eval(SLIDING_WINDOW, 1, key, window, count, member));
      if (wait === 0) break;
      await new Promise((r) => setTimeout(r, wait));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      give(host);
      void redis.eval(SETTLE, 1, key, member, window).catch(() => undefined);
    };
  };
}
