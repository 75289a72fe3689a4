import { spawnSync, type ChildProcess } from 'node:child_process';
import { createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { serve } from '../helpers/serve.ts';
import { runCli, testEnv } from '../helpers/test-env.ts';

const SHEET = fixturePath('litellm/litellm_model_prices_2023-11-30__upstream_8c1a9f1c.json');
const QUERY =
  "SELECT source_model_id, token_class, usd_per_mtok FROM price_observations WHERE source_model_id LIKE 'gpt-4%' ORDER BY source_model_id, token_class LIMIT 6";

const curl = (...args: string[]) => spawnSync('curl', ['-s', '-S', ...args], { encoding: 'utf8' });

// ClickHouse's HTTP interface over the embedded store: a client, curl and BI tools talk to it as to a server
describe('rebar serve: ClickHouse over HTTP, read-only', () => {
  const env = testEnv({ REBAR_QUERY_MAX_ROWS: '100000' });
  const expected: Record<string, string> = {};
  let url = '';
  let child: ChildProcess;
  beforeAll(async () => {
    const imported = await runCli(['import', 'litellm', SHEET, '--observed-at', '2023-11-30'], env);
    expect(imported.code, imported.stderr).toBe(0);
    // rebar sql's own answers, before the server holds the data folder
    for (const format of ['JSONEachRow', 'TabSeparated', 'CSVWithNames']) {
      const r = await runCli(['sql', QUERY, '--format', format], env);
      expect(r.code, r.stderr).toBe(0);
      expected[format] = r.stdout;
    }
    expect(expected.TabSeparated!.trim().split('\n')).toHaveLength(6);
    ({ url, child } = await serve(env));
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('answers @clickhouse/client as a ClickHouse server would: ping, rows, gzip, errors with their codes', async () => {
    const client = createClient({ url, compression: { response: true } });
    try {
      expect((await client.ping()).success).toBe(true);
      const rows = await (await client.query({ query: QUERY, format: 'JSONEachRow' })).json();
      expect(rows).toEqual(
        expected
          .JSONEachRow!.trim()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown),
      );
      const refusal = await client
        .query({ query: "SELECT * FROM file('/etc/passwd', 'LineAsString')" })
        .catch((e) => e);
      expect(refusal).toMatchObject({ code: '497', type: 'ACCESS_DENIED' });
      expect((refusal as Error).message).toMatch(/table function file\(\)/);
      await expect(client.query({ query: 'SELECT * FROM no_such_table' })).rejects.toMatchObject({ code: '60' });
    } finally {
      await client.close();
    }
  });

  it('answers curl in TabSeparated and CSVWithNames, byte for byte what rebar sql prints, with the headers', () => {
    const tsv = curl('--data-binary', QUERY, url);
    expect(tsv.stdout).toBe(expected.TabSeparated);
    const csv = curl('-i', `${url}?default_format=CSVWithNames`, '--data-binary', QUERY);
    const [head, body] = csv.stdout.split('\r\n\r\n');
    expect(head).toMatch(/^x-clickhouse-format: CSVWithNames$/im);
    expect(head).toMatch(/^content-type: text\/csv; charset=UTF-8; header=present$/im);
    expect(head).toMatch(/^x-clickhouse-summary: \{.*\}$/im);
    expect(body).toBe(expected.CSVWithNames);
    // a FORMAT clause of the query wins over default_format, and the query may come in the URL
    const own = curl(`${url}?default_format=CSV&query=${encodeURIComponent(`${QUERY} FORMAT JSONEachRow`)}`);
    expect(own.stdout).toBe(expected.JSONEachRow);
    expect(curl(`${url}ping`).stdout).toBe('Ok.\n');
  });

  it('serves one query at a time on the embedded session: side by side, and after a client gave up mid-stream', async () => {
    const big = 'SELECT number, repeat(toString(number), 100) AS s FROM numbers(90000)'; // 50 MB, under the row limit
    const client = createClient({ url });
    try {
      const [a, b] = await Promise.all([
        client.query({ query: big, format: 'TabSeparated' }).then((r) => r.text()),
        client.query({ query: 'SELECT 2 AS n', format: 'JSONEachRow' }).then((r) => r.json()),
      ]);
      expect(a.split('\n')).toHaveLength(90001);
      expect(b).toEqual([{ n: 2 }]);
    } finally {
      await client.close();
    }
    // a client that stops reading after 1 s (curl --max-time): the next query is answered all the same
    const gone = spawnSync('curl', [
      '-s',
      '-o',
      '/dev/null',
      '--limit-rate',
      '100k',
      '--max-time',
      '1',
      '--data-binary',
      big,
      url,
    ]);
    expect(gone.status, String(gone.error)).toBe(28); // curl: timed out
    expect(curl('--max-time', '30', '--data-binary', 'SELECT 3', url).stdout).toBe('3\n');
  });

  it('refuses every escape over HTTP with ClickHouse’s codes, and no setting can be lifted', async () => {
    const cases: Array<[string, number, RegExp]> = [
      ["SELECT * FROM url('http://127.0.0.1:9/', 'LineAsString')", 403, /Code: 497\..*url\(\).*\(ACCESS_DENIED\)/],
      ["SELECT file('/etc/passwd')", 403, /Code: 497\..*file\(\)/],
      ['INSERT INTO models_store SELECT * FROM models_store', 403, /Code: 164\..*not InsertQuery.*\(READONLY\)/],
      ['SELECT 1; DROP TABLE models_store', 400, /Code: 62\..*one statement per query.*\(SYNTAX_ERROR\)/],
      ['SELECT 1 SETTINGS readonly = 0', 403, /Code: 164\..*Cannot modify 'readonly'/],
      ['SELECT * FROM (SELECT 1 SETTINGS readonly = 0)', 403, /Code: 164\..*SETTINGS clauses are not taken/],
      ['SELEC 1', 400, /Code: 62\..*Syntax error.*\(SYNTAX_ERROR\)/],
      ['SELECT * FROM system.users', 403, /system\.users is not among/],
    ];
    for (const [query, status, text] of cases) {
      const r = curl('-w', '\n%{http_code}', '--data-binary', query, url);
      const lines = r.stdout.trimEnd().split('\n');
      expect(Number(lines.pop()), query).toBe(status);
      expect(lines.join('\n'), query).toMatch(text);
    }
    // past the headers, a limit ends the body with ClickHouse's exception text
    const endless = curl('--data-binary', 'SELECT number FROM system.numbers', url);
    expect(endless.stdout.trimEnd().split('\n').pop()).toMatch(
      /^Code: 396\..*passed REBAR_QUERY_MAX_ROWS.*\(TOO_MANY_ROWS_OR_BYTES\)/,
    );
    // a page in a browser reaching the loopback port through another name (DNS rebinding) is turned away
    const rebound = curl('-w', '\n%{http_code}', '-H', 'Host: attacker.example:8123', '--data-binary', 'SELECT 1', url);
    expect(rebound.stdout).toMatch(/is not this loopback port.*\n403$/s);
    const lifted = curl('-w', '\n%{http_code}', '--data-binary', 'SELECT 1', `${url}?readonly=0`);
    expect(lifted.stdout).toMatch(/Cannot modify 'readonly' setting in readonly mode.*\n403$/s);
    // a tool may set a limit lower for its query (analyst-params.test.ts), never lift or remove it (0 is none)
    const rows = createClient({ url, clickhouse_settings: { max_result_rows: '0' } });
    await expect(rows.query({ query: 'SELECT 1' })).rejects.toMatchObject({ code: '452' });
    await rows.close();
  });
});

describe('rebar serve beyond loopback', () => {
  it('refuses to bind without a token, and with one wants it on every request', async () => {
    const env = testEnv();
    const open = await runCli(['serve', '--port', '0', '--host', '0.0.0.0'], env);
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(/REBAR_HTTP_HOST=0\.0\.0\.0 is reachable from other machines: set REBAR_HTTP_TOKEN/);
    const token = 'a-token-of-24-characters';
    const { url, child } = await serve({ ...env, REBAR_HTTP_TOKEN: token }, ['--host', '0.0.0.0']);
    try {
      const local = url.replace('0.0.0.0', '127.0.0.1');
      const none = curl('-w', '\n%{http_code}', '--data-binary', 'SELECT 1', local);
      expect(none.stdout).toMatch(/Code: 516\..*AUTHENTICATION_FAILED.*\n401$/s);
      // a wrong token of another byte length (non-ASCII) is refused the same, and the server stays up
      const wrong = curl(
        '-w',
        '\n%{http_code}',
        '-u',
        'default:abcdefghijklmnopqrstuvwé',
        '--data-binary',
        'SELECT 1',
        local,
      );
      expect(wrong.stdout).toMatch(/\n401$/);
      expect(curl(`${local}ping`).stdout).toBe('Ok.\n'); // health checks need no token, as ClickHouse's /ping
      expect(curl('-u', `default:${token}`, '--data-binary', 'SELECT 1', local).stdout).toBe('1\n');
      const client = createClient({ url: local, password: token });
      expect(await (await client.query({ query: 'SELECT 2 AS n', format: 'JSONEachRow' })).json()).toEqual([{ n: 2 }]);
      await client.close();
    } finally {
      child.kill('SIGTERM');
    }
  });
});
