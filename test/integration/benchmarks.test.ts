import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

describe('leaderboards through the pipeline', () => {
  it('the eight monthly LMArena snapshots answer in SQL: the leader and its organization per snapshot, and how often each changed', async () => {
    const env = testEnv();
    const r = await runCli(['backfill', 'lmarena', path.join(FIXTURES, 'benchmarks/lmarena')], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2024-06-19T00:00:00.000Z .*lmsys_arena_leaderboard_2024-06-19__3792cf00.csv: published, 109 observations, 0 dead-lettered/);
    expect(await sqlValue(env, 'SELECT count(), uniqExact(snapshot_date) FROM benchmark_results')).toBe('1141\t8');
    const leaders = await sqlValue(env, "SELECT toString(snapshot_date), leader, leader_organization, toString(leader_score) FROM benchmark_leaders WHERE benchmark = 'lmarena_text' ORDER BY snapshot_date");
    expect(leaders.split('\n')).toEqual([
      '2024-06-19\tGPT-4o-2024-05-13\tOpenAI\t1287',
      '2024-07-07\tGPT-4o-2024-05-13\tOpenAI\t1287',
      '2024-08-01\tGPT-4o-2024-05-13\tOpenAI\t1286',
      '2024-09-06\tChatGPT-4o-latest (2024-08-08)\tOpenAI\t1316',
      '2024-10-08\tChatGPT-4o-latest (2024-09-03)\tOpenAI\t1338',
      '2024-11-05\tChatGPT-4o-latest (2024-09-03)\tOpenAI\t1340',
      '2024-12-03\tChatGPT-4o-latest (2024-11-20)\tOpenAI\t1366',
      '2025-01-07\tGemini-Exp-1206\tGoogle\t1374',
    ]);
    expect(await sqlValue(env, "SELECT countIf(leader_changed), countIf(organization_changed) FROM benchmark_leaders WHERE benchmark = 'lmarena_text'")).toBe('4\t1');
    // names resolve through the registry per snapshot; the rest wait for review, never guessed
    expect(await sqlValue(env, "SELECT groupArray(leader_model) FROM (SELECT leader_model FROM benchmark_leaders ORDER BY snapshot_date)"))
      .toBe("['gpt-4o-2024-05-13','gpt-4o-2024-05-13','gpt-4o-2024-05-13','chatgpt-4o-2024-08-08','chatgpt-4o-2024-09-03','chatgpt-4o-2024-09-03','chatgpt-4o-2024-11-20','gemini-exp-1206']");
    expect(Number(await sqlValue(env, "SELECT count() FROM unresolved_models WHERE source = 'lmarena'"))).toBeGreaterThan(50);
  }, 300_000);
});
