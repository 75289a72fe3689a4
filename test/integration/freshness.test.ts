import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LITELLM, fixturePath, readFixture } from '../helpers/fixtures.ts';
import { document, startFixtureServer } from '../helpers/fixture-server.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';
import { PANELS } from '../../dashboard/panels.js';

describe('freshness, status and git backfill', async () => {
  const server = await startFixtureServer({
    '/model_prices_and_context_window.json': document(readFixture(LITELLM['2024-07-29'])),
  });
  afterAll(() => server.close());

  it('rows are stale per source when it has not refreshed in time, and rebar status says so', async () => {
    const env = testEnv({
      REBAR_BASE_URLS: `litellm=${server.url},openrouter=http://openrouter.invalid`,
      REBAR_FETCH_ATTEMPTS: '1',
    });
    const old = await runCli(
      ['import', 'litellm', fixturePath(LITELLM['2023-11-30']), '--observed-at', '2023-11-30'],
      env,
    );
    expect(old.code, old.stderr).toBe(0);
    expect(
      await sqlValue(
        env,
        "SELECT min(stale), max(stale), any(expected_refresh_s) FROM price_latest WHERE source = 'litellm'",
      ),
    ).toBe('1\t1\t10800');

    const fresh = await runCli(['run', '--once', '--source', 'litellm', '--source', 'openrouter'], env);
    expect(fresh.code).toBe(1); // openrouter cannot be reached
    // series the fresh sheet still lists are fresh; those it dropped are gone from price_latest
    expect(await sqlValue(env, "SELECT max(stale) FROM price_latest WHERE source = 'litellm'")).toBe('0');
    expect(
      await sqlValue(
        env,
        "SELECT count() FROM price_latest WHERE source = 'litellm' AND toDate(observed_at) = '2023-11-30'",
      ),
    ).toBe('0');

    const status = await runCli(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    const rows = status.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const lite = rows.find((r) => r.source === 'litellm')!;
    const router = rows.find((r) => r.source === 'openrouter')!;
    expect(lite).toMatchObject({
      stale: false,
      last_status: 'published',
      last_observations: 860, // the 2024-07-29 sheet's token prices; its 7 DALL-E zeros are not token prices
      schedule: '17 * * * *',
    });
    expect(router).toMatchObject({ stale: true, last_success_at: null });
    expect(String(router.last_failure_reason)).toMatch(/openrouter\.invalid/);
    expect(String(router.next_run_at)).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const text = await runCli(['status'], env);
    expect(text.stdout).toMatch(/openrouter .*\n.*\n {2}last failure: .*openrouter\.invalid[\s\S]*never fetched/);
    // the dashboard's panel says the same from the fetch log: failing first, with why
    const panel = PANELS.find((p) => p.id === 'freshness')!;
    const shown = await runCli(['sql', panel.sql!, '--format', 'JSONEachRow'], env);
    expect(shown.code, shown.stderr).toBe(0);
    const states = shown.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: string; state: string; failures_7d: string; last_failure_reason: string });
    expect(states[0]).toMatchObject({ source: 'openrouter', state: 'failing', failures_7d: '1' });
    expect(states[0]!.last_failure_reason).toMatch(/openrouter\.invalid/);
    expect(states.find((r) => r.source === 'litellm')).toMatchObject({ state: 'fresh' });
    expect(states.find((r) => r.source === 'lmarena')).toMatchObject({ state: 'not fetched' });
  }, 240_000);

  it('backfill --git takes every committed version of a file at its commit time', async () => {
    const repo = mkdtempSync(path.join(os.tmpdir(), 'rebar-git-'));
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: repo,
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.test',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.test',
        },
      });
    git('init', '-q');
    for (const [date, file] of [
      ['2024-07-29T12:00:00Z', LITELLM['2024-07-29']],
      ['2024-11-28T12:00:00Z', LITELLM['2024-11-28']],
    ] as const) {
      copyFileSync(fixturePath(file), path.join(repo, 'model_prices_and_context_window.json'));
      git('add', '.');
      execFileSync('git', ['commit', '-qm', date], {
        cwd: repo,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@example.test',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@example.test',
          GIT_AUTHOR_DATE: date,
          GIT_COMMITTER_DATE: date,
        },
      });
    }
    const env = testEnv();
    const r = await runCli(
      ['backfill', 'litellm', path.join(repo, 'model_prices_and_context_window.json'), '--git'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /2024-07-29T12:00:00.000Z {2}git:[0-9a-f]{40}:model_prices_and_context_window.json: published/,
    );
    expect(
      await sqlValue(
        env,
        "SELECT arrayStringConcat(groupArray(concat(kind, ' ', toString(new_usd_per_mtok))), '; ') FROM (SELECT * FROM price_changes WHERE series_key = 'litellm|gpt-4o|input|standard|global|base' ORDER BY observed_at)",
      ),
    ).toBe('first_seen 5; decrease 2.5');
  }, 240_000);
});
