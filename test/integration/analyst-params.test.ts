import { createServer, type Server } from 'node:http';
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveClickHouseHttp } from '../../jobs/clickhouse-http.ts';
import { type Warehouse } from '../../sinks/clickhouse.ts';
import { scratchWarehouse } from '../helpers/scratch-warehouse.ts';

// what clients send besides the query: {name:Type} values (param_<name>) and limits set lower for one query, as
// @clickhouse/client sends them (query_params, clickhouse_settings) to ClickHouse's HTTP interface on the embedded store
describe('the analyst endpoint takes query parameters and tightened limits, never lifted ones', () => {
  let wh: Warehouse;
  let server: Server;
  let client: ClickHouseClient;
  beforeAll(async () => {
    wh = await scratchWarehouse('params');
    await wh.command('CREATE TABLE IF NOT EXISTS notes (id UInt32, text String) ENGINE = MergeTree ORDER BY id');
    await wh.insert('notes', [
      { id: 1, text: 'a' },
      { id: 2, text: "it's\ttabbed" },
      { id: 3, text: 'c' },
    ]);
    server = createServer((req, res) => void serveClickHouseHttp(wh, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = createClient({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
  });
  afterAll(async () => {
    await client?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await wh?.close();
  });

  const rows = async (query: string, extra: Parameters<ClickHouseClient['query']>[0] = { query }) =>
    (await client.query({ ...extra, query, format: 'JSONEachRow' })).json<Record<string, unknown>>();
  const failure = (p: Promise<unknown>): Promise<{ code?: string; message: string }> =>
    p.then(
      () => ({ message: 'it ran' }),
      (e: { code?: string; message: string }) => e,
    );

  it('binds {name:Type} placeholders: numbers, strings with quotes and tabs, arrays, NULL, identifiers', async () => {
    expect(
      await rows('SELECT {n:UInt32} + 1 AS x, {s:String} AS s, {none:Nullable(String)} AS none', {
        query: '',
        query_params: { n: 41, s: "it's\ta\\b", none: null },
      }),
    ).toEqual([{ x: '42', s: "it's\ta\\b", none: null }]);
    expect(
      await rows('SELECT id FROM {t:Identifier} WHERE has({texts:Array(String)}, text) ORDER BY id', {
        query: '',
        query_params: { t: 'notes', texts: ["it's\ttabbed", 'c'] },
      }),
    ).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('admits a query with its values bound: an identifier cannot name what the guard refuses', async () => {
    const users = await failure(
      rows('SELECT * FROM {t:Identifier}', { query: '', query_params: { t: 'system.users' } }),
    );
    expect(users.code).toBe('497');
    expect(users.message).toMatch(/system\.users/);
    const missing = await failure(rows('SELECT {n:UInt8} AS n'));
    expect(missing.code).toBe('456');
    expect(missing.message).toMatch(/Substitution `n` is not set/);
  });

  it('takes a limit set lower, for that query alone', async () => {
    const held = async () =>
      (await rows("SELECT getSetting('max_execution_time') AS t, getSetting('max_result_rows') AS r"))[0];
    const before = await held();
    expect(
      await rows("SELECT getSetting('max_execution_time') AS t, getSetting('max_result_rows') AS r", {
        query: '',
        clickhouse_settings: { max_execution_time: 7, max_result_rows: '2' },
      }),
    ).toEqual([{ t: 7, r: 2 }]);
    const over = await failure(
      rows('SELECT id FROM notes', { query: '', clickhouse_settings: { max_result_rows: '2' } }),
    );
    expect(over.code).toBe('396');
    expect(await held()).toEqual(before);
    // more distinct limits than sessions kept: the oldest goes, every answer stays right
    for (let t = 1; t <= 12; t += 1)
      expect(
        await rows("SELECT getSetting('max_execution_time') AS t", {
          query: '',
          clickhouse_settings: { max_execution_time: t },
        }),
      ).toEqual([{ t }]);
    expect(await held()).toEqual(before);
    expect(await rows('SELECT count() AS n FROM notes')).toEqual([{ n: '3' }]);
  });

  it('refuses a limit lifted, removed (0) or any other setting, with the code ClickHouse gives', async () => {
    const cases: [Record<string, string | number>, string, RegExp][] = [
      [{ max_execution_time: 100_000 }, '452', /max_execution_time shouldn't be greater than 300/],
      [{ max_result_rows: 0 }, '452', /0 would lift the limit/],
      [{ max_memory_usage: -1 }, '452', /positive number/],
      [{ readonly: 0 }, '164', /Cannot modify 'readonly' setting in readonly mode/],
      [{ max_threads: 1 }, '164', /Cannot modify 'max_threads' setting in readonly mode/],
    ];
    for (const [settings, code, why] of cases) {
      const e = await failure(rows('SELECT 1 AS one', { query: '', clickhouse_settings: settings }));
      expect(e.code, JSON.stringify(settings)).toBe(code);
      expect(e.message).toMatch(why);
    }
  });

  it('gives rebar sql the same rules through the warehouse', async () => {
    expect(await wh.readOnlyText('SELECT {id:UInt32} AS id', 'TSV', { params: { id: '9' } })).toBe('9\n');
    await expect(
      wh.readOnlyText('SELECT 1', 'TSV', { settings: { max_result_bytes: String(2 ** 60) } }),
    ).rejects.toThrow(/shouldn't be greater than/);
  });
});
