import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { normalizePrice } from '../../../transform/normalize-price.ts';
import type { PricePoint } from '../../../transform/price-point.ts';
import { parseLlmPrices } from '../../../ingest/sources/llm-prices/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const parse = (vendor: string) => parseLlmPrices(readFixture(`llm-prices/${vendor}.json`));
// one series' periods as [effective_from, raw_value], oldest (null = start unknown) first
const path = (points: PricePoint[], id: string, cls: string): [string | null, string][] =>
  points
    .filter((p) => p.source_model_id === id && p.token_class === cls)
    .map((p): [string | null, string] => [p.effective_from, p.raw_value])
    .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''));

describe('llm-prices.com vendor files (simonw/llm-prices)', () => {
  it('deepseek-chat: 0.14 / 0.28 until 2025-02-08, then 0.27 / 1.1 USD per 1M', () => {
    const { rows: points } = parse('deepseek');
    expect(path(points, 'deepseek-chat', 'input')).toEqual([
      [null, '0.14'],
      ['2025-02-08T00:00:00.000Z', '0.27'],
    ]);
    expect(path(points, 'deepseek-chat', 'output')).toEqual([
      [null, '0.28'],
      ['2025-02-08T00:00:00.000Z', '1.1'],
    ]);
    const later = points.find(
      (p) => p.source_model_id === 'deepseek-chat' && p.effective_from !== null && p.token_class === 'input',
    )!;
    expect(later).toMatchObject({
      raw_unit: 'per_1m_tokens',
      currency: 'USD',
      provider: 'deepseek',
      source_provider: 'deepseek',
      model: 'deepseek-chat',
      source_field: 'price_history[0].input',
    });
    const n = normalizePrice(later, {
      source: 'llm_prices_simonw',
      url: 'u',
      observed_at: '2026-08-05T00:00:00.000Z',
      content_hash: 'h',
    });
    expect(n.ok && [n.observation.usd_per_mtok, n.observation.effective_from]).toEqual([
      '0.27',
      '2025-02-08T00:00:00.000Z',
    ]);
  });

  it('anthropic claude-sonnet-5 and openai gpt-5.6-luna: every period is a point, input_cached is cache_read', () => {
    const anthropic = parse('anthropic').rows;
    expect(path(anthropic, 'claude-sonnet-5', 'input')).toEqual([
      [null, '2'],
      ['2026-09-01T00:00:00.000Z', '3'],
    ]);
    expect(path(anthropic, 'claude-sonnet-5', 'output')).toEqual([
      [null, '10'],
      ['2026-09-01T00:00:00.000Z', '15'],
    ]);
    const openai = parse('openai').rows;
    expect(path(openai, 'gpt-5.6-luna', 'input')).toEqual([
      [null, '1'],
      ['2026-07-30T00:00:00.000Z', '0.2'],
    ]);
    expect(path(openai, 'gpt-5.6-luna', 'cache_read')).toEqual([
      [null, '0.1'],
      ['2026-07-30T00:00:00.000Z', '0.02'],
    ]);
    expect(path(openai, 'gpt-4o', 'input')).toEqual([[null, '2.5']]);
  });

  it('to_date ends a period: deepseek-chat 0.14 ends at 2025-02-08, the price from then has no end', () => {
    const ends = (points: PricePoint[], id: string, cls: string): [string | null, string | null | undefined][] =>
      points
        .filter((p) => p.source_model_id === id && p.token_class === cls)
        .map((p): [string | null, string | null | undefined] => [p.effective_from, p.effective_to])
        .sort(([a], [b]) => (a ?? '').localeCompare(b ?? ''));
    expect(ends(parse('deepseek').rows, 'deepseek-chat', 'input')).toEqual([
      [null, '2025-02-08T00:00:00.000Z'],
      ['2025-02-08T00:00:00.000Z', null],
    ]);
    expect(ends(parse('openai').rows, 'gpt-5.6-luna-272k', 'input')).toEqual([
      [null, '2026-07-30T00:00:00.000Z'],
      ['2026-07-30T00:00:00.000Z', null],
    ]);
    const n = normalizePrice(
      parse('deepseek').rows.find((p) => p.effective_to)!,
      {
        source: 'llm_prices_simonw',
        url: 'u',
        observed_at: '2025-02-07T23:59:59.999Z',
        content_hash: 'h',
      },
    );
    expect(n.ok && n.observation.effective_to).toBe('2025-02-08T00:00:00.000Z');
    // 16 points end (six models' earlier periods), every one with a later period of its series
    const all = [
      'amazon',
      'anthropic',
      'deepseek',
      'google',
      'meta-ai',
      'minimax',
      'mistral',
      'moonshot-ai',
      'openai',
      'qwen',
      'xai',
    ].flatMap((v) => parse(v).rows);
    expect(all.filter((p) => p.effective_to)).toHaveLength(16);
    const bad = parseLlmPrices(
      JSON.stringify({
        vendor: 'x',
        models: [
          {
            id: 'a',
            price_history: [
              { input: 1, from_date: null, to_date: 'later' },
              { input: 2, from_date: '2025-01-01', to_date: null },
            ],
          },
        ],
      }),
    );
    expect(bad.rejects.map((r) => [r.record_ref, r.reason])).toEqual([['a#price_history[0]', 'bad_effective_date']]);
    expect(bad.rows.map((p) => [p.raw_value, p.effective_to])).toEqual([['2', null]]);
  });

  it("'>200k' entries are the long-context tier of the base model", () => {
    const p = parse('anthropic').rows.find(
      (x) => x.source_model_id === 'claude-sonnet-4.5-200k' && x.token_class === 'input',
    );
    expect(p).toMatchObject({ model: 'claude-sonnet-4.5', context_tier: 'above_200k', raw_value: '6' });
    expect(parse('anthropic').rows.find((x) => x.source_model_id === 'claude-sonnet-4.5')?.context_tier).toBe('base');
    expect(parse('openai').rows.find((x) => x.source_model_id === 'gpt-5.4-272k')).toMatchObject({
      model: 'gpt-5.4',
      context_tier: 'above_272k',
    });
    expect(parse('google').rows.find((x) => x.source_model_id === 'gemini-1.5-pro-128k')).toMatchObject({
      model: 'gemini-1.5-pro',
      context_tier: 'above_128k',
    });
  });

  it.each([
    ['amazon', 8],
    ['anthropic', 36],
    ['deepseek', 12],
    ['google', 57],
    ['meta-ai', 9],
    ['minimax', 2],
    ['mistral', 28],
    ['moonshot-ai', 15],
    ['openai', 140],
    ['qwen', 4],
    ['xai', 63],
  ])('%s.json: %i points, nothing rejected', (vendor, n) => {
    const sheet = parse(vendor);
    expect(sheet.rows).toHaveLength(n);
    expect(sheet.rejects).toEqual([]);
  });

  it('a model listed twice with the same prices (xai grok-4-fast) is one point per period, the repeat counted', () => {
    const sheet = parse('xai');
    expect(sheet.skipped).toEqual({ duplicate_entry: 3 });
    expect(path(sheet.rows, 'grok-4-fast', 'input')).toEqual([[null, '0.2']]);
  });

  it('bad records are rejected with a reason; a document without vendor/models is a permanent error', () => {
    const doc = JSON.stringify({
      vendor: 'x',
      models: [
        { id: 'ok', price_history: [{ input: 1, output: 2, input_cached: null, from_date: null, to_date: null }] },
        { id: 'bad-date', price_history: [{ input: 1, output: 2, from_date: '2025-02-30' }] },
        { id: 'bad-price', price_history: [{ input: 'cheap', output: 2, from_date: null }] },
        { name: 'no id' },
      ],
    });
    const sheet = parseLlmPrices(doc);
    expect(sheet.rows.map((p) => `${p.source_model_id}:${p.token_class}`)).toEqual([
      'ok:input',
      'ok:output',
      'bad-price:output',
    ]);
    expect(sheet.rejects.map((r) => [r.source_model_id, r.reason])).toEqual([
      ['bad-date', 'bad_effective_date'],
      ['bad-price', 'unparseable_price'],
      ['?', 'malformed_record'],
    ]);
    expect(() => parseLlmPrices('{"data": []}')).toThrow(PermanentError);
    expect(() => parseLlmPrices('{"vendor": "openai", "prices": []}')).toThrow(/no vendor string and models array/);
    expect(() => parseLlmPrices('{"vendor": "openai", "models": []}')).toThrow(/no prices/);
    expect(() => parseLlmPrices('{"vendor"')).toThrow(PermanentError);
  });
});
