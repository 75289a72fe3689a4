import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LITELLM, FIXTURES, fixturePath } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

const GPT4O_INPUT = 'litellm|gpt-4o|input|standard|global|base';
const path4o = (env: Record<string, string>): Promise<string> =>
  sqlValue(
    env,
    `SELECT arrayStringConcat(groupArray(concat(kind, ' ', toString(new_usd_per_mtok), ' ', toString(toDate(observed_at)))), '; ') FROM (SELECT * FROM price_changes WHERE series_key = '${GPT4O_INPUT}' ORDER BY observed_at)`,
  );

describe('history: backfill, replay, any import order', () => {
  it('backfill over the six LiteLLM snapshots gives each series its dates; replay twice leaves the same rows', async () => {
    const env = testEnv();
    const r = await runCli(['backfill', 'litellm', path.join(FIXTURES, 'litellm')], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/documents fetched: 6 \(published 6, unchanged 0\)/);
    expect(await path4o(env)).toBe('first_seen 5 2024-07-29; decrease 2.5 2024-11-28');
    expect(
      await sqlValue(
        env,
        `SELECT arrayStringConcat(groupArray(concat(toString(toDate(observed_at)), '=', toString(usd_per_mtok))), ' ') FROM (SELECT * FROM price_observations WHERE series_key = '${GPT4O_INPUT}' ORDER BY observed_at)`,
      ),
    ).toBe('2024-07-29=5 2024-11-28=2.5 2025-06-02=2.5 2026-02-02=2.5');
    // the GPT-4 output price of 2023 is still there to compare against
    expect(
      await sqlValue(
        env,
        "SELECT toString(usd_per_mtok) FROM price_observations WHERE series_key = 'litellm|gpt-4|output|standard|global|base' AND toDate(observed_at) = '2023-11-30'",
      ),
    ).toBe('60');

    const counts = (): Promise<string> =>
      sqlValue(
        env,
        'SELECT (SELECT count() FROM price_observations), (SELECT count() FROM price_changes), (SELECT count() FROM raw_documents), (SELECT count() FROM price_latest)',
      );
    const before = await counts();
    for (let i = 0; i < 2; i += 1) {
      const replay = await runCli(['replay', 'litellm'], env);
      expect(replay.code, replay.stderr).toBe(0);
      expect(replay.stdout).toMatch(/documents fetched: 6/);
      expect(replay.stdout).toMatch(/changes: 0/);
      expect(await counts()).toBe(before);
    }
  }, 300_000);

  it('imported newest first, the history is still right, and the older document raises no live event', async () => {
    const env = testEnv();
    const late = await runCli(
      ['import', 'litellm', fixturePath(LITELLM['2024-11-28']), '--observed-at', '2024-11-28'],
      env,
    );
    expect(late.code, late.stderr).toBe(0);
    const early = await runCli(
      ['import', 'litellm', fixturePath(LITELLM['2024-07-29']), '--observed-at', '2024-07-29'],
      env,
    );
    expect(early.code, early.stderr).toBe(0);
    expect(early.stdout).toMatch(/changes: 0/);
    expect(early.stdout).toMatch(/older than the series' latest/);
    expect(await path4o(env)).toBe('first_seen 5 2024-07-29; decrease 2.5 2024-11-28');
    // the live topic carried only what was news when it arrived
    expect(
      await sqlValue(env, `SELECT groupArray(kind) FROM price_change_events WHERE series_key = '${GPT4O_INPUT}'`),
    ).toBe("['first_seen']");
    expect(
      await sqlValue(env, `SELECT toString(usd_per_mtok) FROM price_latest WHERE series_key = '${GPT4O_INPUT}'`),
    ).toBe('2.5');
  }, 300_000);
});
