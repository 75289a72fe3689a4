import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LITELLM, fixturePath, readFixture } from '../helpers/fixtures.ts';
import { document, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { REPO, runCli, sqlValue, testEnv, waitFor } from '../helpers/test-env.ts';

// source -> Kafka -> transformer -> ClickHouse -> rebar.price-changes, through the real CLI and real services
describe('end to end: LiteLLM sheet to price-change events', () => {
  let server: FixtureServer;
  let env: Record<string, string>;
  let subscriber: ChildProcessWithoutNullStreams | null = null;
  const received: Record<string, unknown>[] = [];

  beforeAll(async () => {
    server = await startFixtureServer({
      '/litellm/model_prices_and_context_window.json': document(readFixture(LITELLM['2024-07-29'])),
    });
    env = testEnv({ REBAR_BASE_URLS: `litellm=${server.url}/litellm` });
  });
  afterAll(async () => {
    subscriber?.kill('SIGTERM');
    await server.close();
  });

  it('run --once stores the 2024-07-29 sheet: gpt-4o 5.00 / 15.00, gpt-4o-mini 0.15 / 0.60', async () => {
    const r = await runCli(['run', '--once', '--source', 'litellm'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/documents fetched: 1 \(published 1, unchanged 0\)/);
    expect(r.stdout).toMatch(/sources failed: 0/);
    const q = (model: string, cls: string): Promise<string> =>
      sqlValue(
        env,
        `SELECT toString(usd_per_mtok) FROM price_latest WHERE source = 'litellm' AND source_model_id = '${model}' AND token_class = '${cls}' AND service_tier = 'standard'`,
      );
    expect(await q('gpt-4o', 'input')).toBe('5');
    expect(await q('gpt-4o', 'output')).toBe('15');
    expect(await q('gpt-4o-mini', 'input')).toBe('0.15');
    expect(await q('gpt-4o-mini', 'output')).toBe('0.6');
    const observations = Number(/observations: (\d+)/.exec(r.stdout)?.[1]);
    expect(observations).toBeGreaterThan(800);
    expect(await sqlValue(env, 'SELECT count() FROM price_observations')).toBe(String(observations));
  });

  it('an unchanged sheet is not published again (ETag, then content hash)', async () => {
    const r = await runCli(['run', '--once', '--source', 'litellm'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/published 0, unchanged 1/);
    expect(server.hits.at(-1)).toMatch(/If-None-Match|"/i);
  });

  it('importing the 2024-11-28 sheet publishes the changes, and a consumer in another process receives them', async () => {
    subscriber = spawn(process.execPath, [path.join(REPO, 'bin/run-ts.js'), 'test/helpers/subscribe-changes.ts'], {
      env,
      cwd: REPO,
    });
    let buffer = '';
    subscriber.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) received.push(JSON.parse(l) as Record<string, unknown>);
    });
    await waitFor('the subscriber', () => received.some((m) => m.subscribed));

    const r = await runCli(['import', 'litellm', fixturePath(LITELLM['2024-11-28'])], env);
    expect(r.code, r.stderr).toBe(0);
    const changes = Number(/changes: (\d+)/.exec(r.stdout)?.[1]);
    expect(changes).toBeGreaterThan(100);

    const gpt4o = await waitFor('the gpt-4o input cut in the other process', () =>
      received.find((m) => m.series_key === 'litellm|gpt-4o|input|standard|global|base' && m.kind === 'decrease'),
    );
    expect(gpt4o).toMatchObject({
      old_usd_per_mtok: '5',
      new_usd_per_mtok: '2.5',
      abs_change: '-2.5',
      pct_change: -50,
    });
    expect(
      await sqlValue(
        env,
        "SELECT toString(old_usd_per_mtok), toString(new_usd_per_mtok), pct_change, kind FROM price_changes WHERE series_key = 'litellm|gpt-4o|input|standard|global|base' AND kind = 'decrease'",
      ),
    ).toBe('5\t2.5\t-50\tdecrease');
    expect(
      await sqlValue(
        env,
        "SELECT toString(usd_per_mtok) FROM price_latest WHERE series_key = 'litellm|gpt-4o|input|standard|global|base'",
      ),
    ).toBe('2.5');
    const kinds = await sqlValue(
      env,
      'SELECT groupArray(kind) FROM (SELECT DISTINCT kind FROM price_changes ORDER BY kind)',
    );
    expect(kinds).toBe("['decrease','first_seen','increase','removed']");
  });

  it('importing the same document twice leaves every table unchanged and emits no change', async () => {
    const count = (): Promise<string> =>
      sqlValue(
        env,
        'SELECT (SELECT count() FROM price_observations), (SELECT count() FROM price_changes), (SELECT count() FROM price_latest)',
      );
    const before = await count();
    const receivedBefore = received.length;
    const r = await runCli(['import', 'litellm', fixturePath(LITELLM['2024-11-28'])], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/published 0, unchanged 1/);
    expect(r.stdout).toMatch(/changes: 0/);
    expect(await count()).toBe(before);
    // and the same document under an explicit, equal observed time after a different one is not doubled either
    expect(received.length).toBe(receivedBefore);
  });

  it('sql refuses writes', async () => {
    const r = await runCli(['sql', 'DROP TABLE price_observations_store'], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/readonly/i);
    // chDB runs several statements in one call: the read-only session must refuse the second one too
    const sneaky = await runCli(['sql', 'SELECT 1; DROP TABLE price_observations_store'], env);
    expect(sneaky.code).not.toBe(0);
    expect(Number(await sqlValue(env, 'SELECT count() FROM price_observations'))).toBeGreaterThan(0);
  });
});
