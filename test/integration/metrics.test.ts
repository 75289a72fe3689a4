import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, LITELLM, fixturePath } from '../helpers/fixtures.ts';
import { runCli, testEnv } from '../helpers/test-env.ts';
import { OBSERVED_SCORES, observedModels, observedPrices } from '../../metrics/price-index/observed.ts';
import { series, thresholds } from '../../metrics/price-index/price-index.ts';

// a CLI step that must succeed, with its stderr in the failure message
async function ran(args: string[], env: Record<string, string>): Promise<{ stdout: string }> {
  const r = await runCli(args, env);
  expect(r.code, `rebar ${args.join(' ')}\n${r.stderr.slice(-3000)}`).toBe(0);
  return r;
}

describe('rebar metrics', () => {
  it('price-index reproduces Epoch AI from the two input files through ClickHouse: MMLU at GPT-3.5, and --all gives 21 series', async () => {
    const env = testEnv();
    for (const file of ['data__aa_data_with_math5.csv', 'data__epoch_ai_price_data_not_in_aa_with_benchmarks.csv']) {
      const r = await runCli(['import', 'epoch', path.join(FIXTURES, 'epoch', file)], env);
      expect(r.code, r.stderr).toBe(0);
    }
    const one = await runCli(
      ['metrics', 'price-index', '--benchmark', 'mmlu', '--threshold-model', 'GPT-3.5', '--json'],
      env,
    );
    expect(one.code, one.stderr).toBe(0);
    const s = JSON.parse(one.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({
      benchmark: 'mmlu',
      threshold_model: 'GPT-3.5',
      threshold: 64.8,
      n: 7,
      start_date: '2022-11-30',
      end_date: '2024-10-03',
    });
    expect([s.factor_per_year, s.ci90_low, s.ci90_high, s.r_squared].map((x) => (x as number).toFixed(2))).toEqual([
      '15.83',
      '8.05',
      '31.11',
      '0.93',
    ]);
    expect((s.endpoint_ratio as number).toFixed(1)).toBe('285.7');
    expect((s.points as unknown[]).length).toBe(7);
    const all = await runCli(['metrics', 'price-index', '--all'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(
      /^mmlu\tGPT-3\.5\t64\.8\t7\t2022-11-30\t2024-10-03\t15\.83x\t8\.05\.\.31\.11\t0\.93\t285\.7x$/m,
    );
    expect(all.stdout).toMatch(/^21 series$/m);
    const bad = await runCli(['metrics', 'price-index', '--benchmark', 'mmlu', '--threshold-model', 'GPT-5'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no threshold GPT-5 on mmlu: .*; ever-top-1 models are GPT-3, GPT-3\.5/);
  }, 300_000);

  it("share-volatility over Menlo's spend shares: HHI per period with its bounds and band, the share that changed hands 2023 to 2025, OpenAI to Anthropic", async () => {
    const env = testEnv();
    await ran(['run', '--once', '--source', 'analyst-datapoints'], env);
    const r = await runCli(
      ['metrics', 'share-volatility', '--source', 'Menlo Ventures', '--metric', 'spend', '--json'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const pick = (p: string): Record<string, unknown> => rows.find((x) => x.period === p)!;
    // 2023: 50, 12, 7 listed (69): HHI 2693 at least, 3654 if the other 31 were one firm
    expect(pick('2023')).toMatchObject({
      hhi: 2693,
      hhi_upper_bound: 3654,
      hhi_is_lower_bound: 1,
      band_2023_guidelines: 'highly concentrated',
      leader: 'openai',
      cr1: 50,
    });
    // 2025: 40, 27, 21 and 'other' 12: 2770 to 2914
    expect(pick('2025')).toMatchObject({
      hhi: 2770,
      hhi_upper_bound: 2914,
      hhi_is_lower_bound: 1,
      leader: 'anthropic',
      cr3: 88,
    });
    // the named firms: |40-12| + |27-50| + |21-7| = 65; the unlisted rest went from 31 to 12 (19 more): I >= 84, at least 42 points changed hands
    expect(rows.find((x) => x.from_period === '2023')).toMatchObject({
      to_period: '2025',
      listed_instability_index: 65,
      unlisted_before: 31,
      unlisted_after: 12,
      instability_index: 84,
      share_changed_hands: 42,
      changed_hands_is_lower_bound: 1,
      leader_before: 'openai',
      leader_after: 'anthropic',
      leader_changed: 1,
    });
  }, 300_000);

  it('leadership over the eight LMArena snapshots: 4 leader changes by model, 1 by organization', async () => {
    const env = testEnv();
    await ran(['backfill', 'lmarena', path.join(FIXTURES, 'lmarena')], env);
    const r = await runCli(['metrics', 'leadership', '--benchmark', 'lmarena_text', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const [summary, ...rest] = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(summary).toMatchObject({
      snapshots: '8',
      leader_changes: '4',
      organization_changes: '1',
      longest_model_tenure: '3',
      longest_organization_tenure: '7',
      leading_organizations: ['OpenAI', 'Google'],
    });
    // per month: the lead changed hands in September, October and December 2024 within OpenAI, and to Google in January 2025
    const months = rest.filter((x) => 'month' in x);
    expect(
      months.map((m) => `${String(m.month).slice(0, 7)} ${String(m.leader_changes)} ${String(m.organization_changes)}`),
    ).toEqual([
      '2024-06 0 0',
      '2024-07 0 0',
      '2024-08 0 0',
      '2024-09 1 0',
      '2024-10 1 0',
      '2024-11 0 0',
      '2024-12 1 0',
      '2025-01 1 1',
    ]);
  }, 300_000);

  it('price-changes, capex-intensity and break-even print their figures with their method', async () => {
    const env = testEnv();
    for (const d of ['2024-07-29', '2024-11-28'] as const)
      expect((await runCli(['import', 'litellm', fixturePath(LITELLM[d]), '--observed-at', d], env)).code).toBe(0);
    const changes = await runCli(
      ['metrics', 'price-changes', '--provider', 'openai', '--model', 'gpt-4o', '--json'],
      env,
    );
    expect(changes.code, changes.stderr).toBe(0);
    const rows = changes.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.find((r) => r.month === '2024-11-01' && r.provider === 'openai')).toMatchObject({
      cuts: expect.stringMatching(/^[1-9]/),
    });
    // the largest cuts come first; gpt-4o's 5 -> 2.5 is among OpenAI's
    expect(rows.some((r) => r.model === 'gpt-4o' && r.new_usd_per_mtok === '2.5' && r.pct_change === -50)).toBe(true);
    // the family's path: gpt-4o's own input price at each observation
    expect(
      rows
        .filter(
          (r) => r.model === 'gpt-4o' && r.provider === 'openai' && r.token_class === 'input' && 'usd_per_mtok' in r,
        )
        .map((r) => r.usd_per_mtok),
    ).toEqual(['5', '2.5']);
    const sec = await runCli(
      [
        'import',
        'sec-companyfacts',
        path.join(FIXTURES, 'sec-companyfacts/companyfacts_CIK0001045810_NVIDIA__recorded-2026-07-09.json'),
      ],
      env,
    );
    expect(sec.code, sec.stderr).toBe(0);
    const capex = await runCli(['metrics', 'capex-intensity', '--ticker', 'NVDA', '--json'], env);
    expect(capex.stdout).toMatch(
      /"ticker":"NVDA","fiscal_year":2026,"period_end":"2026-01-25","capex_usd":"6042000000"/,
    );
    const be = await runCli(
      [
        'metrics',
        'break-even',
        '--gpu-usd-per-hour',
        '2.74',
        '--tokens-per-second',
        '2000',
        '--api-usd-per-mtok',
        '0.6',
        '--json',
      ],
      env,
    );
    expect(be.code, be.stderr).toBe(0);
    expect(JSON.parse(be.stdout)).toMatchObject({ self_hosting_can_win: true, gpus: 1 });
    expect(Math.round((JSON.parse(be.stdout) as { break_even_mtok_per_month: number }).break_even_mtok_per_month)).toBe(
      3334,
    );
    const noGpu = await runCli(
      ['metrics', 'break-even', '--gpu', 'H100 SXM', '--tokens-per-second', '2000', '--api-usd-per-mtok', '0.6'],
      env,
    );
    expect(noGpu.code).toBe(1);
    expect(noGpu.stderr).toMatch(/no on-demand list price for GPU H100 SXM/);
  }, 300_000);
});

// the LiteLLM sheets 2023-11-30 .. 2026-02-02 with LMArena's scores: each step is a cheaper model at or above gpt-4-0613's 1163
const POINTS_3_TO_1 = [
  '2023-11-30 gpt-4-1106-preview 15',
  '2024-03-30 claude-3-haiku-20240307 0.5',
  '2024-07-29 gpt-4o-mini-2024-07-18 0.2625',
  '2024-11-28 gemini-1.5-flash-001 0.13125',
  '2025-06-02 llama-3.1-8b-instruct 0.1',
];
const FIT_3_TO_1 = ['19.42', '0.74', '150.00'];
// 16 hosts of Llama 3.3 70B in the 2026-02-02 sheet, found through the registry's aliases (bedrock, groq, cerebras, databricks, ...)
const LLAMA_33_DISPERSION = {
  providers: '16',
  min_input: 0.12,
  median_input: 0.66,
  max_input: 0.9,
  input_max_min_ratio: 7.5,
  min_blended: 0.165,
  median_blended: 0.71,
  blended_max_min_ratio: 5.682,
};
const GAP_2025_01_07 = { best_open: ['deepseek-v3', '1319'], best_closed: ['gemini-exp-1206', '1374'], gap: '55' };

describe('rebar metrics on the prices and scores rebar observed', () => {
  const jsonl = (text: string): Record<string, unknown>[] =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('the cheapest model at GPT-4 level on LMArena falls over the six LiteLLM sheets 2023-2026; dispersion across hosts by registry id; open vs closed; a snapshot verifies', async () => {
    const env = testEnv();
    await ran(['backfill', 'litellm', path.join(FIXTURES, 'litellm')], env);
    await ran(['backfill', 'lmarena', path.join(FIXTURES, 'lmarena')], env);

    const idx = await runCli(
      [
        'metrics',
        'price-index',
        '--inputs',
        'observed',
        '--benchmark',
        'lmarena_text',
        '--threshold-model',
        'gpt-4-0613',
        '--json',
      ],
      env,
    );
    expect(idx.code, idx.stderr).toBe(0);
    const s = JSON.parse(idx.stdout) as Record<string, unknown> & {
      by_day: Record<string, unknown>[];
      points: { model: string; date: string; price: number }[];
    };
    expect(s).toMatchObject({
      benchmark: 'lmarena_text',
      threshold_model: 'gpt-4-0613',
      threshold: 1163,
      inputs: 'observed',
      blend: 3,
      basis: 'first_party',
      start_date: '2023-11-30',
      end_date: '2025-06-02',
    });
    expect(s.points.map((p) => `${p.date} ${p.model} ${p.price}`)).toEqual(POINTS_3_TO_1);
    expect([s.factor_per_year, s.r_squared, s.endpoint_ratio].map((x) => (x as number).toFixed(2))).toEqual(FIT_3_TO_1);
    // the output-price view: GPT-4's own $60 beside the cheapest GPT-4-class output price, in the first and the latest sheet
    const first = s.by_day[0]!;
    const latest = s.by_day[s.by_day.length - 1]!;
    expect([first.day, latest.day]).toEqual(['2023-11-30', '2026-02-02']);
    expect(latest.reference_prices).toEqual([30, 60, 37.5]);
    expect(latest.cheapest_output).toEqual(['llama-3.1-8b-instruct', 0.1]);
    expect((first.cheapest_blended as unknown[])[1]).toBeGreaterThan(
      (latest.cheapest_blended as unknown[])[1] as number,
    );

    // the pruned prices (each day's score-price frontier per benchmark, each model's first day) give the same
    // ever-top thresholds and the same series at every scored model's level as all the rows do, with and without
    // reasoning models, at either basis
    const scoresJsonl = (await ran(['sql', OBSERVED_SCORES, '--format', 'JSONEachRow'], env)).stdout;
    const levels = jsonl(scoresJsonl).map((r) => ({
      benchmark: String(r.benchmark),
      model: 'level',
      score: Number(r.score),
    }));
    for (const o of [
      { blend: 3, basis: 'first_party' as const },
      { blend: 1, basis: 'median' as const, includeReasoning: true },
    ]) {
      const seriesOf = async (prune: boolean) => {
        const tsv = (await ran(['sql', observedPrices(o, prune), '--format', 'TSV'], env)).stdout;
        const { models, benchmarks } = observedModels(tsv, scoresJsonl, o);
        return {
          rows: tsv.split('\n').filter(Boolean).length,
          tops: benchmarks.map((b) => thresholds(models, b)),
          series: levels.map((t) => series(models, t)),
        };
      };
      const [pruned, every] = [await seriesOf(true), await seriesOf(false)];
      expect(pruned.rows).toBeLessThan(every.rows / 2);
      expect(pruned.series.filter(Boolean).length).toBeGreaterThan(10);
      expect(pruned.tops).toEqual(every.tops);
      expect(pruned.series).toEqual(every.series);
    }

    // a16z's 1:1 blend and the median across providers are options, and move the figures
    const oneToOne = JSON.parse(
      (
        await runCli(
          [
            'metrics',
            'price-index',
            '--inputs',
            'observed',
            '--benchmark',
            'lmarena_text',
            '--threshold-model',
            'gpt-4-0613',
            '--blend',
            '1',
            '--basis',
            'median',
            '--json',
          ],
          env,
        )
      ).stdout,
    ) as { points: { price: number }[]; blend: number; basis: string };
    expect([oneToOne.blend, oneToOne.basis, oneToOne.points[0]!.price]).toEqual([1, 'median', 20]);

    const disp = await runCli(['metrics', 'dispersion', '--min-providers', '3', '--json'], env);
    expect(disp.code, disp.stderr).toBe(0);
    const models = jsonl(disp.stdout).filter((r) => 'model_id' in r);
    expect(models.length).toBeGreaterThanOrEqual(5);
    expect(models.every((r) => r.day === '2026-02-02' && r.open_weights === true && Number(r.providers) >= 3)).toBe(
      true,
    );
    expect(models.find((r) => r.model_id === 'llama-3.3-70b-instruct')).toMatchObject(LLAMA_33_DISPERSION);

    const gap = await runCli(
      ['metrics', 'open-closed-gap', '--benchmark', 'lmarena_text', '--threshold-model', 'gpt-4-0613', '--json'],
      env,
    );
    expect(gap.code, gap.stderr).toBe(0);
    const gaps = jsonl(gap.stdout);
    expect(gaps.find((r) => r.snapshot_date === '2025-01-07')).toMatchObject(GAP_2025_01_07);
    expect(gaps.find((r) => r.day === '2026-02-02')).toMatchObject({
      cheapest_open_weights: ['llama-3.1-8b-instruct', 0.1],
    });

    // a snapshot records inputs, method and output; verify recomputes it: identical now, different after new prices land
    const file = path.join(env.REBAR_DATA_DIR!, 'gpt4-level.snapshot.json');
    const snap = await runCli(
      [
        'metrics',
        'price-index',
        '--inputs',
        'observed',
        '--benchmark',
        'lmarena_text',
        '--threshold-model',
        'gpt-4-0613',
        '--snapshot',
        file,
      ],
      env,
    );
    expect(snap.code, snap.stderr).toBe(0);
    const same = await runCli(['metrics', 'verify', file], env);
    expect(same.code, same.stdout).toBe(0);
    expect(same.stdout).toMatch(/inputs: unchanged\noutput: identical/);
    const cut = path.join(env.REBAR_DATA_DIR!, 'litellm-2026-03-01.json');
    writeFileSync(
      cut,
      JSON.stringify({
        'gpt-4o-mini-2024-07-18': {
          litellm_provider: 'openai',
          mode: 'chat',
          input_cost_per_token: 0.00000001,
          output_cost_per_token: 0.00000004,
        },
      }),
    );
    await ran(['import', 'litellm', cut, '--observed-at', '2026-03-01'], env);
    const moved = await runCli(['metrics', 'verify', file], env);
    expect(moved.code).toBe(1);
    expect(moved.stdout).toMatch(/inputs: changed: price_observations \(\d+ -> \d+ rows\)/);
    expect(moved.stdout).toMatch(/output: different/);
    const verdict = await runCli(['metrics', 'verify', file, '--json'], env);
    expect(verdict.code).toBe(1);
    expect(JSON.parse(verdict.stdout)).toMatchObject({
      metric: 'price-index',
      same_output: false,
      same_method: true,
      changed_inputs: expect.arrayContaining([expect.stringMatching(/^price_observations \(\d+ -> \d+ rows\)$/)]),
    });
  }, 400_000);
});
