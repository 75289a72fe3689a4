import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.ts';
import type { FxRates } from './fx-rates.ts';

const port = z.coerce.number().int().min(0).max(65535);
const cron = z.string().regex(/^(\S+\s+){4,5}\S+$/, 'a cron expression of 5 or 6 fields');

function pairs(text: string, sep: string, ctx: z.RefinementCtx): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text
    .split(sep)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) {
      ctx.addIssue({ code: 'custom', message: `${part}: expected name=value` });
      continue;
    }
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

export const Env = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // logs on stderr: auto is readable text on a terminal and JSON lines elsewhere (--log-format overrides)
  REBAR_LOG_FORMAT: z.enum(['auto', 'text', 'json']).default('auto'),
  REBAR_DATA_DIR: z
    .string()
    .default('./data')
    .transform((p) => path.resolve(p)),
  REBAR_CACHE_DIR: z
    .string()
    .default('./.cache')
    .transform((p) => path.resolve(p)),
  KAFKA_BROKERS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .optional(),
  REBAR_KAFKA_PORT: port.default(9092),
  // the local Kafka's nodes when KAFKA_BROKERS is unset: 1, or a cluster on REBAR_KAFKA_PORT + 2i (controllers + 1)
  REBAR_KAFKA_NODES: z.coerce.number().int().min(1).max(9).default(1),
  REDIS_URL: z.url().optional(),
  REBAR_REDIS_PORT: port.default(6379),
  CLICKHOUSE_URL: z.url().optional(),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CLICKHOUSE_DATABASE: z.string().regex(/^\w+$/).default('rebar'),
  // a cluster in the server's remote_servers (with Keeper and the {shard} and {replica} macros): the tables are made
  // ON CLUSTER as Replicated engines, one shard of replicas that each hold every row; unset: plain tables on one server
  CLICKHOUSE_CLUSTER: z.string().regex(/^\w+$/).optional(),
  // comma-separated source names; unset: every source scheduled by default (ingest/sources/index.ts checks the names)
  REBAR_SOURCES: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .optional(),
  // name=url pairs, comma-separated, for any source: REBAR_BASE_URLS=llm-prices=http://mirror.local/llm-prices
  REBAR_BASE_URLS: z
    .string()
    .default('')
    .transform((s, ctx) => pairs(s, ',', ctx)),
  // name=cron pairs, ';'-separated (cron has commas): REBAR_SCHEDULES="genai-prices=0 4 * * *;gpu-price-tracker=*/30 * * * *"
  REBAR_SCHEDULES: z
    .string()
    .default('')
    .transform((s, ctx) => {
      const out = pairs(s, ';', ctx);
      for (const [name, expr] of Object.entries(out)) {
        const r = cron.safeParse(expr);
        if (!r.success)
          ctx.addIssue({ code: 'custom', message: `REBAR_SCHEDULES ${name}=${expr}: ${r.error.issues[0]!.message}` });
      }
      return out;
    }),
  // dated FX rates for non-USD price lists, USD per unit, several per currency: each applies from its date
  // CNY=0.1404@2025-12-01,CNY=0.1390@2026-06-01,EUR=1.16@2025-12-01
  REBAR_FX_RATES: z
    .string()
    .default('')
    .transform((s, ctx) => {
      const out: FxRates = {};
      for (const part of s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const m = /^([A-Z]{3})=(\d+(?:\.\d+)?)@(\d{4}-\d{2}-\d{2})$/.exec(part);
        if (!m) {
          ctx.addIssue({ code: 'custom', message: `REBAR_FX_RATES ${part}: expected CUR=usd_per_unit@YYYY-MM-DD` });
          continue;
        }
        const [, cur, usd_per_unit, date] = m as unknown as [string, string, string, string];
        const rates = (out[cur] ??= []);
        if (rates.some((r) => r.date === date))
          ctx.addIssue({ code: 'custom', message: `REBAR_FX_RATES ${cur}: two rates dated ${date}` });
        rates.push({ usd_per_unit, date });
      }
      for (const rates of Object.values(out)) rates.sort((a, b) => a.date.localeCompare(b.date));
      return out;
    }),
  REBAR_RENDER_OPENAI_PAGE: z.stringbool().default(true),
  REBAR_HTTP_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  REBAR_USER_AGENT: z.string().min(1).default('rebar/0.1 (+https://github.com/rebar-ai/rebar; ops@rebar.invalid)'),
  REBAR_CONTROL_PORT: port.default(0),
  // the analysts' HTTP port (rebar serve, rebar run): ClickHouse's HTTP interface at /; 0 takes a free port
  REBAR_HTTP_PORT: port.default(8123),
  REBAR_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  // required to bind anything but loopback; checked on every request (the password of ClickHouse clients)
  REBAR_HTTP_TOKEN: z.string().min(16, 'REBAR_HTTP_TOKEN: at least 16 characters').optional(),
  // queues live under this Redis key prefix, so several rebar instances can share one Redis
  // prefix for topic and consumer-group names, to share a Kafka cluster between deployments
  REBAR_KAFKA_NAMESPACE: z
    .string()
    .regex(/^[\w.-]*$/)
    .default(''),
  REBAR_QUEUE_PREFIX: z
    .string()
    .regex(/^[\w.-]+$/)
    .default('rebar'),
  REBAR_FETCH_CONCURRENCY: z.coerce.number().int().positive().default(2),
  // requests per second per host, across every worker sharing the Redis; 'default' for the rest
  REBAR_HOST_RATE_LIMITS: z.string().default('default=1,data.sec.gov=10'),
  REBAR_HOST_CONCURRENCY: z.coerce.number().int().positive().default(2),
  REBAR_RESPECT_ROBOTS: z.stringbool().default(true),
  REBAR_CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  REBAR_FETCH_ATTEMPTS: z.coerce.number().int().positive().default(3),
  REBAR_FETCH_BACKOFF_MS: z.coerce.number().int().nonnegative().default(5_000),
  REBAR_SINK_BATCH_ROWS: z.coerce.number().int().positive().default(50_000),
  // every analyst query (rebar sql, rebar metrics, the HTTP endpoint) ends with an error naming the limit it passed
  REBAR_QUERY_TIMEOUT_S: z.coerce.number().int().positive().default(300),
  REBAR_QUERY_MAX_ROWS: z.coerce.number().int().positive().default(50_000_000), // rows of the result
  REBAR_QUERY_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 2 ** 30), // bytes of the result, uncompressed
  REBAR_QUERY_MAX_MEMORY_GB: z.coerce
    .number()
    .positive()
    .default(Math.max(1, Math.floor(os.totalmem() / 2 ** 30 / 2))),
});
export type Env = z.infer<typeof Env>;

/** Parses the environment once; '' counts as unset. */
export function loadEnv(src: Record<string, string | undefined> = process.env): Env {
  const set = Object.fromEntries(Object.entries(src).filter(([, v]) => v !== undefined && v !== ''));
  const r = Env.safeParse(set);
  if (!r.success) throw new ConfigError(`invalid environment\n${z.prettifyError(r.error)}`);
  return r.data;
}
