import type { DocumentOutcome } from '../transform/run-transformer.ts';
import type { RedisConnection } from './redis-client.ts';

/**
 * What each transformed document yielded, by id: kept here and in Redis, so a drain in the process that published a
 * document sees it done by a transformer in another process.
 */
export interface DocumentOutcomes {
  record(o: DocumentOutcome): Promise<void>;
  forget(id: string): Promise<void>;
  get(id: string): Promise<DocumentOutcome | undefined>;
}

// a drain waits minutes; a week leaves room for a long replay and a look afterwards
const TTL_S = 7 * 86_400;

export function documentOutcomes(redis: RedisConnection, prefix: string): DocumentOutcomes {
  const here = new Map<string, DocumentOutcome>();
  const key = (id: string): string => `${prefix}:outcome:${id}`;
  return {
    async record(o) {
      here.set(o.document_id, o);
      await redis.set(key(o.document_id), JSON.stringify(o), 'EX', TTL_S);
    },
    async forget(id) {
      here.delete(id);
      await redis.del(key(id));
    },
    async get(id) {
      const hit = here.get(id);
      if (hit) return hit;
      const text = await redis.get(key(id));
      // written by record() above, in this or another rebar process
      return text ? (JSON.parse(text) as DocumentOutcome) : undefined;
    },
  };
}
