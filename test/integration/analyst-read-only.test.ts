import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Warehouse } from '../../sinks/clickhouse.ts';
import { scratchWarehouse } from '../helpers/scratch-warehouse.ts';
import { runCli, testEnv } from '../helpers/test-env.ts';

// the analysts' path (rebar sql, rebar metrics) reads rebar's tables and nothing else: no files, no network, no
// processes, no writes, no lifted limits; each escape tried through the CLI, as a user would, on a real chDB
describe('rebar sql is read-only for real', () => {
  const env = testEnv();
  let listener: Server;
  let connections = 0;
  let port = 0;
  beforeAll(async () => {
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    port = (listener.address() as { port: number }).port;
    const first = await runCli(['sql', 'SELECT count() FROM models_store', '--format', 'TSV'], env);
    expect(first.stdout.trim(), first.stderr).toBe('0');
  });
  afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));

  const sql = (query: string, extra: Record<string, string> = {}) =>
    runCli(['sql', query, '--format', 'TSV'], { ...env, ...extra });
  const refused = async (query: string, why: RegExp, extra: Record<string, string> = {}): Promise<string> => {
    const r = await sql(query, extra);
    expect(r.code, `${query} ran: ${r.stdout.slice(0, 200)}`).toBe(2);
    expect(r.stderr).toMatch(why);
    return r.stdout;
  };

  it('reads no host file: the file() table function and the file() function', async () => {
    const out = await refused(
      "SELECT * FROM file('/etc/passwd', 'LineAsString')",
      /refused: table function file\(\) reaches outside rebar's data/,
    );
    expect(out).not.toMatch(/root:/);
    await refused("SELECT file('/etc/passwd')", /refused: file\(\) reads from outside rebar's tables/);
    // an alias with a line break splits the parse's line of the function: no tree, refused
    const split = await refused(
      "SELECT file('/etc/passwd') AS `a\nb`",
      /refused: the query's parse cannot be read safely/,
    );
    expect(split).not.toMatch(/root:/);
    await refused("DESCRIBE file('/etc/passwd')", /refused: table function file\(\)/);
    // hidden in a subquery of a join, behind a comment with a quote in it
    await refused(
      "SELECT 1 FROM models AS m -- it's here\n JOIN (SELECT * FROM file('/etc/passwd', 'LineAsString')) AS f ON 1",
      /refused: table function file\(\)/,
    );
  });

  it('reaches no network address and starts no process', async () => {
    await refused(`SELECT * FROM url('http://127.0.0.1:${port}/', 'LineAsString')`, /refused: table function url\(\)/);
    await refused(`SELECT * FROM remote('127.0.0.1:${port}', system.one)`, /refused: table function remote\(\)/);
    await refused(`SELECT * FROM s3('http://127.0.0.1:${port}/b/x.csv')`, /refused: table function s3\(\)/);
    await refused(`SELECT * FROM mysql('127.0.0.1:${port}', 'db', 't', 'u', 'p')`, /refused: table function mysql\(\)/);
    await refused("SELECT * FROM executable('id', 'TSV', 'x String')", /refused: table function executable\(\)/);
    expect(connections).toBe(0);
  });

  it('writes nothing: no INSERT, DROP, second statement or INTO OUTFILE', async () => {
    await refused('INSERT INTO models_store SELECT * FROM models_store', /refused: only SELECT.*not InsertQuery/);
    await refused('DROP TABLE models_store', /refused: only SELECT.*not DropQuery/);
    await refused('SELECT 1; DROP TABLE models_store', /refused: one statement per query/);
    const target = path.join(os.tmpdir(), `rebar-outfile-${process.pid}.txt`);
    await refused(`SELECT 1 INTO OUTFILE '${target}'`, /refused: INTO OUTFILE writes a file/);
    expect(existsSync(target)).toBe(false);
    const after = await sql(
      "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = 'models_store'",
    );
    expect(after.stdout.trim()).toBe('1');
  });

  it('lifts no setting: readonly and the limits stay where they are', async () => {
    // at the top, readonly = 1 refuses the clause as soon as ClickHouse parses it (the guard's EXPLAIN included)
    await refused(
      'SELECT 1 SETTINGS readonly = 0',
      /analysts read only.*Cannot modify 'readonly' setting in readonly mode/,
    );
    await refused('SELECT 1 SETTINGS max_result_rows = 0', /Cannot modify 'max_result_rows'/);
    // readonly = 1 alone would let a subquery's SETTINGS lift it: the guard refuses them wherever they are
    await refused(
      "SELECT * FROM (SELECT * FROM file('/etc/passwd', 'LineAsString') SETTINGS readonly = 0)",
      /refused: SETTINGS clauses are not taken/,
    );
    await refused('SELECT * FROM (SELECT 1 SETTINGS readonly = 0)', /refused: SETTINGS clauses are not taken/);
  });

  it('reads only rebar and harmless system tables', async () => {
    await refused('SELECT * FROM system.users', /system\.users is not among the system tables analysts read/);
    await refused('SELECT 1 WHERE 1 IN system.users', /system\.users is not among/);
    await refused('SELECT * FROM default.anything', /only rebar's database \(rebar\) and system tables/);
    await refused("SELECT * FROM merge('default', '.*')", /refused: table function merge\(\)/);
  });

  it('binds --param values before the guard reads the query: an identifier cannot name a refused table', async () => {
    const r = await runCli(
      ['sql', 'SELECT {n:UInt8} * 2, {s:String}', '--param', 'n=21', '--param', 's=a\\tb', '--format', 'TSV'],
      env,
    );
    expect(r.stdout, r.stderr).toBe('42\ta\\tb\n');
    const users = await runCli(['sql', 'SELECT * FROM {t:Identifier}', '--param', 't=system.users'], env);
    expect(users.code).toBe(2);
    expect(users.stderr).toMatch(/system\.users is not among the system tables analysts read/);
  });

  it('ends a query past a limit with an error that names it', async () => {
    await refused('SELECT number FROM system.numbers', /passed REBAR_QUERY_MAX_ROWS/, {
      REBAR_QUERY_MAX_ROWS: '100000',
    });
    await refused('SELECT count() FROM system.numbers', /ran past REBAR_QUERY_TIMEOUT_S/, {
      REBAR_QUERY_TIMEOUT_S: '1',
    });
    await refused(
      'SELECT length(groupArray(number)) FROM numbers(100000000)',
      /needed more than REBAR_QUERY_MAX_MEMORY_GB/,
      {
        REBAR_QUERY_MAX_MEMORY_GB: '0.05',
      },
    );
  });

  it('still answers what analysts ask: SELECT, SHOW, DESCRIBE, system tables, numbers(), parameterized views', async () => {
    expect((await sql('SHOW TABLES')).stdout).toMatch(/^models_store$/m);
    expect((await sql('DESCRIBE models')).stdout).toMatch(/^model_id\tString/m);
    expect((await sql("SELECT count() > 0 FROM information_schema.tables WHERE table_name = 'models'")).stdout).toBe(
      '1\n',
    );
    expect(
      (await sql('SELECT sum(number) FROM numbers(10) WHERE number IN (SELECT number FROM numbers(5))')).stdout,
    ).toBe('10\n');
    const view = await sql(
      "SELECT count() FROM cheapest_at_or_above(benchmark = 'x', threshold = 1, reference_model = '', input_weight = 3, basis = 'median', include_reasoning = 0)",
    );
    expect(view.stdout, view.stderr).toBe('0\n');
  });
});

// the same guard on the Warehouse itself: the stream (rebar sql) and the buffered read (rebar metrics) alike
describe('Warehouse read-only reads refuse the same escapes', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await scratchWarehouse('guard');
  });
  afterAll(() => wh.close());

  it('refuses on the buffered and the streamed read', async () => {
    const q = "SELECT * FROM file('/etc/passwd', 'LineAsString')";
    await expect(wh.readOnlyText(q, 'TSV')).rejects.toThrow(/refused: table function file/);
    const stream = async () => {
      for await (const chunk of wh.readOnlyStream(q, 'TSV')) void chunk;
    };
    await expect(stream()).rejects.toThrow(/refused: table function file/);
  });
});
