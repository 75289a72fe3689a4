import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { parseMinimaxPricing } from '../../../ingest/sources/minimax-pricing/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DOC = readFixture('minimax-pricing/MiniMax__English__pricing__pay-as-you-go.md');

describe('MiniMax pricing markdown', () => {
  const sheet = parseMinimaxPricing(DOC);
  const get = (id: string, cls: string) =>
    sheet.rows.filter((p) => p.source_model_id === id && p.token_class === cls).map((p) => p.raw_value);

  it('reads input, output, cache read and write for both text models, USD per M tokens', () => {
    expect(get('MiniMax-M2', 'input')).toEqual(['0.3']);
    expect(get('MiniMax-M2', 'output')).toEqual(['1.2']);
    expect(get('MiniMax-M2-Stable', 'input')).toEqual(['0.3']); // the note under the name is not part of it
    expect(get('MiniMax-M2-Stable', 'output')).toEqual(['1.2']);
    expect(get('MiniMax-M2', 'cache_read')).toEqual(['0.03']);
    expect(get('MiniMax-M2', 'cache_write')).toEqual(['0.375']);
    expect(sheet.rows).toHaveLength(8);
    expect(
      sheet.rows.every(
        (p) => p.currency === 'USD' && p.raw_unit === 'per_1m_tokens' && p.model === p.source_model_id.toLowerCase(),
      ),
    ).toBe(true);
  });

  it('counts audio, video, music and image prices as non-token units', () => {
    expect(sheet.skipped).toEqual({
      not_a_price_table: 1,
      'non_token_unit:character': 2,
      'non_token_unit:voice': 2,
      'non_token_unit:video': 8,
      'non_token_unit:music': 1,
      'non_token_unit:image': 1,
    });
    expect(sheet.rejects).toEqual([]);
  });

  it('layout drift: a doc without its Text table is a permanent error', () => {
    const text = DOC.slice(DOC.indexOf('## Text'), DOC.indexOf('The rate limits'));
    expect(() => parseMinimaxPricing(DOC.replace(text, ''))).toThrow(PermanentError);
  });
});
