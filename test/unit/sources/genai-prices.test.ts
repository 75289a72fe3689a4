import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import type { PricePoint } from '../../../transform/price-point.ts';
import { parseGenaiPrices } from '../../../ingest/sources/genai-prices/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const sheet = parseGenaiPrices(readFixture('genai-prices/data.json'));
// one series' periods as [effective_from, raw_value], oldest (null = always valid) first
const path = (id: string, cls: string, tier = 'base'): [string | null, string][] =>
  sheet.rows
    .filter((p) => p.source_model_id === id && p.token_class === cls && p.context_tier === tier)
    .map((p): [string | null, string] => [p.effective_from, p.raw_value])
    .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''));
const one = (id: string, field: string): PricePoint | undefined =>
  sheet.rows.find((p) => p.source_model_id === id && p.source_field === field);

describe('genai-prices data.json (pydantic/genai-prices)', () => {
  it('openai o3: 10 / 40 USD per 1M, then 2 / 8 from 2025-06-10; cache read unchanged at 0.5', () => {
    expect(path('openai/o3', 'input')).toEqual([
      [null, '10'],
      ['2025-06-10T00:00:00.000Z', '2'],
    ]);
    expect(path('openai/o3', 'output')).toEqual([
      [null, '40'],
      ['2025-06-10T00:00:00.000Z', '8'],
    ]);
    expect(path('openai/o3', 'cache_read')).toEqual([
      [null, '0.5'],
      ['2025-06-10T00:00:00.000Z', '0.5'],
    ]);
    expect(one('openai/o3', 'prices[1].input_mtok')).toMatchObject({
      provider: 'openai',
      source_provider: 'openai',
      model: 'o3',
      raw_unit: 'per_1m_tokens',
      currency: 'USD',
    });
  });

  it('anthropic claude-sonnet-5: 2 / 10 with cache write 2.5, then 3 / 15 and 3.75 from 2026-09-01', () => {
    expect(path('anthropic/claude-sonnet-5', 'input')).toEqual([
      [null, '2'],
      ['2026-09-01T00:00:00.000Z', '3'],
    ]);
    expect(path('anthropic/claude-sonnet-5', 'cache_write')).toEqual([
      [null, '2.5'],
      ['2026-09-01T00:00:00.000Z', '3.75'],
    ]);
    expect(path('aws/regional.anthropic.claude-sonnet-5-v1:0', 'output')).toEqual([
      [null, '11'],
      ['2026-09-01T00:00:00.000Z', '16.5'],
    ]);
  });

  it('context-size tiers: tier start 200000 is above_200k, 272000 above_272k; a later flat period has no tier', () => {
    expect(path('anthropic/claude-sonnet-4-5', 'input')).toEqual([[null, '3']]);
    expect(path('anthropic/claude-sonnet-4-5', 'input', 'above_200k')).toEqual([[null, '6']]);
    expect(one('anthropic/claude-sonnet-4-5', 'prices.output_mtok.tiers[0]')).toMatchObject({
      context_tier: 'above_200k',
      raw_value: '22.5',
    });
    expect(path('openai/gpt-5.4', 'input', 'above_272k')).toEqual([[null, '5']]);
    expect(path('anthropic/claude-opus-4-6', 'input', 'above_200k')).toEqual([[null, '10']]);
    expect(path('anthropic/claude-opus-4-6', 'input')).toEqual([
      [null, '5'],
      ['2026-03-13T00:00:00.000Z', '5'],
    ]);
    const tiers = new Set(sheet.rows.map((p) => p.context_tier));
    expect([...tiers].sort()).toEqual(['above_128k', 'above_200k', 'above_272k', 'above_512k', 'base']);
  });

  it('a later start_date replaces the period before it whole: claude-sonnet-4-6 above_200k ends at 2026-03-13', () => {
    const ends = (id: string, cls: string, tier = 'base'): [string | null, string | null | undefined][] =>
      sheet.rows
        .filter((p) => p.source_model_id === id && p.token_class === cls && p.context_tier === tier)
        .map((p): [string | null, string | null | undefined] => [p.effective_from, p.effective_to])
        .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''));
    expect(ends('anthropic/claude-sonnet-4-6', 'input', 'above_200k')).toEqual([[null, '2026-03-13T00:00:00.000Z']]);
    expect(ends('anthropic/claude-sonnet-4-6', 'output', 'above_200k')).toEqual([[null, '2026-03-13T00:00:00.000Z']]);
    // the flat price from 2026-03-13 has no end; the undated base price before it ends where it begins
    expect(ends('anthropic/claude-sonnet-4-6', 'input')).toEqual([
      [null, '2026-03-13T00:00:00.000Z'],
      ['2026-03-13T00:00:00.000Z', null],
    ]);
    expect(one('anthropic/claude-sonnet-4-6', 'prices[1].output_mtok')).toMatchObject({
      raw_value: '15',
      effective_to: null,
    });
    expect(ends('openai/o3', 'input')).toEqual([
      [null, '2025-06-10T00:00:00.000Z'],
      ['2025-06-10T00:00:00.000Z', null],
    ]);
    // a single undated price never ends
    expect(one('anthropic/claude-sonnet-4-5', 'prices.input_mtok.base')?.effective_to).toBeNull();
    // 35 points end (the undated periods of o3, claude-opus/sonnet-4-6 and four listings of claude-sonnet-5); of the
    // series, only the eight above_200k tiers of claude-opus-4-6 and claude-sonnet-4-6 have no later period
    expect(sheet.rows.filter((p) => p.effective_to)).toHaveLength(35);
    const latest = new Map<string, PricePoint>();
    for (const p of sheet.rows) {
      const k = `${p.source_model_id}|${p.token_class}|${p.context_tier}`;
      if ((p.effective_from ?? '') >= (latest.get(k)?.effective_from ?? '')) latest.set(k, p);
    }
    const ended = [...latest].filter(([, p]) => p.effective_to).map(([k]) => k);
    expect(ended).toHaveLength(8);
    expect(ended.every((k) => /^anthropic\/claude-(opus|sonnet)-4-6\|.*\|above_200k$/.test(k))).toBe(true);
  });

  it('a model listed by several providers stays apart: the provider prefixes the source id', () => {
    expect(one('google/claude-opus-4-6', 'prices.input_mtok.base')).toMatchObject({
      provider: 'google',
      model: 'claude-opus-4-6',
    });
    expect(one('anthropic/claude-opus-4-6', 'prices[0].input_mtok.base')).toMatchObject({
      provider: 'anthropic',
      model: 'claude-opus-4-6',
    });
    expect(one('openrouter/anthropic/claude-sonnet-5', 'prices[1].input_mtok')).toMatchObject({
      provider: 'openrouter',
      model: 'claude-sonnet-5',
    });
    expect(one('x-ai/grok-3', 'prices.input_mtok')).toMatchObject({ provider: 'xai', model: 'grok-3', raw_value: '3' });
  });

  it('counts: 3129 points; time-of-day (deepseek off-peak) and per-request prices are counted skips', () => {
    expect(sheet.rows).toHaveLength(3129);
    expect(sheet.rejects).toEqual([]);
    expect(sheet.skipped).toEqual({ time_of_day_price: 12, 'non_token_unit:request': 4 });
    expect(sheet.rows.filter((p) => p.source_model_id === 'deepseek/deepseek-chat')).toEqual([]);
    expect(sheet.rows.filter((p) => p.source_provider === 'openai')).toHaveLength(252);
    expect(sheet.rows.filter((p) => p.effective_from !== null)).toHaveLength(27); // o3, claude-opus/sonnet-4-6 and four listings of claude-sonnet-5
  });

  it('bad records are rejected with a reason; a document that is not a provider array is a permanent error', () => {
    const doc = JSON.stringify([
      {
        id: 'p',
        name: 'P',
        api_pattern: 'x',
        models: [
          {
            id: 'a',
            match: {},
            prices: {
              input_mtok: 1,
              output_mtok: { base: 2, tiers: [{ start: 1500, price: 3 }] },
              foo_mtok: 1,
              input_video_mtok: 4,
            },
          },
          { id: 'b', match: {}, prices: [{ constraint: { start_date: 'soon' }, prices: { input_mtok: 1 } }] },
        ],
      },
    ]);
    const bad = parseGenaiPrices(doc);
    expect(bad.rows.map((p) => `${p.source_field}=${p.raw_value}`)).toEqual([
      'prices.input_mtok=1',
      'prices.output_mtok.base=2',
    ]);
    expect(bad.rejects.map((r) => r.reason)).toEqual(['unknown_tier_threshold', 'unknown_unit', 'bad_effective_date']);
    expect(bad.skipped).toEqual({ 'no_token_class:input_video_mtok': 1 });
    expect(() => parseGenaiPrices('{"providers": []}')).toThrow(PermanentError);
    expect(() => parseGenaiPrices('[{"id": "openai", "model_list": []}]')).toThrow(
      /not an array of providers with id and models/,
    );
    expect(() => parseGenaiPrices('[]')).toThrow(PermanentError);
    expect(() => parseGenaiPrices('[{')).toThrow(PermanentError);
  });
});
