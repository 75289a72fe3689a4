import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../transform/models/model-registry.ts';
import { resolveModel } from '../../transform/models/resolve-model.ts';
import { parseLitellm } from '../../ingest/sources/litellm/parse.ts';
import { fixturePath, LITELLM, OPENROUTER, readFixture } from '../helpers/fixtures.ts';

// One open-weights model is sold by many hosts under many spellings: a dispersion metric (min / median / max price of
// one model across hosts) groups by the registry's model_id, so every host spelling must reach the same id, and nothing
// that is not those weights (fine-tune, base, other size or version, vision, distill, named quantization) may.

const registry = loadModelRegistry();
type Sheet = keyof typeof LITELLM;
type Source = 'litellm' | 'openrouter' | 'lmarena';

const resolve = (source: Source, id: string, at?: string): string | null =>
  resolveModel(registry, { source, id, ...(at ? { at } : {}) }).model_id;

/** model_id -> sorted hosts, over the sheet's entries with both an input and an output token price, as the pipeline resolves them */
function hostsByModel(sheet: Sheet): Map<string, string[]> {
  const fields = new Map<string, { provider: string; priced: Set<string> }>();
  for (const p of parseLitellm(readFixture(LITELLM[sheet])).rows) {
    if (p.source_field !== 'input_cost_per_token' && p.source_field !== 'output_cost_per_token') continue;
    const e = fields.get(p.source_model_id) ?? { provider: p.provider, priced: new Set<string>() };
    e.priced.add(p.source_field);
    fields.set(p.source_model_id, e);
  }
  const hosts = new Map<string, Set<string>>();
  for (const [id, { provider, priced }] of fields) {
    if (priced.size < 2) continue;
    const model = resolve('litellm', id, sheet);
    if (model) hosts.set(model, (hosts.get(model) ?? new Set()).add(provider));
  }
  return new Map([...hosts].map(([m, h]) => [m, [...h].sort()]));
}

/** the open-weights models sold by three or more hosts in the sheet */
const openWeightsSpread = (sheet: Sheet): Record<string, string[]> =>
  Object.fromEntries(
    [...hostsByModel(sheet)]
      .filter(([m, h]) => registry.models.get(m)!.open_weights && h.length >= 3)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

describe('one open-weights model across LiteLLM hosts', () => {
  it('2025-06-02: 15 open-weights models each priced by 3+ hosts, exactly these', () => {
    // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    expect(openWeightsSpread('2025-06-02')).toEqual({
      'deepseek-r1': ['aws_bedrock', 'azure', 'fireworks', 'openrouter', 'sambanova'],
      'deepseek-v3-0324': ['azure', 'deepseek', 'sambanova'],
      'llama-3-70b-instruct': [
        'anyscale',
        'aws_bedrock',
        'azure',
        'databricks',
        'deepinfra',
        'groq',
        'openrouter',
        'replicate',
      ],
      'llama-3-8b-instruct': ['anyscale', 'aws_bedrock', 'deepinfra', 'groq', 'openrouter', 'replicate'],
      'llama-3.1-405b-instruct': [
        'aws_bedrock',
        'azure',
        'databricks',
        'deepinfra',
        'fireworks',
        'google_vertex',
        'sambanova',
      ],
      'llama-3.1-70b-instruct': ['aws_bedrock', 'azure', 'cerebras', 'databricks', 'friendliai', 'groq', 'perplexity'],
      'llama-3.1-8b-instruct': [
        'aws_bedrock',
        'azure',
        'cerebras',
        'fireworks',
        'friendliai',
        'groq',
        'nscale',
        'perplexity',
        'sambanova',
      ],
      'llama-3.3-70b-instruct': ['aws_bedrock', 'azure', 'cerebras', 'databricks', 'groq', 'nscale', 'sambanova'],
      'mistral-7b-instruct-v0.1': ['anyscale', 'cloudflare', 'deepinfra', 'ollama'],
      'mistral-7b-instruct-v0.2': ['aws_bedrock', 'ollama', 'replicate'],
      'mistral-large-2407': ['aws_bedrock', 'azure', 'google_vertex', 'mistral', 'ollama'],
      'mixtral-8x22b-instruct-v0.1': ['anyscale', 'fireworks', 'mistral', 'nscale', 'ollama', 'openrouter'],
      'mixtral-8x7b-instruct-v0.1': [
        'anyscale',
        'aws_bedrock',
        'databricks',
        'deepinfra',
        'groq',
        'mistral',
        'ollama',
        'perplexity',
        'replicate',
        'together',
      ],
      'qwen2.5-coder-32b-instruct': ['fireworks', 'nscale', 'openrouter'],
      'qwq-32b': ['groq', 'nscale', 'sambanova'],
    });
  });

  it('2026-02-02: 25 open-weights models each priced by 3+ hosts, exactly these', () => {
    // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
    expect(openWeightsSpread('2026-02-02')).toEqual({
      'deepseek-r1': [
        'aws_bedrock',
        'azure',
        'deepinfra',
        'deepseek',
        'fireworks',
        'hyperbolic',
        'openrouter',
        'replicate',
        'sambanova',
        'together',
        'vercel_ai_gateway',
      ],
      'deepseek-r1-0528': [
        'deepinfra',
        'fireworks',
        'google_vertex',
        'hyperbolic',
        'lambda_ai',
        'novita',
        'openrouter',
        'wandb',
      ],
      'deepseek-v3': [
        'azure',
        'deepinfra',
        'deepseek',
        'fireworks',
        'hyperbolic',
        'replicate',
        'together',
        'vercel_ai_gateway',
      ],
      'deepseek-v3-0324': [
        'azure',
        'deepinfra',
        'fireworks',
        'gmi',
        'hyperbolic',
        'lambda_ai',
        'novita',
        'openrouter',
        'sambanova',
        'wandb',
      ],
      'deepseek-v3.1': [
        'deepinfra',
        'fireworks',
        'google_vertex',
        'novita',
        'replicate',
        'sambanova',
        'together',
        'wandb',
      ],
      'gemma-3-12b-it': ['aws_bedrock', 'deepinfra', 'novita'],
      'gemma-3-27b-it': ['aws_bedrock', 'deepinfra', 'fireworks', 'google', 'novita'],
      'gemma-7b-it': ['anyscale', 'fireworks', 'groq'],
      'llama-3-70b-instruct': [
        'anyscale',
        'aws_bedrock',
        'azure',
        'databricks',
        'fireworks',
        'hyperbolic',
        'novita',
        'openrouter',
        'replicate',
      ],
      'llama-3-8b-instruct': [
        'anyscale',
        'aws_bedrock',
        'deepinfra',
        'fireworks',
        'gradient_ai',
        'novita',
        'openrouter',
        'replicate',
      ],
      'llama-3.1-405b-instruct': [
        'aws_bedrock',
        'azure',
        'databricks',
        'fireworks',
        'google_vertex',
        'hyperbolic',
        'oci',
        'sambanova',
      ],
      'llama-3.1-70b-instruct': [
        'aws_bedrock',
        'azure',
        'cerebras',
        'deepinfra',
        'fireworks',
        'friendliai',
        'google_vertex',
        'hyperbolic',
        'ovhcloud',
        'perplexity',
      ],
      'llama-3.1-8b-instruct': [
        'aws_bedrock',
        'azure',
        'cerebras',
        'databricks',
        'deepinfra',
        'fireworks',
        'friendliai',
        'google_vertex',
        'groq',
        'hyperbolic',
        'lambda_ai',
        'novita',
        'nscale',
        'ovhcloud',
        'perplexity',
        'sambanova',
        'wandb',
      ],
      'llama-3.3-70b-instruct': [
        'aws_bedrock',
        'azure',
        'cerebras',
        'databricks',
        'deepinfra',
        'fireworks',
        'gradient_ai',
        'groq',
        'hyperbolic',
        'novita',
        'nscale',
        'oci',
        'ovhcloud',
        'sambanova',
        'vercel_ai_gateway',
        'wandb',
        'watsonx',
      ],
      'mistral-7b-instruct-v0.1': ['anyscale', 'cloudflare', 'ollama'],
      'mistral-7b-instruct-v0.2': ['aws_bedrock', 'fireworks', 'ollama', 'replicate'],
      'mistral-large-2407': ['aws_bedrock', 'azure', 'google_vertex', 'mistral', 'ollama'],
      'mixtral-8x22b-instruct-v0.1': [
        'anyscale',
        'fireworks',
        'mistral',
        'nscale',
        'ollama',
        'openrouter',
        'vercel_ai_gateway',
      ],
      'mixtral-8x7b-instruct-v0.1': [
        'anyscale',
        'aws_bedrock',
        'databricks',
        'deepinfra',
        'fireworks',
        'mistral',
        'ollama',
        'ovhcloud',
        'perplexity',
        'replicate',
        'together',
      ],
      'qwen2.5-72b-instruct': ['deepinfra', 'fireworks', 'hyperbolic', 'novita'],
      'qwen2.5-7b-instruct': ['deepinfra', 'fireworks', 'novita'],
      'qwen2.5-coder-32b-instruct': ['fireworks', 'hyperbolic', 'lambda_ai', 'nscale', 'openrouter', 'ovhcloud'],
      'qwen3-235b-a22b': ['deepinfra', 'fireworks', 'hyperbolic'],
      'qwen3-32b': [
        'aws_bedrock',
        'cerebras',
        'deepinfra',
        'fireworks',
        'groq',
        'ovhcloud',
        'sambanova',
        'vercel_ai_gateway',
      ],
      'qwq-32b': ['deepinfra', 'fireworks', 'hyperbolic', 'nscale', 'sambanova'],
    });
  });

  it('every sheet since mid-2024 has at least 6 such models', () => {
    for (const sheet of ['2024-07-29', '2024-11-28', '2025-06-02', '2026-02-02'] as const) {
      expect(Object.keys(openWeightsSpread(sheet)).length, sheet).toBeGreaterThanOrEqual(6);
    }
  });
});

// [source, id as the fixture spells it, at]: the host spellings reach the registry's id
const SAME_MODEL: Record<string, [Source, string, string?][]> = {
  'llama-3-70b-instruct': [
    ['litellm', 'groq/llama3-70b-8192', '2024-07-29'],
    ['litellm', 'databricks/databricks-meta-llama-3-70b-instruct', '2024-07-29'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['litellm', 'meta.llama3-70b-instruct-v1:0', '2025-06-02'],
    ['litellm', 'bedrock/eu-west-2/meta.llama3-70b-instruct-v1:0', '2025-06-02'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['litellm', 'fireworks_ai/accounts/fireworks/models/llama-v3-70b-instruct', '2026-02-02'],
    ['litellm', 'fireworks_ai/accounts/fireworks/models/llama-v3-70b-instruct-hf', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
    ['litellm', 'azure_ai/Meta-Llama-3-70B-Instruct', '2026-02-02'],
    ['litellm', 'hyperbolic/meta-llama/Meta-Llama-3-70B-Instruct', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'llama-3.1-405b-instruct': [
    ['litellm', 'vertex_ai/meta/llama3-405b-instruct-maas', '2024-07-29'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json: Vertex's launch id for 3.1 405B
    ['litellm', 'databricks/databricks-meta-llama-3-1-405b-instruct', '2024-11-28'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['litellm', 'fireworks_ai/accounts/fireworks/models/llama-v3p1-405b-instruct', '2025-06-02'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['litellm', 'vertex_ai/meta/llama-3.1-405b-instruct-maas', '2026-02-02'],
    ['litellm', 'oci/meta.llama-3.1-405b-instruct', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'llama-3.1-70b-instruct': [
    ['litellm', 'groq/llama-3.1-70b-versatile', '2024-07-29'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['litellm', 'cerebras/llama3.1-70b', '2024-11-28'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['litellm', 'ovhcloud/Meta-Llama-3_1-70B-Instruct', '2026-02-02'],
    ['litellm', 'fireworks_ai/accounts/fireworks/models/llama-v3p1-70b-instruct', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'llama-3.1-8b-instruct': [
    ['litellm', 'groq/llama-3.1-8b-instant', '2026-02-02'],
    ['litellm', 'cerebras/llama3.1-8b', '2026-02-02'],
    ['litellm', 'lambda_ai/llama3.1-8b-instruct', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'llama-3.3-70b-instruct': [
    ['litellm', 'groq/llama-3.3-70b-versatile', '2025-06-02'],
    ['litellm', 'groq/llama-3.3-70b-specdec', '2025-06-02'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['litellm', 'cerebras/llama-3.3-70b', '2026-02-02'],
    ['litellm', 'watsonx/meta-llama/llama-3-3-70b-instruct', '2026-02-02'],
    ['litellm', 'gradient_ai/llama3.3-70b-instruct', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
    ['openrouter', 'meta-llama/llama-3.3-70b-instruct', '2025-02-08'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
  ],
  'mixtral-8x7b-instruct-v0.1': [
    ['litellm', 'together_ai/mistralai/Mixtral-8x7B-Instruct-v0.1', '2024-03-30'],
    ['litellm', 'groq/mixtral-8x7b-32768', '2024-03-30'], // litellm_model_prices_2024-03-30__upstream_89471ba4.json
    ['litellm', 'mistral.mixtral-8x7b-instruct-v0:1', '2024-07-29'],
    ['litellm', 'databricks/databricks-mixtral-8x7b-instruct', '2024-07-29'],
    ['litellm', 'mistral/open-mixtral-8x7b', '2024-07-29'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['litellm', 'friendliai/mixtral-8x7b-instruct-v0-1', '2024-07-29'],
    ['litellm', 'perplexity/mixtral-8x7b-instruct', '2024-07-29'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['openrouter', 'mistralai/mixtral-8x7b-instruct:nitro', '2024-04-24'], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
    ['lmarena', 'Mixtral-8x7b-Instruct-v0.1'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
  ],
  'mixtral-8x22b-instruct-v0.1': [
    ['litellm', 'mistral/open-mixtral-8x22b', '2025-06-02'],
    ['litellm', 'nscale/mistralai/mixtral-8x22b-instruct-v0.1', '2025-06-02'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['litellm', 'vercel_ai_gateway/mistral/mixtral-8x22b-instruct', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
    ['openrouter', 'mistralai/mixtral-8x22b-instruct', '2025-02-08'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
  ],
  'mistral-7b-instruct-v0.2': [
    ['litellm', 'bedrock/us-west-2/mistral.mistral-7b-instruct-v0:2', '2024-07-29'],
    ['litellm', 'replicate/mistralai/mistral-7b-instruct-v0.2', '2024-07-29'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['litellm', 'fireworks_ai/accounts/fireworks/models/mistral-7b-instruct-v0p2', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'qwen2.5-72b-instruct': [
    ['litellm', 'fireworks_ai/accounts/fireworks/models/qwen2p5-72b-instruct', '2026-02-02'],
    ['litellm', 'novita/qwen/qwen-2.5-72b-instruct', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'qwen3-32b': [
    ['litellm', 'qwen.qwen3-32b-v1:0', '2026-02-02'],
    ['litellm', 'groq/qwen/qwen3-32b', '2026-02-02'],
    ['litellm', 'cerebras/qwen-3-32b', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'gemma-3-27b-it': [
    ['litellm', 'google.gemma-3-27b-it', '2026-02-02'],
    ['litellm', 'gemini/gemma-3-27b-it', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'gemma-2-9b-it': [
    ['litellm', 'gemini/gemini-gemma-2-9b-it', '2024-11-28'],
    ['litellm', 'groq/gemma2-9b-it', '2024-11-28'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['lmarena', 'Gemma-2-9b-it'], // lmsys_arena_leaderboard_2024-09-06__4070040f.csv
  ],
  'deepseek-r1': [
    ['litellm', 'us.deepseek.r1-v1:0', '2025-06-02'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
  ],
  'deepseek-r1-0528': [
    ['litellm', 'vertex_ai/deepseek-ai/deepseek-r1-0528-maas', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'deepseek-v3-0324': [
    ['litellm', 'openrouter/deepseek/deepseek-chat-v3-0324', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'deepseek-v3.1': [
    ['litellm', 'fireworks_ai/accounts/fireworks/models/deepseek-v3p1', '2026-02-02'],
    ['litellm', 'together_ai/deepseek-ai/DeepSeek-V3.1', '2026-02-02'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'qwq-32b': [
    ['litellm', 'groq/qwen-qwq-32b', '2025-06-02'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
  ],
  // the GPT-4-class closed models the sheets price
  'gpt-4-0314': [
    ['litellm', 'gpt-4-0314', '2023-11-30'], // litellm_model_prices_2023-11-30__upstream_8c1a9f1c.json
    ['openrouter', 'openai/gpt-4-0314', '2024-04-24'], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
    ['lmarena', 'GPT-4-0314'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
  ],
  'gpt-4-0613': [
    ['litellm', 'gpt-4', '2023-11-30'],
    ['litellm', 'gpt-4-0613', '2023-11-30'],
    ['litellm', 'openrouter/openai/gpt-4', '2023-11-30'], // litellm_model_prices_2023-11-30__upstream_8c1a9f1c.json
    ['litellm', 'azure/gpt-4-0613', '2024-03-30'], // litellm_model_prices_2024-03-30__upstream_89471ba4.json
    ['openrouter', 'openai/gpt-4', '2024-04-24'], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
    ['lmarena', 'GPT-4-0613'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
  ],
  'gpt-4-1106-preview': [
    ['litellm', 'gpt-4-1106-preview', '2023-11-30'], // litellm_model_prices_2023-11-30__upstream_8c1a9f1c.json
    ['lmarena', 'GPT-4-1106-preview'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
  ],
  'gpt-4-0125-preview': [
    ['litellm', 'gpt-4-0125-preview', '2024-03-30'],
    ['litellm', 'gpt-4-turbo-preview', '2024-03-30'], // litellm_model_prices_2024-03-30__upstream_89471ba4.json
    ['openrouter', 'openai/gpt-4-turbo-preview', '2024-04-24'], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
    ['lmarena', 'GPT-4-0125-preview'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
  ],
  'gpt-4-turbo-2024-04-09': [
    ['litellm', 'gpt-4-turbo', '2024-07-29'],
    ['litellm', 'gpt-4-turbo-2024-04-09', '2024-07-29'],
    ['litellm', 'azure/gpt-4-turbo-2024-04-09', '2024-07-29'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['openrouter', 'openai/gpt-4-turbo', '2024-04-24'], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
  ],
  'gpt-4o-2024-08-06': [
    ['litellm', 'gpt-4o-2024-08-06', '2024-11-28'],
    ['litellm', 'azure/gpt-4o-2024-08-06', '2024-11-28'],
  ], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
  'gpt-4o-2024-11-20': [['litellm', 'gpt-4o-2024-11-20', '2024-11-28']], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
  'gpt-4o-mini': [['litellm', 'gpt-4o-mini', '2024-07-29']], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
  'claude-3-opus-20240229': [
    ['litellm', 'claude-3-opus-20240229', '2024-07-29'],
    ['litellm', 'anthropic.claude-3-opus-20240229-v1:0', '2024-07-29'],
    ['litellm', 'vertex_ai/claude-3-opus@20240229', '2024-07-29'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
  ],
  'claude-3-haiku-20240307': [['litellm', 'claude-3-haiku-20240307', '2024-03-30']], // litellm_model_prices_2024-03-30__upstream_89471ba4.json
  'gemini-1.5-flash': [
    ['litellm', 'gemini-1.5-flash', '2024-07-29'],
    ['litellm', 'gemini/gemini-1.5-flash', '2024-07-29'],
  ], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
  'gemini-1.5-flash-001': [['litellm', 'gemini-1.5-flash-001', '2024-07-29']], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
};

// [spelling, what it must resolve to]: null, or its own id that is not the instruct model it resembles
const NOT_MERGED: [[Source, string, string?], string | null][] = [
  // fine-tunes of the weights
  [['litellm', 'deepinfra/NousResearch/Hermes-3-Llama-3.1-405B', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'hyperbolic/NousResearch/Hermes-3-Llama-3.1-70B', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'deepinfra/cognitivecomputations/dolphin-2.6-mixtral-8x7b', '2025-06-02'], null], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
  [['litellm', 'fireworks_ai/accounts/fireworks/models/nous-hermes-2-mixtral-8x7b-dpo', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'groq/llama3-groq-70b-8192-tool-use-preview', '2024-07-29'], null], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json: Groq's own tool-use tune
  [['openrouter', 'cognitivecomputations/dolphin-mixtral-8x7b', '2024-04-24'], null], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
  [['lmarena', 'Gemma-2-9b-it-SimPO'], null], // lmsys_arena_leaderboard_2024-09-06__4070040f.csv
  [['lmarena', 'Nous-Hermes-2-Mixtral-8x7B-DPO'], null], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
  // base (pretrained, not instruct) weights, and bare names that also read as the base
  [['litellm', 'replicate/meta/llama-3-70b', '2024-07-29'], null], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
  [['litellm', 'fireworks_ai/accounts/fireworks/models/llama-v3-8b', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'fireworks_ai/accounts/fireworks/models/mixtral-8x7b', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'fireworks_ai/accounts/fireworks/models/mixtral-8x22b', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'fireworks_ai/accounts/fireworks/models/qwen2p5-72b', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'vercel_ai_gateway/meta/llama-3.1-70b', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json: reads as the base; only Cerebras' own spelling is aliased
  [['openrouter', 'mistralai/mixtral-8x7b', '2024-04-24'], null], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
  // another size, version or generation
  [['litellm', 'groq/llama-3.2-90b-text-preview', '2024-11-28'], null], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
  [['litellm', 'sambanova/Meta-Llama-3.2-3B-Instruct', '2025-06-02'], null], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
  [['litellm', 'ollama/mistral-7B-Instruct-v0.2', '2025-06-02'], 'mistral-7b-instruct-v0.2'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json: not v0.1
  [['litellm', 'ovhcloud/Mistral-7B-Instruct-v0.3', '2026-02-02'], 'mistral-7b-instruct-v0.3'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'perplexity/mistral-7b-instruct', '2024-07-29'], null], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json: no version, three releases
  [['litellm', 'openrouter/mistralai/mistral-7b-instruct', '2025-06-02'], null], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json: OpenRouter's moving pointer
  [['litellm', 'bedrock/us-west-2/mistral.mistral-7b-instruct', '2024-03-30'], null], // litellm_model_prices_2024-03-30__upstream_89471ba4.json: no revision, no version
  [['litellm', 'together_ai/deepseek-ai/DeepSeek-V3.1', '2026-02-02'], 'deepseek-v3.1'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json: not V3
  [['litellm', 'together_ai/Qwen/Qwen3-235B-A22B-Instruct-2507-tput', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json: the 2507 update
  [['litellm', 'groq/llama-3.1-405b-reasoning', '2024-07-29'], null], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
  [['lmarena', 'Gemma-1.1-7b-it'], null], // lmsys_arena_leaderboard_2024-09-06__4070040f.csv: not Gemma 7B IT
  // vision variants
  [['litellm', 'azure_ai/Llama-3.2-90B-Vision-Instruct', '2024-11-28'], null], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
  [['litellm', 'fireworks_ai/accounts/fireworks/models/llama-v3p2-11b-vision-instruct', '2024-11-28'], null], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
  // distilled into another base
  [['litellm', 'groq/deepseek-r1-distill-llama-70b', '2025-06-02'], null], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
  [['litellm', 'sambanova/DeepSeek-R1-Distill-Llama-70B', '2025-06-02'], null], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
  [['litellm', 'fireworks_ai/accounts/fireworks/models/deepseek-r1-0528-distill-qwen3-8b', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  // quantizations a host names (FP8, Together/DeepInfra -Turbo) stay apart, as in resolve-model.test.ts
  [['litellm', 'together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo', '2025-06-02'], null], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
  [['litellm', 'deepinfra/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'lambda_ai/llama3.3-70b-instruct-fp8', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  [['litellm', 'novita/qwen/qwen3-32b-fp8', '2026-02-02'], null], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  // GPT-4: other models of the line, and names that do not say which snapshot
  [['litellm', 'gpt-4-32k', '2023-11-30'], null], // litellm_model_prices_2023-11-30__upstream_8c1a9f1c.json
  [['litellm', 'gpt-4-vision-preview', '2023-11-30'], null], // litellm_model_prices_2023-11-30__upstream_8c1a9f1c.json
  [['litellm', 'azure/gpt-4', '2024-07-29'], null], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json: an Azure deployment picks its version
  [['litellm', 'azure/gpt-4-turbo', '2024-03-30'], null], // litellm_model_prices_2024-03-30__upstream_89471ba4.json: before 2024-04-09 Azure's GPT-4 Turbo was a preview
  [['litellm', 'vertex_ai/meta/llama3-70b-instruct-maas', '2024-11-28'], null], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json: Llama 3 or 3.1 is not documented
];

// LiteLLM and OpenRouter spellings as `${sheet date}\t${id}` (each case is read at the date of the sheet that lists it); LMArena names as spelled
const recorded: Record<Source, Set<string>> = { litellm: new Set(), openrouter: new Set(), lmarena: new Set() };
for (const [day, f] of Object.entries(LITELLM))
  for (const k of Object.keys(JSON.parse(readFixture(f)) as object)) recorded.litellm.add(`${day}\t${k}`);
for (const [day, f] of Object.entries(OPENROUTER))
  for (const m of (JSON.parse(readFixture(f)) as { data: { id: string }[] }).data)
    recorded.openrouter.add(`${day}\t${m.id}`);
for (const f of readdirSync(fixturePath('lmarena'))) {
  const [header, ...lines] = readFixture(`lmarena/${f}`).split('\n');
  const col = header!.split(',').indexOf('model');
  for (const line of lines) if (line.split(',')[col]) recorded.lmarena.add(line.split(',')[col]!);
}
const isRecorded = (source: Source, id: string, at = ''): boolean =>
  recorded[source].has(source === 'lmarena' ? id : `${at}\t${id}`);

describe('host spellings', () => {
  const cases = Object.entries(SAME_MODEL).flatMap(([model, spellings]) =>
    spellings.map(([source, id, at]) => [source, id, at ?? '', model] as const),
  );

  it('are spellings the fixtures record, in the sheet of the date they are read at', () => {
    for (const [source, id, at] of [...cases, ...NOT_MERGED.map(([s]) => s)])
      expect(isRecorded(source, id, at), `${source} ${id} ${at ?? ''}`).toBe(true);
  });

  it.each(cases)('%s %j (at %j) -> %s', (source, id, at, model) => {
    expect(resolve(source, id, at || undefined)).toBe(model);
  });

  it.each(NOT_MERGED.map(([[source, id, at], model]) => [source, id, at ?? '', model] as const))(
    'not merged: %s %j (at %j) -> %s',
    (source, id, at, model) => {
      expect(resolve(source, id, at || undefined)).toBe(model);
    },
  );
});

describe('moving pointers', () => {
  it('gpt-4 is gpt-4-0314 until OpenAI moved it on 2023-06-27, gpt-4-0613 since; nothing without a date', () => {
    expect(
      ['2023-05-01', '2023-06-26', '2023-06-27', '2026-02-02'].map((at) => resolve('litellm', 'gpt-4', at)),
    ).toEqual(['gpt-4-0314', 'gpt-4-0314', 'gpt-4-0613', 'gpt-4-0613']);
    expect(resolve('openrouter', 'openai/gpt-4', '2023-06-01')).toBe('gpt-4-0314');
    expect(resolve('litellm', 'gpt-4')).toBeNull();
  });

  it('gpt-4-turbo and gpt-4-turbo-preview name nothing before their snapshot existed', () => {
    expect([resolve('litellm', 'gpt-4-turbo', '2024-04-08'), resolve('litellm', 'gpt-4-turbo', '2024-04-09')]).toEqual([
      null,
      'gpt-4-turbo-2024-04-09',
    ]);
    expect([
      resolve('litellm', 'gpt-4-turbo-preview', '2024-01-24'),
      resolve('litellm', 'gpt-4-turbo-preview', '2024-01-25'),
    ]).toEqual([null, 'gpt-4-0125-preview']);
  });

  it("a host alias dated by the host's launch matches only as spelled, from that day", () => {
    // cerebras/llama3.1-70b: litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    expect([
      resolve('litellm', 'cerebras/llama3.1-70b', '2024-08-26'),
      resolve('litellm', 'cerebras/llama3.1-70b', '2024-08-27'),
    ]).toEqual([null, 'llama-3.1-70b-instruct']);
    // mistral.mistral-7b-instruct-v0:2: litellm_model_prices_2024-03-30__upstream_89471ba4.json
    expect(resolve('litellm', 'mistral.mistral-7b-instruct-v0:2', '2024-03-30')).toBe('mistral-7b-instruct-v0.2');
  });
});
