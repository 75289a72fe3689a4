import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers/fixtures.ts';
import { jsonl } from '../../test/helpers/jsonl.ts';
import { ran } from '../../test/helpers/ran.ts';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';
import { OBSERVED_SCORES, observedModels, observedPrices } from './observed.ts';
import { series, thresholds } from './price-index.ts';

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

describe('rebar metrics on the prices and scores rebar observed', () => {
  it('the cheapest model at GPT-4 level on LMArena falls over the six LiteLLM sheets 2023-2026; a snapshot verifies', async () => {
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
