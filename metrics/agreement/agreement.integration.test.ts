import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, LITELLM, OPENROUTER, fixturePath, readFixture } from '../../test/helpers/fixtures.ts';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';

// a CLI step that must succeed, with its stderr in the failure message
async function ran(args: string[], env: Record<string, string>): Promise<void> {
  const r = await runCli(args, env);
  expect(r.code, `rebar ${args.join(' ')}\n${r.stderr.slice(-3000)}`).toBe(0);
}

type Row = Record<string, unknown>;
async function agreement(env: Record<string, string>, args: string[] = []): Promise<Row[]> {
  const r = await runCli(['metrics', 'agreement', '--json', ...args], env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}
const counts = (rows: Row[]): string[] =>
  rows
    .filter((r) => r.section === 'price_agreement_summary')
    .map((r) =>
      [r.source_a, r.source_b, r.dimensions, r.agreeing, r.near, r.disagreeing, r.probable_unit_errors].join(' '),
    );

// llm-prices and genai-prices give their current prices at the import time: fixed, so the figures do not depend on the day run
const NOW = '2026-12-01';

describe('rebar metrics agreement', () => {
  it('the four aggregators on one day: per source pair, agree / near / disagree / unit errors, and disagreements checked by hand', async () => {
    const env = testEnv();
    await ran(['backfill', 'litellm', path.join(FIXTURES, 'litellm')], env);
    await ran(['import', 'openrouter', fixturePath(OPENROUTER['2025-02-08']), '--observed-at', '2025-02-08'], env);
    for (const file of readdirSync(fixturePath('llm-prices')).filter((f) => f.endsWith('.json')))
      await ran(['import', 'llm-prices', fixturePath(`llm-prices/${file}`), '--observed-at', NOW], env);
    await ran(['import', 'genai-prices', fixturePath('genai-prices/data.json'), '--observed-at', NOW], env);

    const rows = await agreement(env, ['--limit', '100']);
    // on the latest day each source's standing price: litellm's 2026-02-02 sheet, OpenRouter's 2025-02-08 listing,
    // llm-prices and genai-prices as imported; llm-prices and OpenRouter share no dimension (llm-prices lists no OpenRouter price)
    // source_a source_b dimensions agreeing near disagreeing probable_unit_errors
    expect(counts(rows)).toEqual([
      'genai-prices litellm 155 116 0 39 0',
      'genai-prices llm-prices 42 40 0 2 0',
      'genai-prices openrouter 44 20 0 24 0',
      'litellm llm-prices 49 45 0 4 0',
      'litellm openrouter 28 18 0 10 0',
    ]);
    const dis = rows.filter((r) => r.section === 'price_agreement');
    expect(dis.every((r) => r.day === NOW)).toBe(true);
    // largest factor first
    const factors = dis.map((r) => r.factor as number);
    expect(factors).toEqual([...factors].sort((a, b) => b - a));
    const find = (model: string, provider: string, cls: string, a: string, b: string): Row | undefined =>
      dis.find(
        (r) =>
          r.model_id === model &&
          r.provider === provider &&
          r.token_class === cls &&
          r.context_tier === 'base' &&
          r.source_a === a &&
          r.source_b === b,
      );
    // o3 at OpenAI, output: litellm 2026-02-02 'o3' output_cost_per_token 8e-06 ($8 per 1M, after OpenAI's June 2025 cut);
    // llm-prices openai.json 'o3' price_history [{ input 10, output 40 }] (the launch price): 5x apart, not a unit slip
    expect(find('o3', 'openai', 'output', 'litellm', 'llm-prices')).toMatchObject({
      usd_a: '8',
      usd_b: '40',
      ratio: 5,
      factor: 5,
      probable_unit_error: 0,
      first_party: '',
    });
    // Gemini 1.5 Pro at Google (AI Studio), input up to 128k: litellm 'gemini/gemini-1.5-pro' input_cost_per_token 3.5e-06;
    // llm-prices google.json 'gemini-1.5-pro' (Gemini 1.5 Pro <=128k) input 1.25
    expect(find('gemini-1.5-pro', 'google', 'input', 'litellm', 'llm-prices')).toMatchObject({
      usd_a: '3.5',
      usd_b: '1.25',
      ratio: 0.357143,
      probable_unit_error: 0,
    });
    // Gemma 2 27B at OpenRouter, input: genai-prices data.json provider 'openrouter' model 'google/gemma-2-27b-it'
    // input_mtok 0.8; OpenRouter's own 2025-02-08 listing 'google/gemma-2-27b-it' prompt '0.00000027' ($0.27)
    expect(find('gemma-2-27b-it', 'openrouter', 'input', 'genai-prices', 'openrouter')).toMatchObject({
      usd_a: '0.8',
      usd_b: '0.27',
      ratio: 0.3375,
      probable_unit_error: 0,
    });

    // --pair names a pair in either order; --day an earlier day: OpenRouter's listing day, against litellm's 2024-11-28 sheet
    const pair = await agreement(env, ['--pair', 'openrouter,litellm', '--day', '2025-02-08', '--limit', '0']);
    expect(counts(pair)).toEqual(['litellm openrouter 26 14 0 12 0']);
    const bad = await runCli(['metrics', 'agreement', '--pair', 'litellm'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--pair litellm: two different sources/);
  }, 600_000);

  it('a price entered per 1K tokens or per token where per 1M was meant is flagged as a probable unit error', async () => {
    const env = testEnv();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rebar-agreement-'));
    const sheet = JSON.parse(readFixture(LITELLM['2026-02-02'])) as Record<string, Record<string, unknown>>;
    // gpt-4o as recorded is $2.5 / $10 per 1M (as llm-prices openai.json): input made 100x ($250), output 1/1000 ($0.01);
    // both inside the magnitude guard's band, so only a second source can tell; o3 is kept as recorded ($2 / $8)
    const crafted = {
      'gpt-4o': { ...sheet['gpt-4o'], input_cost_per_token: 0.00025, output_cost_per_token: 1e-8 },
      o3: sheet.o3,
    };
    const file = path.join(dir, 'litellm.json');
    writeFileSync(file, JSON.stringify(crafted));
    await ran(['import', 'litellm', file, '--observed-at', NOW], env);
    await ran(['import', 'llm-prices', fixturePath('llm-prices/openai.json'), '--observed-at', NOW], env);
    const rows = await agreement(env);
    expect(counts(rows)).toEqual(['litellm llm-prices 6 2 0 4 2']);
    const dis = rows
      .filter((r) => r.section === 'price_agreement')
      .map((r) => `${String(r.model_id)} ${String(r.token_class)} ${String(r.factor)} ${String(r.unit_error_factor)}`);
    expect(dis).toEqual(['gpt-4o output 1000 1000', 'gpt-4o input 100 100', 'o3 input 5 0', 'o3 output 5 0']);
  }, 300_000);

  it('a series that the next complete sheet dead-lettered still stands in the pairs, as in price_changes', async () => {
    const env = testEnv();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rebar-agreement-'));
    const sheet = JSON.parse(readFixture(LITELLM['2026-02-02'])) as Record<string, Record<string, unknown>>;
    // gpt-4o and o3 as recorded the day before; then the same two entries with gpt-4o's input made invalid (negative)
    const doc = (name: string, gpt4o: Record<string, unknown>): string => {
      const file = path.join(dir, name);
      writeFileSync(file, JSON.stringify({ 'gpt-4o': { ...sheet['gpt-4o'], ...gpt4o }, o3: sheet.o3 }));
      return file;
    };
    await ran(['import', 'litellm', doc('before.json', {}), '--observed-at', '2026-11-30'], env);
    await ran(['import', 'litellm', doc('held.json', { input_cost_per_token: -0.0000025 }), '--observed-at', NOW], env);
    await ran(['import', 'llm-prices', fixturePath('llm-prices/openai.json'), '--observed-at', NOW], env);
    const rows = await agreement(env, ['--day', NOW]);
    // gpt-4o input and output stand at the 2026-11-30 price (2.5 / 10, as llm-prices): held, not dropped
    expect(counts(rows)).toEqual(['litellm llm-prices 6 4 0 2 0']);
  }, 300_000);
});
