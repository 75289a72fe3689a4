import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelRegistry } from '../../transform/models/model-registry.ts';
import { resolveModel } from '../../transform/models/resolve-model.ts';
import { LITELLM, OPENROUTER, readFixture } from '../helpers/fixtures.ts';

const registry = loadModelRegistry();

// [source, id as the fixture spells it, at?]: LMArena and Aider fixtures live in the shared fixture set (benchmarks/...)
type Spelling = [source: 'litellm' | 'openrouter' | 'lmarena' | 'aider', id: string, at?: string];

const SAME_MODEL: Record<string, Spelling[]> = {
  'gpt-4o': [
    ['litellm', 'gpt-4o'],
    ['litellm', 'azure/gpt-4o'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['openrouter', 'openai/gpt-4o'],
    ['openrouter', 'openai/gpt-4o:extended'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['aider', 'gpt-4o'], // aider_refactor_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'gpt-4o-2024-05-13': [
    ['litellm', 'gpt-4o-2024-05-13'],
    ['litellm', 'openrouter/openai/gpt-4o-2024-05-13'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['openrouter', 'openai/gpt-4o-2024-05-13'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'GPT-4o-2024-05-13'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
    ['aider', 'gpt-4o-2024-05-13'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'gpt-4o-mini-2024-07-18': [
    ['litellm', 'gpt-4o-mini-2024-07-18'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['openrouter', 'openai/gpt-4o-mini-2024-07-18'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'GPT-4o-mini-2024-07-18'], // lmsys_arena_leaderboard_2024-08-01__7683135c.csv
    ['aider', 'gpt-4o-mini-2024-07-18'], // aider_polyglot_leaderboard_2024-12-21__ec448506.yml
  ],
  'o1-2024-12-17': [
    ['litellm', 'o1-2024-12-17'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['lmarena', 'o1-2024-12-17'], // lmsys_arena_leaderboard_2025-01-07__af0bbcf4.csv
    ['aider', 'o1-2024-12-17'], // aider_polyglot_leaderboard_2024-12-21__ec448506.yml
  ],
  'o1-mini-2024-09-12': [
    ['litellm', 'o1-mini-2024-09-12'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['openrouter', 'openai/o1-mini-2024-09-12'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['aider', 'o1-mini-2024-09-12'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'claude-3-opus-20240229': [
    ['litellm', 'claude-3-opus-20240229'],
    ['litellm', 'claude-3-opus-latest'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['openrouter', 'anthropic/claude-3-opus'],
    ['openrouter', 'anthropic/claude-3-opus:beta'], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
    ['lmarena', 'Claude 3 Opus'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
    ['aider', 'claude-3-opus-20240229'], // aider_edit_leaderboard_2024-05-04__e524dd92.csv
  ],
  'claude-3-5-sonnet-20240620': [
    ['litellm', 'claude-3-5-sonnet-20240620'],
    ['litellm', 'vertex_ai/claude-3-5-sonnet@20240620'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['litellm', 'vertex_ai/claude-3-5-sonnet'],
    ['litellm', 'us.anthropic.claude-3-5-sonnet-20240620-v1:0'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['openrouter', 'anthropic/claude-3.5-sonnet-20240620'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['openrouter', 'anthropic/claude-3.5-sonnet', '2024-08-01'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json, read before 2024-10-22
    ['lmarena', 'Claude 3.5 Sonnet'], // lmsys_arena_leaderboard_2024-07-07__65554a1d.csv
    ['lmarena', 'Claude 3.5 Sonnet (20240620)'], // lmsys_arena_leaderboard_2024-11-05__1ac6fdb5.csv
    ['aider', 'claude-3.5-sonnet-20240620'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'claude-3-5-sonnet-20241022': [
    ['litellm', 'claude-3-5-sonnet-20241022'],
    ['litellm', 'us.anthropic.claude-3-5-sonnet-20241022-v2:0'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['litellm', 'vertex_ai/claude-3-5-sonnet-v2@20241022'],
    ['litellm', 'vertex_ai/claude-3-5-sonnet-v2'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['litellm', 'claude-3-5-sonnet-latest', '2025-06-02'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['openrouter', 'anthropic/claude-3.5-sonnet', '2025-02-08'],
    ['openrouter', 'anthropic/claude-3.5-sonnet:beta', '2025-02-08'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'Claude 3.5 Sonnet (20241022)'], // lmsys_arena_leaderboard_2024-11-05__1ac6fdb5.csv
    ['aider', 'claude-3-5-sonnet-20241022'], // aider_polyglot_leaderboard_2024-12-21__ec448506.yml
  ],
  'gemini-1.5-pro': [
    ['litellm', 'gemini-1.5-pro'],
    ['litellm', 'gemini/gemini-1.5-pro'], // litellm_model_prices_2024-03-30__upstream_89471ba4.json
    ['openrouter', 'google/gemini-pro-1.5'], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
  ],
  'gemini-1.5-pro-002': [
    ['litellm', 'gemini-1.5-pro-002'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['lmarena', 'Gemini-1.5-Pro-002'], // lmsys_arena_leaderboard_2024-10-08__d4e2bdff.csv
    ['aider', 'gemini-1.5-pro-002'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'gemini-2.0-flash-exp': [
    ['litellm', 'gemini-2.0-flash-exp'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['lmarena', 'Gemini-2.0-Flash-Exp'], // lmsys_arena_leaderboard_2025-01-07__af0bbcf4.csv
    ['aider', 'gemini-2.0-flash-exp'], // aider_polyglot_leaderboard_2025-04-20__230e5065.yml
  ],
  'llama-3-70b-instruct': [
    ['litellm', 'openrouter/meta-llama/llama-3-70b-instruct'],
    ['litellm', 'meta.llama3-70b-instruct-v1:0'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['openrouter', 'meta-llama/llama-3-70b-instruct'],
    ['openrouter', 'meta-llama/llama-3-70b-instruct:nitro'], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json
    ['lmarena', 'Llama-3-70b-Instruct'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
  ],
  'llama-3.1-405b-instruct': [
    ['litellm', 'meta.llama3-1-405b-instruct-v1:0'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['litellm', 'deepinfra/meta-llama/Meta-Llama-3.1-405B-Instruct'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['openrouter', 'meta-llama/llama-3.1-405b-instruct'],
    ['openrouter', 'meta-llama/llama-3.1-405b-instruct:free'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'Meta-Llama-3.1-405b-Instruct'], // lmsys_arena_leaderboard_2024-08-01__7683135c.csv
    ['aider', 'llama-3.1-405b-instruct (diff)'],
    ['aider', 'llama-3.1-405b-instruct (whole)'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'llama-3.1-70b-instruct': [
    ['litellm', 'us.meta.llama3-1-70b-instruct-v1:0'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['openrouter', 'meta-llama/llama-3.1-70b-instruct'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'Meta-Llama-3.1-70B-Instruct'], // lmsys_arena_leaderboard_2024-11-05__1ac6fdb5.csv
    ['aider', 'llama-3.1-70b-instruct'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'mistral-large-2407': [
    ['litellm', 'mistral/mistral-large-2407'],
    ['litellm', 'vertex_ai/mistral-large@2407'],
    ['litellm', 'mistral.mistral-large-2407-v1:0'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
    ['litellm', 'azure_ai/mistral-large-2407'],
    ['litellm', 'ollama/mistral-large-instruct-2407'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['openrouter', 'mistralai/mistral-large-2407'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'Mistral-Large-2407'], // lmsys_arena_leaderboard_2024-09-06__4070040f.csv
    ['aider', 'Mistral Large 2 (2407)'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'mistral-large-2411': [
    ['litellm', 'mistral/mistral-large-2411'],
    ['litellm', 'vertex_ai/mistral-large-2411'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['openrouter', 'mistralai/mistral-large-2411'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'Mistral-Large-2411'], // lmsys_arena_leaderboard_2024-12-03__6caa1ea6.csv
    ['aider', 'Mistral Large (2411)'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'codestral-2501': [
    ['litellm', 'vertex_ai/codestral-2501'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['openrouter', 'mistralai/codestral-2501'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['aider', 'Codestral 25.01'], // aider_polyglot_leaderboard_2025-04-20__230e5065.yml
  ],
  'deepseek-v3': [
    ['litellm', 'together_ai/deepseek-ai/DeepSeek-V3'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['lmarena', 'DeepSeek-V3'], // lmsys_arena_leaderboard_2025-01-07__af0bbcf4.csv
  ],
  'deepseek-v3-0324': [
    ['litellm', 'deepseek/deepseek-chat', '2025-06-02'],
    ['litellm', 'azure_ai/deepseek-v3-0324'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['aider', 'DeepSeek V3 (0324)'], // aider_polyglot_leaderboard_2025-04-20__230e5065.yml
  ],
  'deepseek-r1-0528': [
    ['litellm', 'deepseek/deepseek-reasoner', '2025-06-02'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['litellm', 'deepinfra/deepseek-ai/DeepSeek-R1-0528'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
  ],
  'deepseek-r1': [
    ['litellm', 'deepseek/deepseek-r1'],
    ['litellm', 'together_ai/deepseek-ai/DeepSeek-R1'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
    ['aider', 'DeepSeek R1'], // aider_polyglot_leaderboard_2025-04-20__230e5065.yml
  ],
  'qwen2.5-72b-instruct': [
    ['litellm', 'deepinfra/Qwen/Qwen2.5-72B-Instruct'], // litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json
    ['openrouter', 'qwen/qwen-2.5-72b-instruct'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'Qwen2.5-72b-Instruct'], // lmsys_arena_leaderboard_2024-10-08__d4e2bdff.csv
    ['lmarena', 'Qwen2.5-72B-Instruct'], // lmsys_arena_leaderboard_2024-11-05__1ac6fdb5.csv
  ],
  'qwen2.5-coder-32b-instruct': [
    ['litellm', 'openrouter/qwen/qwen-2.5-coder-32b-instruct'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['openrouter', 'qwen/qwen-2.5-coder-32b-instruct'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    ['lmarena', 'Qwen2.5-Coder-32B-Instruct'], // lmsys_arena_leaderboard_2024-12-03__6caa1ea6.csv
    ['aider', 'Qwen2.5-Coder-32B-Instruct'],
    ['aider', 'openrouter/qwen/qwen-2.5-coder-32b-instruct'], // aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  ],
  'grok-2-1212': [
    ['litellm', 'xai/grok-2-1212'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['openrouter', 'x-ai/grok-2-1212'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
  ],
  'grok-3': [
    ['litellm', 'xai/grok-3'],
    ['litellm', 'xai/grok-3-beta'], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
    ['aider', 'Grok 3 Beta'], // aider_polyglot_leaderboard_2025-04-20__230e5065.yml
  ],
  'chatgpt-4o-2024-11-20': [
    ['litellm', 'chatgpt-4o-latest', '2024-11-28'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    ['lmarena', 'ChatGPT-4o-latest (2024-11-20)'], // lmsys_arena_leaderboard_2024-12-03__6caa1ea6.csv
  ],
};

// near misses: each must resolve to exactly this (null = unresolved), never to its neighbour
const NOT_MERGED: [Spelling, string | null][] = [
  [['litellm', 'gpt-4o-mini'], 'gpt-4o-mini'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
  [['openrouter', 'openai/gpt-4o-mini'], 'gpt-4o-mini'], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
  [['litellm', 'gpt-4o-2024-08-06'], 'gpt-4o-2024-08-06'], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json: a date is never dropped
  [['litellm', 'o1-preview-2024-09-12'], null], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json: unregistered snapshot, no fallback to o1-preview
  [['litellm', 'gpt-4o-audio-preview-2024-10-01'], null], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json: no prefix match to gpt-4o
  [['lmarena', 'Claude 3.5 Sonnet (20240620)'], 'claude-3-5-sonnet-20240620'], // lmsys_arena_leaderboard_2024-11-05__1ac6fdb5.csv
  [['lmarena', 'Mistral-Large-2402'], 'mistral-large-2402'], // lmsys_arena_leaderboard_2024-06-19__3792cf00.csv
  [['litellm', 'mistral/mistral-large-latest'], null], // litellm_model_prices_2024-03-30__upstream_89471ba4.json: moving pointer, no date
  [['openrouter', 'mistralai/mistral-large'], null], // openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json: undated, not registered
  [['litellm', 'vertex_ai/mistral-large@2411-001'], null], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json: no suffix stripping
  [['litellm', 'gemini-1.5-pro-001'], 'gemini-1.5-pro-001'], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
  [['lmarena', 'Gemini-1.5-Pro-Exp-0827'], null], // lmsys_arena_leaderboard_2024-09-06__4070040f.csv
  [['aider', 'gemini/gemini-1.5-pro-latest'], null], // aider_refactor_leaderboard_HEAD-2026-05-22__5dc9490b.yml
  [['lmarena', 'Meta-Llama-3.1-70b-Instruct'], 'llama-3.1-70b-instruct'], // lmsys_arena_leaderboard_2024-08-01__7683135c.csv
  [['lmarena', 'Meta-Llama-3.1-405B-Instruct-fp8'], null], // lmsys_arena_leaderboard_2024-11-05__1ac6fdb5.csv: a quantization is not merged
  [['litellm', 'groq/llama-3.1-405b-reasoning'], null], // litellm_model_prices_2024-07-29__upstream_8e24c3c9.json
  [['litellm', 'together_ai/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo'], null], // litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json
  [['openrouter', 'deepseek/deepseek-chat'], null], // openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json: OpenRouter's pointer is not DeepSeek's
  [['litellm', 'deepseek-chat', '2024-11-28'], null], // litellm_model_prices_2024-11-28__upstream_2d2931a2.json: V2.5 then, not registered
  [['aider', 'deepseek-chat', '2024-12-21'], null], // aider_polyglot_leaderboard_2024-12-21__ec448506.yml: before V3
  [['aider', 'DeepSeek R1 + claude-3-5-sonnet-20241022'], null], // aider_polyglot_leaderboard_2025-04-20__230e5065.yml
  [['aider', 'chatgpt-4o-latest (2025-02-15)'], null], // aider_polyglot_leaderboard_2025-04-20__230e5065.yml: a build not registered
  [['lmarena', 'Yi-Lightning'], null], // lmsys_arena_leaderboard_2024-11-05__1ac6fdb5.csv: unknown model
];

const idsIn = (source: Spelling[0]): Set<string> => {
  const ids = new Set<string>();
  if (source === 'litellm')
    for (const f of Object.values(LITELLM))
      for (const k of Object.keys(JSON.parse(readFixture(f)) as object)) ids.add(k);
  if (source === 'openrouter')
    for (const f of Object.values(OPENROUTER))
      for (const m of (JSON.parse(readFixture(f)) as { data: { id: string }[] }).data) ids.add(m.id);
  return ids;
};

describe('resolveModel', () => {
  const cases = Object.entries(SAME_MODEL).flatMap(([model, spellings]) => spellings.map((s) => ({ model, s })));

  it('covers at least 24 spellings over all four sources', () => {
    expect(cases.length).toBeGreaterThanOrEqual(24);
    expect(new Set(cases.map((c) => c.s[0]))).toEqual(new Set(['litellm', 'openrouter', 'lmarena', 'aider']));
  });

  it('LiteLLM and OpenRouter spellings are the recorded ones', () => {
    const recorded = { litellm: idsIn('litellm'), openrouter: idsIn('openrouter') };
    for (const [source, id] of [...cases.map((c) => c.s), ...NOT_MERGED.map(([s]) => s)]) {
      if (source === 'litellm' || source === 'openrouter')
        expect(recorded[source].has(id), `${source} ${id}`).toBe(true);
    }
  });

  it.each(cases.map(({ model, s: [source, id, at] }) => [source, id, at ?? '', model]))(
    '%s %j (at %j) -> %s',
    (source, id, at, model) => {
      expect(resolveModel(registry, { source, id, ...(at ? { at } : {}) })).toMatchObject({ model_id: model });
    },
  );

  it.each(NOT_MERGED.map(([[source, id, at], model]) => [source, id, at ?? '', model]))(
    'near miss: %s %j (at %j) -> %s',
    (source, id, at, model) => {
      const r = resolveModel(registry, { source, id, ...(at ? { at } : {}) });
      if (model === null) expect(r).toEqual({ model_id: null, reason: expect.any(String) });
      else expect(r).toMatchObject({ model_id: model });
    },
  );

  it('a *-latest alias names a different snapshot at each date, and nothing without a date or past its last range', () => {
    // chatgpt-4o-latest: litellm_model_prices_2024-11-28__upstream_2d2931a2.json
    const chatgpt = (at?: string) =>
      resolveModel(registry, { source: 'litellm', id: 'chatgpt-4o-latest', ...(at ? { at } : {}) });
    expect(chatgpt('2024-08-20')).toEqual({ model_id: 'chatgpt-4o-2024-08-08', how: 'alias' });
    expect(chatgpt('2024-09-03T12:00:00Z')).toEqual({ model_id: 'chatgpt-4o-2024-09-03', how: 'alias' });
    expect(chatgpt('2024-12-01')).toEqual({ model_id: 'chatgpt-4o-2024-11-20', how: 'alias' });
    expect(chatgpt('2025-06-01')).toEqual({
      model_id: null,
      reason: expect.stringMatching(/nothing is registered for 2025-06-01/),
    });
    expect(chatgpt()).toEqual({ model_id: null, reason: expect.stringMatching(/no date was given/) });
    // mistral/mistral-large-latest: litellm_model_prices_2024-03-30__upstream_89471ba4.json
    const large = (at: string) =>
      resolveModel(registry, { source: 'litellm', id: 'mistral/mistral-large-latest', at }).model_id;
    expect([large('2024-04-01'), large('2024-07-24'), large('2025-01-01')]).toEqual([
      'mistral-large-2402',
      'mistral-large-2407',
      'mistral-large-2411',
    ]);
    // OpenRouter's undated id moved too: openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json
    const or = (at: string) =>
      resolveModel(registry, { source: 'openrouter', id: 'anthropic/claude-3.5-sonnet', at }).model_id;
    expect([or('2024-10-21'), or('2024-10-22')]).toEqual(['claude-3-5-sonnet-20240620', 'claude-3-5-sonnet-20241022']);
  });

  it('says how it matched, and rejects a bad date', () => {
    expect(resolveModel(registry, { source: 'lmarena', id: 'Claude 3 Opus' })).toEqual({
      model_id: 'claude-3-opus-20240229',
      how: 'alias',
    });
    expect(resolveModel(registry, { source: 'lmarena', id: 'GPT-4o-2024-05-13' })).toEqual({
      model_id: 'gpt-4o-2024-05-13',
      how: 'normalized',
    });
    expect(resolveModel(registry, { source: 'lmarena', id: 'Yi-Lightning' })).toEqual({
      model_id: null,
      reason: expect.stringMatching(/yi-lightning/),
    });
    expect(resolveModel(registry, { source: 'litellm', id: 'chatgpt-4o-latest', at: '2024-13-01' })).toEqual({
      model_id: null,
      reason: expect.stringMatching(/not an ISO date/),
    });
  });
});

const MODELS_HEADER = 'model_id,display_name,organization,family,release_date,open_weights,reasoning';
const ALIASES_HEADER = 'source,alias,model_id,valid_from,valid_to,note';
const files = (models: string[], aliases: string[]): [string, string] => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebar-models-'));
  const m = path.join(dir, 'models.csv');
  const a = path.join(dir, 'model-aliases.csv');
  writeFileSync(m, [MODELS_HEADER, ...models].join('\n'));
  writeFileSync(a, [ALIASES_HEADER, ...aliases].join('\n'));
  return [m, a];
};
const loadError = (models: string[], aliases: string[] = [], aliasSources?: string[]): string => {
  try {
    loadModelRegistry(...files(models, aliases), aliasSources);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
};
const GPT4O = 'gpt-4o,GPT-4o,openai,gpt-4o,2024-05-13,false,false';

describe('model registry', () => {
  it('loads the reviewed files', () => {
    expect(registry.models.size).toBeGreaterThanOrEqual(40);
    expect(registry.models.get('mistral-large-2407')).toMatchObject({
      organization: 'mistral',
      open_weights: true,
      reasoning: false,
      release_date: '2024-07-24',
    });
    expect(new Set([...registry.models.values()].map((m) => m.organization))).toEqual(
      new Set(['openai', 'anthropic', 'google', 'meta', 'mistral', 'deepseek', 'alibaba', 'xai']),
    );
  });

  it('refuses bad model rows with file and line', () => {
    const message = loadError([
      GPT4O,
      'GPT-4o-mini,GPT-4o mini,OpenAI,gpt-4o-mini,2024-07-18,false,false',
      'o1,o1,openai,o1,2024-13-05,yes,true',
      'gpt-4o,GPT-4o again,openai,gpt-4o,,false,false',
      'gpt.4o,GPT dot 4o,openai,gpt-4o,,false,false',
    ]);
    expect(message).toMatch(
      /models\.csv line 3: model_id: lowercase letters, digits, dots and hyphens; organization: a lowercase id/,
    );
    expect(message).toMatch(/models\.csv line 4: release_date: YYYY-MM-DD or empty; open_weights: true or false/);
    expect(message).toMatch(/models\.csv line 5: gpt-4o already on line 2/);
    expect(message).toMatch(/models\.csv line 6: gpt\.4o reads the same as gpt-4o on line 2/);
  });

  it('refuses aliases to unknown models, overlapping validity and bad ranges', () => {
    const message = loadError(
      [GPT4O, 'gpt-4o-mini,GPT-4o mini,openai,gpt-4o-mini,,false,false'],
      [
        'litellm,gpt4o,gpt-4o,,,',
        'litellm,gpt-4-omni,gpt-5,,,',
        '*,gpt-latest,gpt-4o,2024-01-01,2024-06-01,',
        '*,gpt-latest,gpt-4o-mini,2024-05-01,,',
        'aider,GPT 4o,gpt-4o-mini,,,',
        'lmarena,x,gpt-4o,2024-06-01,2024-06-01,',
        'nowhere,y,gpt-4o,,,',
      ],
      ['litellm', 'openrouter', 'lmarena', 'aider'],
    );
    expect(message).toMatch(/model-aliases\.csv line 3: model_id gpt-5 is not in .*models\.csv/);
    expect(message).toMatch(/model-aliases\.csv line 5: \* alias "gpt-latest" overlaps the validity of line 4/);
    expect(message).toMatch(
      /model-aliases\.csv line 6: alias "GPT 4o" reads as model gpt-4o but points to gpt-4o-mini/,
    );
    expect(message).toMatch(/model-aliases\.csv line 7: valid_to: valid_from must be before valid_to/);
    expect(message).toMatch(/model-aliases\.csv line 8: source nowhere is not a source that contributes aliases/);
    expect(message).not.toMatch(/line 2:/);
  });

  it('refuses a file without its columns', () => {
    const [m, a] = files([GPT4O], []);
    writeFileSync(a, 'source,alias,model_id\n*,x,gpt-4o\n');
    expect(() => loadModelRegistry(m, a)).toThrow(/model-aliases\.csv lacks columns valid_from, valid_to, note/);
  });
});
