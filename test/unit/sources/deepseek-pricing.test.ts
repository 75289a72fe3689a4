import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { parseDeepseekPricing } from '../../../ingest/sources/deepseek-pricing/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DOC = readFixture('deepseek-pricing/DeepSeek__English__quick_start__pricing.md');

describe('DeepSeek pricing markdown', () => {
  const sheet = parseDeepseekPricing(DOC);
  const get = (model: string, cls: string) =>
    sheet.rows.filter((p) => p.model === model && p.token_class === cls).map((p) => p.raw_value);

  it('reads the one price cell spanning both model columns for each model: cache hit, miss, output', () => {
    for (const m of ['deepseek-chat', 'deepseek-reasoner']) {
      expect(get(m, 'cache_read')).toEqual(['0.028']);
      expect(get(m, 'input')).toEqual(['0.28']);
      expect(get(m, 'output')).toEqual(['0.42']);
    }
    expect(sheet.rows).toHaveLength(6);
    expect(sheet.rejects).toEqual([]);
    expect(sheet.rows[0]).toMatchObject({
      provider: 'deepseek',
      currency: 'USD',
      raw_unit: 'per_1m_tokens',
      source_field: 'table:Model Details/1M INPUT TOKENS (CACHE HIT)',
    });
  });

  it('maps one price per model column when the row gives one each', () => {
    const doc = DOC.replace('1M OUTPUT TOKENS| $0.42', '1M OUTPUT TOKENS| $0.42| $1.68');
    expect(
      parseDeepseekPricing(doc)
        .rows.filter((p) => p.token_class === 'output')
        .map((p) => [p.model, p.raw_value]),
    ).toEqual([
      ['deepseek-chat', '0.42'],
      ['deepseek-reasoner', '1.68'],
    ]);
  });

  it('layout drift: a renamed MODEL header is a permanent error', () => {
    expect(() => parseDeepseekPricing(DOC.replace('**MODEL|', '**NAME|'))).toThrow(PermanentError);
  });
});
