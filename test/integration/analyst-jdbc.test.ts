import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { jdbcJars, jdbcProbe } from '../helpers/jdbc-probe.ts';
import { serve } from '../helpers/serve.ts';
import { runCli, testEnv } from '../helpers/test-env.ts';

const SHEET = fixturePath('litellm/litellm_model_prices_2023-11-30__upstream_8c1a9f1c.json');
const QUERY =
  "SELECT source_model_id, token_class, usd_per_mtok FROM price_observations WHERE source_model_id LIKE 'gpt-4%' ORDER BY source_model_id, token_class LIMIT 6";

// JDBC's BigDecimal keeps a Decimal's scale (30.000000000000) where TabSeparated trims it (30)
const scaleTrimmed = (lines: string): string =>
  lines.replace(/(?<=^|\t)(-?\d+)\.(\d*?)0+(?=\t|$)/gm, (_, int: string, frac: string) =>
    frac ? `${int}.${frac}` : int,
  );

// ClickHouse's official JDBC driver (v2, over HTTP), as DBeaver, Metabase or Tableau load it, against rebar serve
describe('rebar serve: ClickHouse JDBC', () => {
  const env = testEnv();
  let tsv = '';
  let url = '';
  let libs = '';
  let child: ChildProcess;
  beforeAll(async () => {
    // the first run downloads the driver and its dependencies
    libs = await jdbcJars(env.REBAR_CACHE_DIR!);
  }, 600_000);
  beforeAll(async () => {
    const imported = await runCli(['import', 'litellm', SHEET, '--observed-at', '2023-11-30'], env);
    expect(imported.code, imported.stderr).toBe(0);
    // rebar sql's own answer, before the server holds the data folder
    const r = await runCli(['sql', QUERY, '--format', 'TabSeparated'], env);
    expect(r.code, r.stderr).toBe(0);
    tsv = r.stdout;
    expect(tsv.trim().split('\n')).toHaveLength(6);
    ({ url, child } = await serve(env));
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  // the driver's defaults: compress=1 asks for ClickHouse's own checksummed LZ4 frames (jobs/clickhouse-frames.ts)
  const jdbc = (): string => `jdbc:clickhouse:${url}rebar`;

  it('answers a SELECT with the rows rebar sql prints, in compressed frames or plain (compress=0)', async () => {
    for (const at of [jdbc(), `${jdbc()}?compress=0`]) {
      const r = await jdbcProbe(libs, at, [QUERY]);
      expect(r.code, r.stderr).toBe(0);
      expect(scaleTrimmed(r.stdout), at).toBe(tsv);
    }
    // a result of several 1 MiB frames (about 4 MB as RowBinary)
    const big = await jdbcProbe(libs, jdbc(), ["SELECT number, repeat('x', 30) FROM numbers(100000)"]);
    expect(big.code, big.stderr).toBe(0);
    const lines = big.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(100_000);
    expect(lines.at(-1)).toBe(`99999\t${'x'.repeat(30)}`);
  });

  it('describes itself and lists the tables through DatabaseMetaData, as BI tools browse a schema', async () => {
    const r = await jdbcProbe(libs, jdbc(), ['--metadata']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^product\tClickHouse\t\d+\.\d+/m);
    expect(r.stdout).toMatch(/^table\trebar\tprice_observations\t/m);
  });

  it('refuses an escape to the filesystem with ACCESS_DENIED (497), and no passwd line comes back', async () => {
    const r = await jdbcProbe(libs, jdbc(), ["SELECT * FROM file('/etc/passwd','LineAsString')"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ERROR \w+\/497: Code: 497\..*\(ACCESS_DENIED\)/);
    expect(r.stdout).not.toMatch(/root:/);
  });

  it('refuses an INSERT: the endpoint is readonly (164)', async () => {
    const r = await jdbcProbe(libs, jdbc(), ['INSERT INTO models_store SELECT * FROM models_store']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ERROR \w+\/164: Code: 164\..*\(READONLY\)/);
  });
});
