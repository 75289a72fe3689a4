import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { parseMoonshotPricing } from '../../../ingest/sources/moonshot-pricing/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DOC = readFixture('moonshot-pricing/Moonshot_Kimi__English__pricing__chat.md');

describe('Moonshot (Kimi) pricing markdown, CNY', () => {
  const sheet = parseMoonshotPricing(DOC);
  const get = (id: string, cls: string, ctx = 'base') =>
    sheet.rows
      .filter((p) => p.source_model_id === id && p.token_class === cls && p.context_tier === ctx)
      .map((p) => p.raw_value);

  it('keeps the published CNY prices per 1M tokens (no conversion)', () => {
    expect(get('kimi-k2-0905-preview', 'input')).toEqual(['4.00']);
    expect(get('kimi-k2-0905-preview', 'output')).toEqual(['16.00']);
    expect(get('kimi-k2-0905-preview', 'cache_read')).toEqual(['1.00']);
    expect(get('moonshot-v1-128k', 'input')).toEqual(['10.00']);
    expect(get('moonshot-v1-128k', 'output')).toEqual(['30.00']);
    expect(
      sheet.rows.every((p) => p.currency === 'CNY' && p.raw_unit === 'per_1m_tokens' && p.provider === 'moonshot'),
    ).toBe(true);
  });

  it("drops the 推荐 ('recommended') badge from the model name", () => {
    expect(get('kimi-k2-turbo-preview', 'output')).toEqual(['58.00']);
    expect(sheet.rows.some((p) => p.source_model_id.includes('推荐'))).toBe(false);
  });

  it('reads kimi-latest context-length billing into base / above_8k / above_32k across the rowspan', () => {
    expect(get('kimi-latest', 'input')).toEqual(['2.00']);
    expect(get('kimi-latest', 'input', 'above_8k')).toEqual(['5.00']);
    expect(get('kimi-latest', 'output', 'above_32k')).toEqual(['30.00']);
    expect(get('kimi-latest', 'cache_read', 'above_32k')).toEqual(['1.00']);
  });

  it('counts: 5 k2 models x 3 + kimi-latest 3 tiers x 3 + 6 moonshot-v1 x 2', () => {
    expect(sheet.rows).toHaveLength(36);
    expect(sheet.rejects).toEqual([]);
    const keys = sheet.rows.map((p) =>
      [p.source_model_id, p.token_class, p.service_tier, p.context_tier, p.currency].join('|'),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('layout drift: price columns renamed is a permanent error', () => {
    expect(() => parseMoonshotPricing(DOC.replaceAll('输入价格', '输入').replaceAll('输出价格', '输出'))).toThrow(
      PermanentError,
    );
  });
});
