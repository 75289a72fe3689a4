import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers/fixtures.ts';
import { jsonl } from '../../test/helpers/jsonl.ts';
import { ran } from '../../test/helpers/ran.ts';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';

const GAP_2025_01_07 = { best_open: ['deepseek-v3', '1319'], best_closed: ['gemini-exp-1206', '1374'], gap: '55' };

describe('rebar metrics on the prices and scores rebar observed', () => {
  it('open vs closed at GPT-4 level on LMArena over the six LiteLLM sheets 2023-2026', async () => {
    const env = testEnv();
    await ran(['backfill', 'litellm', path.join(FIXTURES, 'litellm')], env);
    await ran(['backfill', 'lmarena', path.join(FIXTURES, 'lmarena')], env);

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
  }, 400_000);
});
