import type { RedisConnection } from './redis-client.ts';

/** What operators see per source; kept in Redis so every replica reports the same. */
export interface SourceStatus {
  last_attempt_at?: string;
  last_success_at?: string;
  last_status?: string; // published | unchanged
  last_failure_at?: string;
  last_failure_reason?: string;
  last_document_id?: string;
  last_observations?: string;
  last_changes?: string;
  last_dead_lettered?: string;
}

export interface SourceStatusStore {
  update(source: string, fields: SourceStatus): Promise<void>;
  get(source: string): Promise<SourceStatus>;
}

export function sourceStatusStore(redis: RedisConnection, prefix: string): SourceStatusStore {
  const key = (source: string): string => `${prefix}:status:${source}`;
  return {
    async update(source, fields) {
      const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as [string, string][];
      if (entries.length) await redis.hset(key(source), Object.fromEntries(entries));
    },
    async get(source) {
      return (await redis.hgetall(key(source))) as SourceStatus;
    },
  };
}
