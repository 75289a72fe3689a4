import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { normalizePrice } from '../../../transform/normalize-price.ts';
import type { PricePoint } from '../../../transform/price-point.ts';
import { parseOpenaiPricing } from '../../../ingest/sources/openai-pricing/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DOC = readFixture('openai-pricing/OpenAI__docs__pricing.md');

const value = (points: PricePoint[], id: string, cls: string, tier = 'standard') =>
  points
    .filter((p) => p.source_model_id === id && p.token_class === cls && p.service_tier === tier)
    .map((p) => p.raw_value);

describe('OpenAI pricing markdown', () => {
  const sheet = parseOpenaiPricing(DOC);
  const { rows: points } = sheet;

  it('reads text tokens per tier tab: gpt-5 standard 1.25 / 10, batch, flex and priority apart', () => {
    expect(value(points, 'gpt-5', 'input')).toEqual(['1.25']);
    expect(value(points, 'gpt-5', 'output')).toEqual(['10.00']);
    expect(value(points, 'gpt-5', 'cache_read')).toEqual(['0.125']);
    expect(value(points, 'gpt-5', 'input', 'batch')).toEqual(['0.625']);
    expect(value(points, 'gpt-5', 'input', 'flex')).toEqual(['0.625']);
    expect(value(points, 'gpt-5', 'input', 'priority')).toEqual(['2.50']);
    expect(value(points, 'gpt-4o-mini', 'input')).toEqual(['0.15']);
    expect(value(points, 'gpt-4o-mini', 'output')).toEqual(['0.60']);
    expect(points.find((p) => p.source_model_id === 'gpt-5' && p.service_tier === 'priority')?.source_field).toBe(
      'table:Text tokens/Priority/Input',
    );
  });

  it('reads image and audio token tables into their own token classes', () => {
    expect(value(points, 'gpt-realtime', 'input')).toEqual(['4.00']);
    expect(value(points, 'gpt-realtime', 'image_input')).toEqual(['5.00']);
    expect(value(points, 'gpt-realtime', 'audio_input')).toEqual(['32.00']);
    expect(value(points, 'gpt-realtime', 'audio_output')).toEqual(['64.00']);
    expect(value(points, 'gpt-image-1', 'image_output')).toEqual(['40.00']);
    expect(value(points, 'gpt-4o-mini-tts', 'audio_output')).toEqual(['12.00']);
  });

  it('keeps fine-tuned models apart from base models (ft:) and reads training per 1M tokens', () => {
    expect(value(points, 'davinci-002', 'input')).toEqual(['2.00']); // legacy table
    expect(value(points, 'ft:davinci-002', 'input')).toEqual(['12.00']);
    expect(value(points, 'ft:gpt-4o-2024-08-06', 'training')).toEqual(['25.00']);
    expect(value(points, 'ft:gpt-4o-2024-08-06', 'training', 'batch')).toEqual([]);
    expect(value(points, 'text-embedding-3-large', 'input', 'batch')).toEqual(['0.065']);
  });

  it('counts points and non-token prices; every point is a plausible USD price per 1M', () => {
    expect(points).toHaveLength(417);
    expect(sheet.rejects).toEqual([]);
    expect(sheet.skipped).toMatchObject({
      'non_token_unit:image': 45,
      'non_token_unit:second': 3,
      'non_token_unit:minute': 9,
      'non_token_unit:hour': 4,
      'non_token_unit:call': 4,
      training_in_batch_tab: 8,
      no_price: 50,
    });
    const keys = points.map((p) =>
      [p.source_model_id, p.token_class, p.service_tier, p.context_tier, p.currency].join('|'),
    );
    expect(new Set(keys).size).toBe(keys.length);
    const ctx = { source: 'openai-pricing-md', url: 'u', observed_at: '2025-12-20T00:00:00.000Z', content_hash: 'h' };
    expect(points.map((p) => normalizePrice(p, ctx)).filter((n) => !n.ok)).toEqual([]);
  });

  it("layout drift: without the 'Prices per 1M tokens' lines no table is a token table: permanent error", () => {
    expect(() => parseOpenaiPricing(DOC.replaceAll('Prices per 1M tokens.', ''))).toThrow(PermanentError);
  });
});
