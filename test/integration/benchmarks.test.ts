import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, LITELLM, fixturePath } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

describe('leaderboards through the pipeline', () => {
  it('the eight monthly LMArena snapshots answer in SQL: the leader and its organization per snapshot, and how often each changed', async () => {
    const env = testEnv();
    const r = await runCli(['backfill', 'lmarena', path.join(FIXTURES, 'lmarena')], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /2024-06-19T00:00:00.000Z .*lmsys_arena_leaderboard_2024-06-19__3792cf00.csv: published, 109 observations, 0 dead-lettered/,
    );
    expect(await sqlValue(env, 'SELECT count(), uniqExact(snapshot_date) FROM benchmark_results')).toBe('1141\t8');
    const leaders = await sqlValue(
      env,
      "SELECT toString(snapshot_date), leader, leader_organization, toString(leader_score) FROM benchmark_leaders WHERE benchmark = 'lmarena_text' ORDER BY snapshot_date",
    );
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
    expect(
      await sqlValue(
        env,
        "SELECT countIf(leader_changed), countIf(organization_changed) FROM benchmark_leaders WHERE benchmark = 'lmarena_text'",
      ),
    ).toBe('4\t1');
    // names resolve through the registry per snapshot; the rest wait for review, never guessed
    expect(
      await sqlValue(
        env,
        'SELECT groupArray(leader_model) FROM (SELECT leader_model FROM benchmark_leaders ORDER BY snapshot_date)',
      ),
    ).toBe(
      "['gpt-4o-2024-05-13','gpt-4o-2024-05-13','gpt-4o-2024-05-13','chatgpt-4o-2024-08-08','chatgpt-4o-2024-09-03','chatgpt-4o-2024-09-03','chatgpt-4o-2024-11-20','gemini-exp-1206']",
    );
    expect(
      Number(await sqlValue(env, "SELECT count() FROM unresolved_models WHERE source = 'lmarena'")),
    ).toBeGreaterThan(50);
    const review = await runCli(['models', 'unresolved', '--format', 'TSV'], env);
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toMatch(/^lmarena\tGemini-1\.5-Pro-Exp-0801\tGoogle\t/m);
  }, 300_000);

  it("OpenRouter's weekly rankings land as token counts per model and organization; no share is invented for a top-N list", async () => {
    const env = testEnv();
    const r = await runCli(['backfill', 'openrouter-rankings', path.join(FIXTURES, 'openrouter-rankings')], env);
    expect(r.code, r.stderr).toBe(0);
    expect(
      await sqlValue(
        env,
        "SELECT count(), uniqExact(period), countIf(share IS NOT NULL) FROM market_shares WHERE source = 'openrouter-rankings'",
      ),
    ).toBe('247\t26\t0');
    // 2026-01-18: rank 1 anthropic/claude-4.5-opus-20251124, 623148633311 tokens
    expect(
      await sqlValue(
        env,
        "SELECT entity, toString(value), organization FROM market_shares WHERE source = 'openrouter-rankings' AND period = '2026-01-18' AND rank = 1",
      ),
    ).toBe('anthropic/claude-4.5-opus-20251124\t623148633311\tanthropic');
    const anthropic = await sqlValue(
      env,
      "SELECT toString(value), entities FROM organization_shares WHERE segment = 'openrouter' AND organization = 'anthropic' AND period = '2026-01-18'",
    );
    const listed = await sqlValue(
      env,
      "SELECT toString(sum(value)), count() FROM market_shares WHERE source = 'openrouter-rankings' AND organization = 'anthropic' AND period = '2026-01-18'",
    );
    expect(anthropic).toBe(listed);
  }, 300_000);

  it('Aider, SWE-bench and the Open LLM Leaderboard land in the same benchmark_results, each run on its own date', async () => {
    const env = testEnv();
    const imports: [string, string, string[]][] = [
      ['aider', 'aider/aider_polyglot_leaderboard_2025-04-20__230e5065.yml', []],
      ['swe-bench', 'swe-bench/swe-bench_leaderboards_2025-05-29__5ee3e105.json', []],
      [
        'open-llm-leaderboard',
        'open-llm-leaderboard/open_llm_leaderboard_v2_2024-07-13__52859821.csv',
        ['--observed-at', '2024-07-13'],
      ],
    ];
    for (const [source, file, extra] of imports) {
      const r = await runCli(['import', source, path.join(FIXTURES, file), ...extra], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/dead-lettered: 0/);
    }
    expect(
      await sqlValue(
        env,
        'SELECT groupArray((benchmark, n)) FROM (SELECT benchmark, count() AS n FROM benchmark_results GROUP BY benchmark ORDER BY benchmark)',
      ),
    ).toBe("[('aider_polyglot',47),('open_llm_v2',1659),('swe_bench',197)]");
    // the Open LLM Leaderboard carries no date of its own: --observed-at dates the snapshot
    expect(
      await sqlValue(
        env,
        "SELECT DISTINCT toString(snapshot_date) FROM benchmark_results WHERE benchmark = 'open_llm_v2'",
      ),
    ).toBe('2024-07-13');
    expect(
      await sqlValue(
        env,
        "SELECT leader, toString(leader_score) FROM benchmark_leaders WHERE benchmark = 'open_llm_v2' AND benchmark_version = 'average'",
      ),
    ).toBe('Qwen/Qwen2-72B-Instruct\t42.49');
  }, 300_000);

  it("Epoch's two inputs give the 73 priced rows; a resolved model's arena score sits beside its price on that day", async () => {
    const env = testEnv();
    for (const file of ['data__aa_data_with_math5.csv', 'data__epoch_ai_price_data_not_in_aa_with_benchmarks.csv']) {
      const r = await runCli(['import', 'epoch', path.join(FIXTURES, 'epoch', file)], env);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(
      await sqlValue(
        env,
        'SELECT count(), countIf(reasoning), countIf(usd_per_mtok_blended > 0) FROM model_price_points',
      ),
    ).toBe('73\t6\t73');
    expect(Number(await sqlValue(env, 'SELECT count() FROM models'))).toBeGreaterThanOrEqual(60);
    const prices = await runCli(
      ['import', 'litellm', fixturePath(LITELLM['2024-07-29']), '--observed-at', '2024-07-29'],
      env,
    );
    expect(prices.code, prices.stderr).toBe(0);
    const arena = await runCli(
      [
        'import',
        'lmarena',
        path.join(FIXTURES, 'lmarena/lmsys_arena_leaderboard_2024-08-01__7683135c.csv'),
        '--observed-at',
        '2024-08-01',
      ],
      env,
    );
    expect(arena.code, arena.stderr).toBe(0);
    // GPT-4o-2024-05-13 on 2024-08-01: arena 1286; OpenAI's own 5 / 15 USD per 1M, 7.5 blended 3:1 (Epoch's GPT-4o-2024-05 is 7.5 too)
    expect(
      await sqlValue(
        env,
        `SELECT toString(score), input_usd_per_mtok, output_usd_per_mtok, blended_usd_per_mtok, price_basis
      FROM benchmark_scores_with_prices WHERE model = 'gpt-4o-2024-05-13' AND benchmark = 'lmarena_text'`,
      ),
    ).toBe('1286\t5\t15\t7.5\tfirst_party');
    expect(
      await sqlValue(
        env,
        "SELECT toString(usd_per_mtok_blended) FROM model_price_points WHERE model_name = 'GPT-4o-2024-05'",
      ),
    ).toBe('7.5');
    // the weight is a parameter: 1:1 as a16z blends, (5 + 15) / 2
    expect(
      await sqlValue(
        env,
        "SELECT blended_usd_per_mtok FROM benchmark_scores_with_prices_weighted(input_weight = 1) WHERE model = 'gpt-4o-2024-05-13' AND benchmark = 'lmarena_text'",
      ),
    ).toBe('10');
    // the other Epoch files import on their own, each into its table; an Epoch file rebar does not read is dead-lettered whole
    for (const file of [
      'benchmark-stitching/benchmarks_runs.csv',
      'benchmark-stitching/external_benchmark_mmlu.csv',
      'notable-models/frontier_ai_models.csv',
    ]) {
      const r = await runCli(['import', 'epoch', path.join(FIXTURES, 'epoch', file)], env);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(
      await sqlValue(
        env,
        "SELECT count() FROM benchmark_results WHERE startsWith(benchmark, 'epoch_') AND NOT startsWith(benchmark, 'epoch_ext_')",
      ),
    ).toBe('541');
    expect(await sqlValue(env, "SELECT count() FROM benchmark_results WHERE benchmark = 'epoch_ext_mmlu'")).toBe('134');
    expect(await sqlValue(env, 'SELECT count(), countIf(open_weights) FROM notable_models')).toBe('131\t17');
    const other = path.join(mkdtempSync(path.join(os.tmpdir(), 'rebar-epoch-')), 'model_versions.csv');
    writeFileSync(other, 'model,version\nx,1\n');
    expect((await runCli(['import', 'epoch', other], env)).stdout).toMatch(/dead-lettered: 1/);
    expect(
      await sqlValue(
        env,
        "SELECT reason, detail LIKE '%not an Epoch file rebar reads%' FROM dead_letters WHERE source = 'epoch'",
      ),
    ).toBe('document_unreadable\t1');
  }, 480_000);
});
