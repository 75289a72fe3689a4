import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers/fixtures.ts';
import { jsonl } from '../../test/helpers/jsonl.ts';
import { ran } from '../../test/helpers/ran.ts';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';

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

describe('rebar metrics on the prices and scores rebar observed', () => {
  it('dispersion across hosts by registry id over the six LiteLLM sheets 2023-2026', async () => {
    const env = testEnv();
    // dispersion reads prices and the model registry alone: the LiteLLM sheets, no LMArena scores
    await ran(['backfill', 'litellm', path.join(FIXTURES, 'litellm')], env);

    const disp = await runCli(['metrics', 'dispersion', '--min-providers', '3', '--json'], env);
    expect(disp.code, disp.stderr).toBe(0);
    const models = jsonl(disp.stdout).filter((r) => 'model_id' in r);
    expect(models.length).toBeGreaterThanOrEqual(5);
    expect(models.every((r) => r.day === '2026-02-02' && r.open_weights === true && Number(r.providers) >= 3)).toBe(
      true,
    );
    expect(models.find((r) => r.model_id === 'llama-3.3-70b-instruct')).toMatchObject(LLAMA_33_DISPERSION);
  }, 400_000);
});
