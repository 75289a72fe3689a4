import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { normalizePrice } from '../../../transform/normalize-price.ts';
import { parseLitellm } from '../../../ingest/sources/litellm/parse.ts';
import { litellmFieldMeaning } from '../../../ingest/sources/litellm/fields.ts';
import { LITELLM, readFixture } from '../../helpers/fixtures.ts';

const ctx = {
  source: 'litellm',
  url: 'https://example.test/sheet.json',
  observed_at: '2024-07-29T00:00:00.000Z',
  content_hash: 'sha256:x',
};

function prices(date: keyof typeof LITELLM): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of parseLitellm(readFixture(LITELLM[date])).rows) {
    const n = normalizePrice(p, ctx);
    if (n.ok)
      out.set(`${p.source_model_id}#${p.token_class}#${p.service_tier}#${p.context_tier}`, n.observation.usd_per_mtok);
  }
  return out;
}

describe('LiteLLM sheet', () => {
  it('2024-07-29: gpt-4o 5 / 15 and gpt-4o-mini 0.15 / 0.60 USD per 1M', () => {
    const p = prices('2024-07-29');
    expect(p.get('gpt-4o#input#standard#base')).toBe('5');
    expect(p.get('gpt-4o#output#standard#base')).toBe('15');
    expect(p.get('gpt-4o-mini#input#standard#base')).toBe('0.15');
    expect(p.get('gpt-4o-mini#output#standard#base')).toBe('0.6');
  });

  it('2024-11-28: gpt-4o 2.50 / 10; 2023-11-30: gpt-4 30 / 60', () => {
    expect(prices('2024-11-28').get('gpt-4o#input#standard#base')).toBe('2.5');
    expect(prices('2024-11-28').get('gpt-4o#output#standard#base')).toBe('10');
    expect(prices('2023-11-30').get('gpt-4#output#standard#base')).toBe('60');
  });

  it('keeps tiers apart: batch, flex, priority, cache, context above 200k', () => {
    const p = prices('2026-02-02');
    const gpt5 = [...p.keys()].filter((k) => k.startsWith('gpt-5#'));
    expect(gpt5).toEqual(
      expect.arrayContaining([
        'gpt-5#input#standard#base',
        'gpt-5#input#flex#base',
        'gpt-5#input#priority#base',
        'gpt-5#cache_read#standard#base',
      ]),
    );
    const above = [...p.keys()].filter((k) => k.endsWith('#above_200k'));
    expect(above.length).toBeGreaterThan(10);
  });

  it('reads the region from bedrock and azure ids', () => {
    const sheet = parseLitellm(readFixture(LITELLM['2026-02-02']));
    const eu = sheet.rows.find((p) => p.source_model_id === 'azure/eu/gpt-4o-2024-08-06' && p.token_class === 'input');
    expect(eu?.region).toBe('eu');
    expect(eu?.provider).toBe('azure');
    expect(eu?.model).toBe('gpt-4o-2024-08-06');
  });

  it('dead-letters per-image, per-second and per-character prices as non_token_unit with the unit named, never as token prices', () => {
    const sheet = parseLitellm(readFixture(LITELLM['2024-07-29']));
    expect(sheet.skipped['non_token_unit:character']).toBe(94);
    expect(sheet.rows.some((p) => /character|image$|second|pixel/.test(p.source_field))).toBe(false);
    expect(new Set(sheet.rejects.map((r) => r.reason))).toEqual(new Set(['non_token_unit']));
    const nonToken = Object.entries(sheet.skipped).filter(([k]) => /^(non_token_unit|not_token_priced):/.test(k));
    expect(sheet.rejects).toHaveLength(nonToken.reduce((n, [, v]) => n + v, 0));
    expect(sheet.rejects.find((r) => r.record_ref === 'gemini-1.5-pro#input_cost_per_character')).toMatchObject({
      detail: 'input_cost_per_character = 0.00000125 is priced per character, not per token',
    });
  });

  it('2026-02-02: image-generation entries priced "per token" per step or as a placeholder are counted, not stored', () => {
    const sheet = parseLitellm(readFixture(LITELLM['2026-02-02']));
    const fields = (id: string): string[] =>
      sheet.rows.filter((p) => p.source_model_id === id).map((p) => p.source_field);
    // Fireworks' image models: 1.3e-10 "per token" is $0.00013 per inference step; DALL-E 3 on Azure: a 0 beside its per-pixel price
    expect(fields('fireworks_ai/accounts/fireworks/models/SSD-1B')).toEqual([]);
    expect(fields('fireworks_ai/accounts/fireworks/models/stable-diffusion-xl-1024-v1-0')).toEqual([]);
    expect(fields('azure/standard/1024-x-1024/dall-e-3')).toEqual([]);
    // 9 Fireworks entries with input and output, 7 DALL-E entries with output
    expect(sheet.skipped['not_token_priced:image_generation']).toBe(25);
    expect(sheet.skipped['non_token_unit:pixel']).toBe(83);
    // image models billed per token (they price image tokens) keep their token prices
    expect(fields('gpt-image-1')).toEqual(
      expect.arrayContaining(['input_cost_per_token', 'input_cost_per_image_token', 'output_cost_per_image_token']),
    );
    expect(fields('gemini-2.5-flash-image')).toEqual(expect.arrayContaining(['output_cost_per_image_token']));
    // token-priced modes keep theirs: transcription, speech, rerank
    expect(fields('gpt-4o-transcribe')).toEqual(
      expect.arrayContaining(['input_cost_per_token', 'input_cost_per_audio_token']),
    );
    expect(fields('gpt-4o-mini-tts')).toEqual(expect.arrayContaining(['output_cost_per_audio_token']));
    expect(fields('voyage/rerank-2')).toEqual(['input_cost_per_token', 'output_cost_per_token']);
  });

  it('2024-07-29: the 7 DALL-E entries on Azure store no "free" output token price', () => {
    const sheet = parseLitellm(readFixture(LITELLM['2024-07-29']));
    expect(
      sheet.rows.filter((p) => p.source_model_id.endsWith('/dall-e-3') || p.source_model_id.endsWith('/dall-e-2')),
    ).toEqual([]);
    expect(sheet.skipped['not_token_priced:image_generation']).toBe(7);
  });

  it.each([
    ['input_cost_per_token', 'input', 'standard', 'base', 'per_token'],
    ['output_cost_per_token_batches', 'output', 'batch', 'base', 'per_token'],
    ['input_cost_per_token_above_128k_tokens', 'input', 'standard', 'above_128k', 'per_token'],
    ['cache_read_input_token_cost_above_200k_tokens', 'cache_read', 'standard', 'above_200k', 'per_token'],
    ['cache_creation_input_token_cost_above_1hr', 'cache_write_1h', 'standard', 'base', 'per_token'],
    [
      'cache_creation_input_token_cost_above_1hr_above_200k_tokens',
      'cache_write_1h',
      'standard',
      'above_200k',
      'per_token',
    ],
    ['cache_read_input_token_cost_priority', 'cache_read', 'priority', 'base', 'per_token'],
    ['input_cost_per_token_flex', 'input', 'flex', 'base', 'per_token'],
    ['output_cost_per_reasoning_token', 'reasoning', 'standard', 'base', 'per_token'],
    ['input_cost_per_token_cache_hit', 'cache_read', 'standard', 'base', 'per_token'],
    ['computer_use_input_cost_per_1k_tokens', 'computer_use_input', 'standard', 'base', 'per_1k_tokens'],
  ])('field %s is %s / %s / %s in %s', (field, token_class, service_tier, context_tier, unit) => {
    expect(litellmFieldMeaning(field)).toEqual({ kind: 'token', token_class, service_tier, context_tier, unit });
  });

  it.each([
    'input_cost_per_character',
    'output_cost_per_image',
    'input_cost_per_audio_per_second',
    'input_dbu_cost_per_token',
    'search_context_cost_per_query',
  ])('field %s is a known non-token unit', (field) => {
    expect(litellmFieldMeaning(field).kind).toBe('non_token');
  });

  it('an unknown unit rejects that record only', () => {
    const sheet = parseLitellm(
      JSON.stringify({ m1: { litellm_provider: 'openai', input_cost_per_furlong: 1e-6, output_cost_per_token: 2e-6 } }),
    );
    expect(sheet.rejects).toEqual([
      expect.objectContaining({ record_ref: 'm1#input_cost_per_furlong', reason: 'unknown_unit' }),
    ]);
    expect(sheet.rows).toHaveLength(1);
  });

  it('a truncated document is a permanent error', () => {
    const text = readFixture(LITELLM['2024-07-29']);
    expect(() => parseLitellm(text.slice(0, text.length / 2))).toThrow(PermanentError);
  });
});

describe('LiteLLM tiered_pricing', () => {
  it("2026-02-02: dashscope/qwen-flash's prompt-size ranges are context tiers (0-256k base, 256k-1M above_256k)", () => {
    const rows = parseLitellm(readFixture(LITELLM['2026-02-02'])).rows.filter(
      (p) => p.source_model_id === 'dashscope/qwen-flash',
    );
    const got = rows.map((p) => {
      const n = normalizePrice(p, ctx);
      return [p.source_field, p.token_class, p.context_tier, n.ok ? n.observation.usd_per_mtok : n.reject.reason];
    });
    expect(got).toEqual([
      ['tiered_pricing[0].input_cost_per_token', 'input', 'base', '0.05'],
      ['tiered_pricing[0].output_cost_per_token', 'output', 'base', '0.4'],
      ['tiered_pricing[1].input_cost_per_token', 'input', 'above_256k', '0.25'],
      ['tiered_pricing[1].output_cost_per_token', 'output', 'above_256k', '2'],
    ]);
  });
});
