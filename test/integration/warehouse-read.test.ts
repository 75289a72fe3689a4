import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../../schemas/errors.ts';
import { type Warehouse } from '../../sinks/clickhouse.ts';
import { scratchWarehouse } from '../helpers/scratch-warehouse.ts';

const collect = async (chunks: AsyncIterable<Uint8Array>): Promise<{ text: string; chunks: number }> => {
  let text = '';
  let n = 0;
  for await (const c of chunks) {
    text += Buffer.from(c).toString();
    n += 1;
  }
  return { text, chunks: n };
};

// the analysts' read as it streams (rebar sql, the bench's full reads): the same bytes as the buffered read, in chunks
describe('read-only streaming reads on a real (embedded) ClickHouse', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await scratchWarehouse('read');
    await wh.command('CREATE TABLE t (n UInt64, d Decimal(18, 6)) ENGINE = MergeTree ORDER BY n');
    await wh.command('INSERT INTO t SELECT number, number / 7 FROM numbers(300000)');
  });
  afterAll(() => wh.close());

  it('gives a large result in several chunks, byte for byte the buffered one, with the read settings', async () => {
    const q = 'SELECT n, d FROM t ORDER BY n;';
    const streamed = await collect(wh.readOnlyStream(q, 'JSONEachRow'));
    expect(streamed.chunks).toBeGreaterThan(1);
    expect(streamed.text).toBe(await wh.readOnlyText(q, 'JSONEachRow'));
    expect(streamed.text.split('\n')[1]).toBe('{"n":"1","d":"0.142857"}'); // 64-bit integers and decimals quoted
    expect(streamed.text.split('\n').length).toBe(300001);
  });

  it('gives one document in a format with a header or wrapper, however many blocks (the query’s FORMAT included)', async () => {
    const q = 'SELECT n FROM t ORDER BY n';
    const json = JSON.parse((await collect(wh.readOnlyStream(q, 'JSON'))).text) as { rows: number };
    expect(json.rows).toBe(300000);
    const csv = (await collect(wh.readOnlyStream(q, 'CSVWithNames'))).text.split('\n');
    expect(csv.filter((l) => l === '"n"')).toHaveLength(1);
    expect(csv).toHaveLength(300002);
    const own = await wh.readOnly(`${q} FORMAT JSONCompact`, 'TSV');
    expect(own.format).toBe('JSONCompact');
    expect((JSON.parse((await collect(own.chunks)).text) as { rows: number }).rows).toBe(300000);
  });

  it('answers what chDB cannot stream (SHOW, DESCRIBE) through the buffered read', async () => {
    expect((await collect(wh.readOnlyStream('SHOW TABLES', 'TSV'))).text).toBe('t\n');
    expect((await collect(wh.readOnlyStream('DESCRIBE t', 'TSV'))).text).toMatch(/^n\tUInt64/);
  });

  it('refuses a write, and a query error is a permanent error with ClickHouse code', async () => {
    await expect(collect(wh.readOnlyStream('INSERT INTO t VALUES (1, 1)', 'TSV'))).rejects.toThrow(/readonly/i);
    await expect(collect(wh.readOnlyStream('DROP TABLE t', 'TSV'))).rejects.toThrow(/readonly/i);
    const err = await collect(wh.readOnlyStream('SELECT nosuch FROM t', 'TSV')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentError);
    expect((err as Error).message).toMatch(/ClickHouse error 47/);
    expect(Number((await wh.query<{ c: string }>('SELECT count() AS c FROM t'))[0]!.c)).toBe(300000);
  });
});
