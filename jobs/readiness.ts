import { setTimeout as delay } from 'node:timers/promises';
import type { Warehouse } from '../sinks/clickhouse.ts';
import { kafkaReady } from '../sinks/kafka.ts';
import { pingRedis } from './redis-client.ts';
import type { Role } from './roles/roles.ts';

/** What /readyz answers: each service this process's roles depend on, asked now. */
export interface Readiness {
  ready: boolean;
  roles: Role[];
  checks: Record<string, 'ok' | 'down'>;
}

// which services each role cannot work without (the scheduler only enqueues into Redis; web only reads)
const NEEDS: Record<Role, Array<'kafka' | 'redis' | 'clickhouse'>> = {
  scheduler: ['redis'],
  fetcher: ['redis', 'kafka'],
  transformer: ['redis', 'kafka'],
  sink: ['kafka', 'clickhouse'],
  web: ['clickhouse'],
};
const PROBE_MS = 3_000;

const within = async (probe: Promise<boolean>): Promise<boolean> =>
  Promise.race([probe.catch(() => false), delay(PROBE_MS, false, { ref: false })]);

export function readinessProbe(deps: {
  roles: Set<Role>;
  brokers: string[];
  redisUrl: string;
  warehouse: Warehouse | null;
}): () => Promise<Readiness> {
  const needed = new Set([...deps.roles].flatMap((r) => NEEDS[r]));
  const probes = {
    kafka: () => kafkaReady(deps.brokers),
    redis: () => pingRedis(deps.redisUrl),
    clickhouse: async () => (await deps.warehouse!.query('SELECT 1 AS one')).length === 1,
  };
  return async () => {
    const names = [...needed];
    const up = await Promise.all(names.map((n) => within(probes[n]())));
    const checks = Object.fromEntries(names.map((n, i) => [n, up[i] ? 'ok' : 'down'] as const));
    return { ready: up.every(Boolean), roles: [...deps.roles], checks };
  };
}

/** GET /healthz (the process answers) and GET /readyz (its services answer: 200, else 503), or null for other routes. */
export async function healthRoute(
  method: string | undefined,
  url: string | undefined,
  probe: () => Promise<Readiness>,
): Promise<{ status: number; body: string } | null> {
  if (method !== 'GET') return null;
  if (url === '/healthz') return { status: 200, body: 'ok\n' };
  if (url !== '/readyz') return null;
  const r = await probe();
  return { status: r.ready ? 200 : 503, body: `${JSON.stringify(r)}\n` };
}
