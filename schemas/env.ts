import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';

const port = z.coerce.number().int().min(0).max(65535);
const cron = z.string().regex(/^(\S+\s+){4,5}\S+$/, 'a cron expression of 5 or 6 fields');

export const Env = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REBAR_DATA_DIR: z.string().default('./data').transform((p) => path.resolve(p)),
  REBAR_CACHE_DIR: z.string().default('./.cache').transform((p) => path.resolve(p)),
  KAFKA_BROKERS: z.string().transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean)).optional(),
  REBAR_KAFKA_PORT: port.default(9092),
  REDIS_URL: z.url().optional(),
  REBAR_REDIS_PORT: port.default(6379),
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().regex(/^\w+$/).default('rebar'),
  REBAR_SOURCES: z.string().default('litellm,openrouter').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
  REBAR_LITELLM_BASE_URL: z.url().default('https://raw.githubusercontent.com/BerriAI/litellm/main'),
  REBAR_OPENROUTER_BASE_URL: z.url().default('https://openrouter.ai'),
  REBAR_SCHEDULE_LITELLM: cron.default('17 * * * *'),
  REBAR_SCHEDULE_OPENROUTER: cron.default('*/15 * * * *'),
  REBAR_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  REBAR_USER_AGENT: z.string().min(1).default('rebar/0.1 (+https://github.com/rebar-ai/rebar; ops@rebar.invalid)'),
  REBAR_CONTROL_PORT: port.default(0),
  // queues live under this Redis key prefix, so several rebar instances can share one Redis
  // prefix for topic and consumer-group names, to share a Kafka cluster between deployments
  REBAR_KAFKA_NAMESPACE: z.string().regex(/^[\w.-]*$/).default(''),
  REBAR_QUEUE_PREFIX: z.string().regex(/^[\w.-]+$/).default('rebar'),
  REBAR_FETCH_CONCURRENCY: z.coerce.number().int().positive().default(2),
  // requests per second per host, across every worker sharing the Redis; 'default' for the rest
  REBAR_HOST_RATE_LIMITS: z.string().default('default=1,data.sec.gov=10'),
  REBAR_HOST_CONCURRENCY: z.coerce.number().int().positive().default(2),
  REBAR_RESPECT_ROBOTS: z.stringbool().default(true),
  REBAR_CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  REBAR_FETCH_ATTEMPTS: z.coerce.number().int().positive().default(3),
  REBAR_FETCH_BACKOFF_MS: z.coerce.number().int().nonnegative().default(5_000),
  REBAR_SINK_BATCH_ROWS: z.coerce.number().int().positive().default(50_000),
  // test-only fault injection, named so nobody sets it by accident
  REBAR_FAULT_INJECTION: z.enum(['sink-exit-after-insert']).optional(),
});
export type Env = z.infer<typeof Env>;

/** Parses the environment once; '' counts as unset. */
export function loadEnv(src: Record<string, string | undefined> = process.env): Env {
  const set = Object.fromEntries(Object.entries(src).filter(([, v]) => v !== undefined && v !== ''));
  const r = Env.safeParse(set);
  if (!r.success) throw new ConfigError(`invalid environment\n${z.prettifyError(r.error)}`);
  return r.data;
}
