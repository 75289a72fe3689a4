import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { normalizePrice } from '../../../transform/normalize-price.ts';
import { transformDocument } from '../../../transform/transform-document.ts';
import { priceTransformer } from '../../../ingest/sources/index.ts';
import { parseLitellm } from '../../../ingest/sources/litellm/parse.ts';
import { parseOpenrouter } from '../../../ingest/sources/openrouter/parse.ts';
import { rawDocument } from '../../helpers/documents.ts';
import { LITELLM, OPENROUTER, readFixture } from '../../helpers/fixtures.ts';

const ctx = { source: 's', url: 'u', observed_at: '2025-02-08T00:00:00.000Z', content_hash: 'h' };

function usd(points: ReturnType<typeof parseOpenrouter>['rows'], id: string, tokenClass: string): string | undefined {
  const p = points.find(
    (x) =>
      x.source_model_id === id &&
      x.token_class === tokenClass &&
      x.service_tier === 'standard' &&
      x.context_tier === 'base',
  );
  if (!p) return undefined;
  const n = normalizePrice(p, ctx);
  return n.ok ? n.observation.usd_per_mtok : `rejected: ${n.reject.reason}`;
}

describe('OpenRouter /api/v1/models', () => {
  const or = parseOpenrouter(readFixture(OPENROUTER['2025-02-08'])).rows;
  const lite = parseLitellm(readFixture(LITELLM['2024-11-28'])).rows;

  it.each([
    ['openai/gpt-4o', 'gpt-4o', '2.5', '10'],
    ['deepseek/deepseek-chat', 'deepseek-chat', '0.14', '0.28'],
    ['anthropic/claude-2.1', 'claude-2.1', '8', '24'],
    ['openai/o1-preview', 'o1-preview', '15', '60'],
  ])('%s per-token strings give the USD per 1M that LiteLLM gives for %s', (orId, liteId, input, output) => {
    expect(usd(or, orId, 'input')).toBe(input);
    expect(usd(or, orId, 'output')).toBe(output);
    expect(usd(lite, liteId, 'input')).toBe(input);
    expect(usd(lite, liteId, 'output')).toBe(output);
  });

  it('canonical model ids meet across the two sources', () => {
    expect(or.find((p) => p.source_model_id === 'openai/gpt-4o')?.model).toBe('gpt-4o');
    expect(or.find((p) => p.source_model_id === 'openai/gpt-4o')?.provider).toBe('openrouter');
    expect(or.find((p) => p.source_model_id === 'openai/gpt-4o')?.source_provider).toBe('openai');
  });

  it("openrouter/auto's -1 sentinel is a negative price, rejected", () => {
    expect(usd(or, 'openrouter/auto', 'input')).toBe('rejected: negative_price');
  });

  it('per-image and per-request prices are counted as skipped', () => {
    const sheet = parseOpenrouter(readFixture(OPENROUTER['2024-04-24']));
    expect(sheet.skipped).toEqual({ 'non_token_unit:image': 138, 'non_token_unit:request': 138 });
  });

  it('a document without a data array is a permanent error', () => {
    expect(() => parseOpenrouter('{"models": []}')).toThrow(PermanentError);
    expect(() => parseOpenrouter('{"data": [')).toThrow(PermanentError);
  });
});

// the full list with output_modalities=all, 549 models: overrides, 1h cache writes, image/audio tokens, :batch, STT/TTS
const OPENROUTER_2026_08_19 =
  'openrouter/openrouter_api_v1_models_2026-08-19__anuran-roy-unified-llm-pricing_ef05c3be.json';

describe('OpenRouter /api/v1/models, 2026-08-19 recording', () => {
  const payload = readFixture(OPENROUTER_2026_08_19);
  const at = '2026-08-19T00:00:00.000Z';
  const result = transformDocument(
    rawDocument('openrouter', payload, at),
    priceTransformer('openrouter'),
    new Date(at),
  );
  const obs = result.observations;
  const tally = (keys: string[]): Record<string, number> =>
    keys.reduce<Record<string, number>>((a, k) => ((a[k] = (a[k] ?? 0) + 1), a), {});
  const price = (id: string, tokenClass: string, contextTier = 'base'): string | undefined =>
    obs.find((o) => o.source_model_id === id && o.token_class === tokenClass && o.context_tier === contextTier)
      ?.usd_per_mtok;

  it("dead-letters as bad only the routers' -1 placeholders: every other field is priced or a price in another unit", () => {
    const letters = result.deadLetters
      .filter((d) => d.reason !== 'non_token_unit')
      .map((d) => [...d.record_ref.split('#'), d.reason])
      .sort();
    expect(letters).toEqual(
      ['auto', 'auto-beta', 'bodybuilder', 'fusion', 'pareto-code'].flatMap((m) => [
        [`openrouter/${m}`, 'pricing.completion', 'negative_price'],
        [`openrouter/${m}`, 'pricing.prompt', 'negative_price'],
      ]),
    );
    expect(parseOpenrouter(payload).rejects.filter((r) => r.reason !== 'non_token_unit')).toEqual([]);
    // per search, per image, per second of audio, per character: dead-lettered with the unit named
    const units = result.deadLetters
      .filter((d) => d.reason === 'non_token_unit')
      .map((d) => /per (\w+)/.exec(d.detail)![1]!);
    expect(tally(units)).toEqual({ query: 160, image: 37, audio_duration: 34, character: 34 });
    expect(result.skipped).toEqual({
      'non_token_unit:query': 160, // web_search, per search
      'non_token_unit:image': 37, // per input image
      'non_token_unit:audio_duration': 34, // speech-to-text models: prompt and completion of 17
      'non_token_unit:character': 34, // text-to-speech models: prompt and completion of 17
      'same_as:image_output': 28, // image_token at the model's image_output price
      time_of_day_price: 24, // DeepSeek's utc_start/utc_end overrides: 2 models x 4 windows x 3 prices
    });
  });

  it('prices land in their token class, context tier and service tier', () => {
    expect(obs).toHaveLength(1725);
    expect(tally(obs.map((o) => o.token_class))).toEqual({
      input: 574,
      output: 574,
      cache_read: 294,
      cache_write: 96,
      image_output: 43,
      audio_input: 43,
      cache_write_1h: 35,
      audio_cache_read: 34,
      reasoning: 30,
      audio_output: 2,
    });
    expect(tally(obs.map((o) => o.context_tier))).toEqual({
      base: 1510,
      above_200k: 74,
      above_272k: 69,
      above_128k: 27,
      above_256k: 27,
      above_32k: 18,
    });
    expect(tally(obs.map((o) => o.service_tier))).toEqual({ standard: 1455, batch: 270 });
  });

  it("gemini-2.5-pro's override for prompts past 200K tokens is its above_200k tier", () => {
    const id = 'google/gemini-2.5-pro';
    expect(price(id, 'input')).toBe('1.25');
    expect(price(id, 'output')).toBe('10');
    expect(price(id, 'input', 'above_200k')).toBe('2.5');
    expect(price(id, 'output', 'above_200k')).toBe('15');
    expect(price(id, 'cache_read', 'above_200k')).toBe('0.25');
    expect(price(id, 'audio_input', 'above_200k')).toBe('2.5');
    expect(price(id, 'audio_cache_read', 'above_200k')).toBe('0.25');
    expect(obs.find((o) => o.source_model_id === id && o.context_tier === 'above_200k')).toMatchObject({
      model: 'gemini-2.5-pro',
      service_tier: 'standard',
      source_field: 'pricing.overrides[0].prompt',
    });
  });

  it("claude-sonnet-4's 1-hour cache write is cache_write_1h at Anthropic's 6 USD per 1M", () => {
    const id = 'anthropic/claude-sonnet-4';
    expect(price(id, 'cache_write_1h')).toBe('6');
    expect(price(id, 'cache_write')).toBe('3.75');
    expect(price(id, 'cache_write_1h', 'above_200k')).toBe('12');
  });

  it('image and audio token prices are their own token classes', () => {
    expect(price('openai/gpt-image-1', 'image_output')).toBe('40');
    expect(price('google/gemini-2.5-flash-image', 'image_output')).toBe('30');
    expect(price('openai/gpt-audio', 'audio_output')).toBe('64');
    expect(price('openai/gpt-audio', 'audio_input')).toBe('32');
    expect(price('google/gemini-2.5-pro', 'audio_cache_read')).toBe('0.125');
    // image_token repeats image_output: one series, from image_output
    expect(
      obs.filter((o) => o.source_model_id === 'microsoft/mai-image-2.5-pro' && o.token_class === 'image_output'),
    ).toMatchObject([{ usd_per_mtok: '108', source_field: 'pricing.image_output' }]);
  });

  it("a ':batch' id is the batch tier of its base model", () => {
    const batch = obs.filter((o) => o.source_model_id === 'anthropic/claude-haiku-4.5:batch');
    const base = obs.filter((o) => o.source_model_id === 'anthropic/claude-haiku-4.5');
    expect(batch.map((o) => [o.token_class, o.service_tier, o.model, o.usd_per_mtok])).toEqual([
      ['input', 'batch', 'claude-haiku-4.5', '0.5'],
      ['output', 'batch', 'claude-haiku-4.5', '2.5'],
      ['cache_read', 'batch', 'claude-haiku-4.5', '0.05'],
      ['cache_write', 'batch', 'claude-haiku-4.5', '0.625'],
      ['cache_write_1h', 'batch', 'claude-haiku-4.5', '1'],
    ]);
    expect(new Set(base.map((o) => [o.service_tier, o.model].join()))).toEqual(new Set(['standard,claude-haiku-4.5']));
    expect(batch[0]!.source_provider).toBe('anthropic');
    expect(batch[0]!.series_key).toContain('anthropic/claude-haiku-4.5:batch|input|batch|');
    const batchIds = obs.filter((o) => o.source_model_id.endsWith(':batch'));
    expect(new Set(batchIds.map((o) => o.service_tier))).toEqual(new Set(['batch']));
    expect(new Set(batchIds.map((o) => o.source_model_id)).size).toBe(63);
  });

  it("a ':batch' id resolves to its base model's registry id, so the batch tier sits beside the standard one", () => {
    const batch = obs.filter((o) => o.source_model_id.endsWith(':batch') && o.token_class === 'input');
    const baseOf = (id: string) =>
      obs.find((o) => o.source_model_id === id.replace(/:batch$/, '') && o.token_class === 'input')?.model_id;
    const resolved = batch.filter((o) => baseOf(o.source_model_id));
    expect(resolved.length).toBeGreaterThan(0);
    for (const o of resolved)
      expect([o.source_model_id, o.model_id]).toEqual([o.source_model_id, baseOf(o.source_model_id)]);
    expect(batch.find((o) => o.source_model_id === 'openai/gpt-4-turbo:batch')!.model_id).toBe(
      'gpt-4-turbo-2024-04-09',
    );
  });

  it('speech-to-text and text-to-speech prices per audio duration or character are not token prices', () => {
    for (const id of ['openai/whisper-1', 'mistralai/voxtral-mini-3b-2507', 'deepgram/aura-2', 'google/chirp-3'])
      expect(obs.filter((o) => o.source_model_id === id)).toEqual([]);
    // the token-priced ones publish an output-token price and stay
    expect(price('openai/gpt-4o-transcribe', 'input')).toBe('2.5');
    expect(price('openai/gpt-4o-transcribe', 'output')).toBe('10');
    expect(price('google/gemini-3.1-flash-tts-preview', 'output')).toBe('20');
  });

  it('time-of-day overrides are counted, not priced: DeepSeek keeps its listed price only', () => {
    const deepseek = obs.filter((o) => o.source_model_id === 'deepseek/deepseek-v4-pro');
    expect(deepseek.map((o) => [o.token_class, o.context_tier, o.usd_per_mtok])).toEqual([
      ['input', 'base', '0.66'],
      ['output', 'base', '1.98'],
      ['cache_read', 'base', '0.022'],
    ]);
    expect(result.skipped.time_of_day_price).toBe(24);
    expect(result.deadLetters.filter((d) => d.record_ref.startsWith('deepseek/'))).toEqual([]);
  });

  it('an override with a threshold off the thousands or an unknown condition is rejected with its reason', () => {
    // the recorded gemini-2.5-pro entry, its override's condition altered
    const gemini = JSON.parse(payload).data.find((m: { id: string }) => m.id === 'google/gemini-2.5-pro');
    const [override] = gemini.pricing.overrides;
    const { min_prompt_tokens: _, ...prices } = override;
    gemini.pricing.overrides = [
      { ...override, min_prompt_tokens: 200001 },
      { ...prices, min_completion_tokens: 200000 },
    ];
    const sheet = parseOpenrouter(JSON.stringify({ data: [gemini] }));
    expect(sheet.rejects.filter((r) => r.reason !== 'non_token_unit').map((r) => [r.record_ref, r.reason])).toEqual([
      ['google/gemini-2.5-pro#overrides[0].min_prompt_tokens', 'unknown_tier_threshold'],
      ['google/gemini-2.5-pro#overrides[1]', 'unknown_condition'],
    ]);
    expect(sheet.rows.filter((r) => r.context_tier !== 'base')).toEqual([]);
  });
});
