import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { parseGeminiPricing } from '../../../ingest/sources/gemini-pricing/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DOC = readFixture('gemini-pricing/gemini-api_pricing_2025-12-21__am0n666-Gemini-API-Docs_bb0ea2e6.md');

describe('Gemini API pricing markdown', () => {
  const sheet = parseGeminiPricing(DOC);
  const get = (id: string, cls: string, tier = 'standard', ctx = 'base') =>
    sheet.rows
      .filter(
        (p) => p.source_model_id === id && p.token_class === cls && p.service_tier === tier && p.context_tier === ctx,
      )
      .map((p) => p.raw_value);

  it('splits <= 200k / > 200k prompt prices into base and above_200k', () => {
    expect(get('gemini-2.5-pro', 'input')).toEqual(['1.25']);
    expect(get('gemini-2.5-pro', 'input', 'standard', 'above_200k')).toEqual(['2.50']);
    expect(get('gemini-2.5-pro', 'output')).toEqual(['10.00']);
    expect(get('gemini-2.5-pro', 'output', 'standard', 'above_200k')).toEqual(['15.00']);
    expect(get('gemini-2.5-pro', 'cache_read', 'standard', 'above_200k')).toEqual(['0.25']);
    expect(get('gemini-3-pro-preview', 'output', 'batch', 'above_200k')).toEqual(['9.00']);
  });

  it('reads batch tables and per-modality prices (text vs audio, image output)', () => {
    expect(get('gemini-2.5-flash', 'input')).toEqual(['0.30']);
    expect(get('gemini-2.5-flash', 'audio_input')).toEqual(['1.00']);
    expect(get('gemini-2.5-flash', 'output')).toEqual(['2.50']);
    expect(get('gemini-2.5-flash', 'input', 'batch')).toEqual(['0.15']);
    expect(get('gemini-2.0-flash', 'audio_cache_read')).toEqual(['0.175']);
    expect(get('gemini-3-pro-image-preview', 'image_output')).toEqual(['120.00']);
    expect(get('gemini-2.5-pro-preview-tts', 'audio_output')).toEqual(['20.00']);
    expect(sheet.rows.find((p) => p.source_model_id === 'gemini-2.5-pro')).toMatchObject({
      provider: 'google',
      model: 'gemini-2.5-pro',
      currency: 'USD',
      raw_unit: 'per_1m_tokens',
      source_field: 'table:Gemini 2.5 Pro/Standard/Input price[1]',
    });
  });

  it('skips free tier cells, per-image / per-second / per-query prices and cache storage with counted reasons', () => {
    expect(sheet.rows).toHaveLength(116);
    expect(sheet.rejects).toEqual([]);
    expect(sheet.skipped).toMatchObject({
      free_tier: 149,
      'non_token_unit:image': 14,
      'non_token_unit:second': 5,
      'non_token_unit:token_hour': 16,
      'non_token_unit:grounded_prompt': 19,
      'non_token_unit:search_query': 4,
    });
    // '$0.0006 (image)^*^' in a per-1M-tokens column is the footnoted per-image equivalent, not a token price
    expect(get('gemini-3-pro-image-preview', 'image_input', 'batch')).toEqual([]);
    const keys = sheet.rows.map((p) =>
      [p.source_model_id, p.token_class, p.service_tier, p.context_tier, p.currency].join('|'),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("layout drift: a renamed 'Paid Tier' column is a permanent error", () => {
    expect(() => parseGeminiPricing(DOC.replaceAll('Paid Tier', 'Pay-as-you-go'))).toThrow(PermanentError);
  });
});
