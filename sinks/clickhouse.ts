// the one @clickhouse/client (and chdb) import: embedded chDB and a ClickHouse server share this code path
import { createClient, ClickHouseError, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import { mkdirSync } from 'node:fs';
import type { Log } from '../schemas/logger.ts';
import { ConfigError, PermanentError, RetryableError } from '../schemas/errors.ts';

export interface WarehouseConfig {
  url?: string | undefined;
  user: string;
  password: string;
  database: string;
  embeddedPath: string;
}

export interface Warehouse {
  readonly kind: 'embedded' | 'server';
  readonly database: string;
  insert(table: string, rows: readonly object[]): Promise<void>;
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /** Analysts' read-only query; writes are refused by the server (readonly = 2), not by parsing. */
  readOnlyText(sql: string, format: string): Promise<string>;
  command(sql: string): Promise<void>;
  close(): Promise<void>;
}

const READ_SETTINGS = { output_format_json_quote_decimals: 1, output_format_json_quote_64bit_integers: 1 } as const;

function classify(op: string, err: unknown): Error {
  if (err instanceof ClickHouseError) {
    const msg = `${op}: ClickHouse error ${err.code} ${err.type ?? ''}: ${err.message}`;
    // 164 READONLY, 62 SYNTAX_ERROR, 47 UNKNOWN_IDENTIFIER, 60 UNKNOWN_TABLE, 53 TYPE_MISMATCH, 27 CANNOT_PARSE_INPUT...
    return ['164', '62', '47', '60', '53', '27', '6', '26', '117'].includes(err.code)
      ? new PermanentError(msg, { cause: err })
      : new RetryableError(msg, { cause: err });
  }
  return new RetryableError(`${op}: ${(err as Error).message}`, { cause: err });
}

function chdbClient(dataPath: string): ClickHouseClient {
  // chdb bundles its own client-common; the runtime contract is the same, the type identities differ
  const connection = createChdbConnection({ path: dataPath }) as unknown as NonNullable<
    Parameters<typeof createClient>[0]
  >['connection'];
  return createClient({ connection });
}

export async function openWarehouse(cfg: WarehouseConfig, log: Log): Promise<Warehouse> {
  let client: ClickHouseClient;
  let kind: Warehouse['kind'];
  if (cfg.url) {
    kind = 'server';
    client = createClient({ url: cfg.url, username: cfg.user, password: cfg.password, request_timeout: 60_000 });
    try {
      await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${cfg.database}` });
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
    kind = 'embedded';
    mkdirSync(cfg.embeddedPath, { recursive: true });
    client = chdbClient(cfg.embeddedPath);
    // chDB ignores the client's database option but keeps USE for the session
    await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${cfg.database}` });
    await client.command({ query: `USE ${cfg.database}` });
  }
  // chDB keeps settings per session (readonly would stick to the sink's inserts), so analysts get a session of their own
  let readClient: ClickHouseClient | null = kind === 'server' ? client : null;
  const reader = async (): Promise<ClickHouseClient> => {
    if (readClient) return readClient;
    const c = chdbClient(cfg.embeddedPath);
    await c.command({ query: `USE ${cfg.database}` });
    await c.query({ query: 'SELECT 1', clickhouse_settings: { readonly: '2' } }); // the whole session is read-only from here
    readClient = c;
    return c;
  };
  log
    .child({ component: 'clickhouse' })
    .info({ kind, database: cfg.database, where: cfg.url ?? cfg.embeddedPath }, 'clickhouse ready');
  return {
    kind,
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
    async readOnlyText(sql, format) {
      try {
        const rs = await (
          await reader()
        ).exec({
          query: `${sql.trim().replace(/;\s*$/, '')}\nFORMAT ${format}`,
          clickhouse_settings: { readonly: '2', ...READ_SETTINGS },
        });
        let text = '';
        for await (const chunk of rs.stream) text += chunk.toString();
        return text;
      } catch (err) {
        throw classify('sql', err);
      }
    },
    async command(sql) {
      try {
        await client.command({ query: sql });
      } catch (err) {
        throw classify('command', err);
      }
    },
    async close() {
      if (readClient && readClient !== client) await readClient.close();
      await client.close();
    },
  };
}
