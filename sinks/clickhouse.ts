// the one @clickhouse/client (and chdb) import: embedded chDB and a ClickHouse server share this code path
import { createClient, ClickHouseError, type ClickHouseClient, type DataFormat } from '@clickhouse/client';
import { Session } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../schemas/env.ts';
import type { Log } from '../schemas/logger.ts';
import { ConfigError, PermanentError, RetryableError } from '../schemas/errors.ts';
import { RefusedQueryError } from './analyst-guard.ts';
import { analystReads, type AnalystRead, type ReadOptions, type RunOptions } from './analyst-session.ts';
import { analystSettings, READ_SETTINGS, type QueryLimits } from './analyst-settings.ts';
import { literal } from './sql-literal.ts';
import { onCluster } from '../schemas/clickhouse.ts';

export interface WarehouseConfig {
  url?: string | undefined;
  user: string;
  password: string;
  database: string;
  // the ClickHouse cluster (remote_servers) whose replicas hold the tables: DDL runs ON CLUSTER, engines Replicated
  cluster: string | null;
  embeddedPath: string;
  limits: QueryLimits;
}

type WarehouseEnv = Pick<
  Env,
  | 'CLICKHOUSE_URL'
  | 'CLICKHOUSE_USER'
  | 'CLICKHOUSE_PASSWORD'
  | 'CLICKHOUSE_DATABASE'
  | 'CLICKHOUSE_CLUSTER'
  | 'REBAR_DATA_DIR'
  | 'REBAR_QUERY_TIMEOUT_S'
  | 'REBAR_QUERY_MAX_ROWS'
  | 'REBAR_QUERY_MAX_BYTES'
  | 'REBAR_QUERY_MAX_MEMORY_GB'
>;
/** The warehouse the environment names: CLICKHOUSE_URL's server, or embedded chDB in the data folder. */
export const warehouseConfig = (env: WarehouseEnv): WarehouseConfig => ({
  url: env.CLICKHOUSE_URL,
  user: env.CLICKHOUSE_USER,
  password: env.CLICKHOUSE_PASSWORD,
  database: env.CLICKHOUSE_DATABASE,
  cluster: env.CLICKHOUSE_CLUSTER ?? null,
  embeddedPath: path.join(env.REBAR_DATA_DIR, 'clickhouse'),
  limits: {
    timeoutS: env.REBAR_QUERY_TIMEOUT_S,
    maxRows: env.REBAR_QUERY_MAX_ROWS,
    maxBytes: env.REBAR_QUERY_MAX_BYTES,
    maxMemoryGb: env.REBAR_QUERY_MAX_MEMORY_GB,
  },
});

export interface Warehouse {
  /** the cluster its tables are replicated on (CLICKHOUSE_CLUSTER), or null */
  cluster: string | null;
  readonly kind: 'embedded' | 'server';
  readonly database: string;
  insert(table: string, rows: readonly object[]): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /**
   * Analysts' read-only query: ClickHouse's parse of it must name only rebar's tables (sinks/analyst-guard.ts), and it
   * runs read-only (readonly = 1: no setting can be lifted) within the config's limits.
   */
  readOnlyText(sql: string, format: string, opts?: ReadOptions): Promise<string>;
  /** The same, as the result's bytes come (an output of any size, never held whole: a full read of 100M rows). */
  readOnlyStream(sql: string, format: string, opts?: ReadOptions): AsyncIterable<Uint8Array>;
  /** The same, admitted before it returns: the output's format (the query's FORMAT clause, else format) and bytes. */
  readOnly(sql: string, format: string, opts?: ReadOptions): Promise<AnalystRead>;
  command(sql: string): Promise<void>;
  close(): Promise<void>;
}

const LIMIT_HINTS: Record<string, string> = {
  '396':
    'the result passed REBAR_QUERY_MAX_ROWS or REBAR_QUERY_MAX_BYTES (or a lower limit the query set): add a LIMIT or aggregate, or raise the limit',
  '159': 'the query ran past REBAR_QUERY_TIMEOUT_S (or a lower limit the query set): narrow it, or raise the limit',
  '241':
    'the query needed more than REBAR_QUERY_MAX_MEMORY_GB (or a lower limit the query set): narrow it, or raise the limit',
  '164': 'analysts read only: no writes, no settings changes',
};

function classify(op: string, err: unknown): Error {
  if (err instanceof RefusedQueryError) return err;
  if (err instanceof ClickHouseError && op === 'sql' && LIMIT_HINTS[err.code]) {
    return new PermanentError(`sql: ${LIMIT_HINTS[err.code]} (ClickHouse error ${err.code}: ${err.message})`, {
      cause: err,
    });
  }
  if (err instanceof ClickHouseError) {
    const msg = `${op}: ClickHouse error ${err.code} ${err.type ?? ''}: ${err.message}`;
    // 164 READONLY, 62 SYNTAX_ERROR, 47 UNKNOWN_IDENTIFIER, 60 UNKNOWN_TABLE, 53 TYPE_MISMATCH, 27 CANNOT_PARSE_INPUT...
    return ['164', '62', '47', '60', '53', '27', '6', '26', '117'].includes(err.code)
      ? new PermanentError(msg, { cause: err })
      : new RetryableError(msg, { cause: err });
  }
  return new RetryableError(`${op}: ${(err as Error).message}`, { cause: err });
}

/** The ClickHouse error behind a warehouse error (its code, type and text), or null: for answering as ClickHouse does. */
export function clickhouseErrorOf(err: unknown): { code: string; type: string | undefined; message: string } | null {
  for (let e = err; e instanceof Error; e = e.cause)
    if (e instanceof ClickHouseError) return { code: e.code, type: e.type, message: e.message };
  return null;
}

function chdbClient(dataPath: string): ClickHouseClient {
  const connection = createChdbConnection({ path: dataPath });
  // chdb bundles its own client-common; the runtime contract is the same, the type identities differ
  return createClient({
    connection: connection as unknown as NonNullable<Parameters<typeof createClient>[0]>['connection'],
  });
}

type Params = Record<string, string | null>;
/** An analysts' chDB session: its settings SET once (readonly = 1 last), then reads, placeholders bound by chDB. */
interface ChdbReader {
  run(sql: string, format: string, params: Params): Promise<Uint8Array>;
  /** chDB's own chunked query (a whole result is one buffer) */
  stream(sql: string, format: string, params: Params): AsyncIterable<{ raw(): Uint8Array }>;
  close(): void;
}

function chdbReader(dataPath: string, database: string, settings: Record<string, string | number>): ChdbReader {
  const session = new Session(dataPath);
  session.query(`USE ${database}`);
  for (const [name, value] of Object.entries(settings))
    session.query(`SET ${name} = ${typeof value === 'number' ? value : literal(value)}`);
  const bound = (params: Params): boolean => Object.keys(params).length > 0;
  return {
    run: async (sql, format, params) =>
      (bound(params)
        ? await session.queryBindAsync(sql, params, { format })
        : await session.queryAsync(sql, { format })
      ).bytes(),
    stream: (sql, format, params) =>
      bound(params) ? session.queryStreamBind(sql, params, { format }) : session.queryStream(sql, { format }),
    close: () => session.close(),
  };
}

const STREAM_REFUSED = /Streaming query is not supported/;
// read sessions kept at once: the plain one, and those of tools that tighten limits (a few distinct values each)
const MAX_READ_SESSIONS = 8;
// output formats that are nothing but rows, so the outputs of blocks concatenate into the output of the whole
const ROW_FORMATS =
  /^(TabSeparated|TSV|TabSeparatedRaw|TSVRaw|CSV|JSONEachRow|JSONLines|NDJSON|JSONCompactEachRow|JSONStringsEachRow|JSONCompactStringsEachRow|LineAsString|RowBinary)$/i;

/** A chDB error's "Code: N." (or its bundled client's ClickHouseError) as a ClickHouse error, classified like the server's. */
const asClickHouseError = (err: unknown): unknown => {
  const e = err as { code?: unknown; type?: string; message?: string } | null;
  if (e?.constructor?.name === 'ClickHouseError' && !(err instanceof ClickHouseError) && typeof e.code === 'string')
    return new ClickHouseError({ message: e.message ?? '', code: e.code, type: e.type });
  const m = /Code: (\d+)\. DB::Exception: (.*)/s.exec((err as Error)?.message ?? '');
  return m ? new ClickHouseError({ message: m[2]!, code: m[1]!, type: undefined }) : err;
};

export async function openWarehouse(cfg: WarehouseConfig, log: Log): Promise<Warehouse> {
  let client: ClickHouseClient;
  let kind: Warehouse['kind'];
  if (cfg.url) {
    kind = 'server';
    client = createClient({ url: cfg.url, username: cfg.user, password: cfg.password, request_timeout: 60_000 });
    try {
      await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${cfg.database}${onCluster(cfg.cluster)}` });
    } catch (err) {
      throw new ConfigError(
        `ClickHouse at ${cfg.url} did not answer (${(err as Error).message}): check CLICKHOUSE_URL, or unset it to use the embedded chDB`,
        { cause: err },
      );
    }
    await client.close();
    client = createClient({
      url: cfg.url,
      username: cfg.user,
      password: cfg.password,
      database: cfg.database,
      request_timeout: 60_000,
    });
  } else {
    if (cfg.cluster)
      throw new ConfigError(
        `CLICKHOUSE_CLUSTER=${cfg.cluster} needs a ClickHouse server (CLICKHOUSE_URL): the embedded chDB is one process`,
      );
    kind = 'embedded';
    mkdirSync(cfg.embeddedPath, { recursive: true });
    client = chdbClient(cfg.embeddedPath);
    // chDB ignores the client's database option but keeps USE for the session
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${cfg.database}` });
    await client.command({ query: `USE ${cfg.database}` });
  }
  // chDB keeps settings per session (readonly would stick to the sink's inserts), so analysts get sessions of their own:
  // one per set of limits a query tightened, since readonly = 1 lets nothing change within a session
  const readers = new Map<string, ChdbReader>();
  const reader = (tightened: Record<string, number>): ChdbReader => {
    const key = JSON.stringify(tightened);
    const kept = readers.get(key);
    if (kept) return kept;
    // queries run one at a time here, so the oldest tightened session is idle; the plain one ('{}') stays
    const idle = [...readers.keys()].find((k) => k !== '{}');
    if (readers.size >= MAX_READ_SESSIONS && idle) {
      readers.get(idle)!.close();
      readers.delete(idle);
    }
    const { readonly = '1', ...limits } = analystSettings(cfg.limits);
    const made = chdbReader(cfg.embeddedPath, cfg.database, { ...limits, ...tightened, readonly });
    readers.set(key, made);
    return made;
  };
  const NONE: RunOptions = { params: {}, settings: {} };
  // the format as default_format, so a FORMAT clause of the query wins, as over ClickHouse's HTTP interface
  async function* run(sql: string, format: string, opts: RunOptions = NONE): AsyncGenerator<Uint8Array> {
    try {
      if (kind === 'embedded') return yield await reader(opts.settings).run(sql, format, opts.params);
      // a server takes the settings with each request
      const rs = await client.exec({
        query: sql,
        query_params: opts.params,
        clickhouse_settings: { ...analystSettings(cfg.limits), ...opts.settings, default_format: format as DataFormat },
      });
      for await (const chunk of rs.stream) yield chunk as Buffer;
    } catch (err) {
      throw classify('sql', asClickHouseError(err));
    }
  }
  async function* stream(sql: string, format: string, opts: RunOptions = NONE): AsyncGenerator<Uint8Array> {
    if (kind === 'server') return yield* run(sql, format, opts); // the HTTP response is a stream already
    // chDB formats each block on its own: only formats of rows alone join up (JSON, *WithNames, Pretty would repeat
    // their header or wrapper per block), so the rest is read whole
    if (!ROW_FORMATS.test(format)) return yield* run(sql, format, opts);
    let started = false;
    try {
      for await (const chunk of reader(opts.settings).stream(sql, format, opts.params)) {
        started = true;
        yield chunk.raw();
      }
    } catch (err) {
      // chDB streams SELECTs only: SHOW, DESCRIBE, EXPLAIN take the buffered path
      if (!started && STREAM_REFUSED.test((err as Error)?.message ?? '')) return yield* run(sql, format, opts);
      throw classify('sql', asClickHouseError(err));
    }
  }
  const analyst = analystReads({ run, stream }, cfg.database, kind === 'embedded', cfg.limits);
  log
    .child({ component: 'clickhouse' })
    .info({ kind, database: cfg.database, where: cfg.url ?? cfg.embeddedPath }, 'clickhouse ready');
  return {
    kind,
    cluster: cfg.cluster,
    database: cfg.database,
    async insert(table, rows) {
      if (rows.length === 0) return;
      try {
        await client.insert({
          table,
          values: rows as object[],
          format: 'JSONEachRow',
          clickhouse_settings: { date_time_input_format: 'best_effort' },
        });
      } catch (err) {
        throw classify(`insert ${rows.length} rows into ${table}`, err);
      }
    },
    async query<T>(sql: string, params?: Record<string, unknown>) {
      try {
        const rs = await client.query({
          query: sql,
          format: 'JSONEachRow',
          query_params: params,
          clickhouse_settings: READ_SETTINGS,
        });
        return (await rs.json()) as T[];
      } catch (err) {
        throw classify('query', err);
      }
    },
    readOnlyText: analyst.text,
    readOnlyStream: analyst.stream,
    readOnly: analyst.read,
    async command(sql) {
      try {
        await client.command({ query: sql });
      } catch (err) {
        throw classify('command', err);
      }
    },
    async close() {
      for (const r of readers.values()) r.close();
      await client.close();
    },
  };
}
