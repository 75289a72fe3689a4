import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { parseXaiModels } from '../../../ingest/sources/xai-models/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DOC = readFixture('xai-models/X_Grok__docs__models.md');

// CRAFTED: the recorded page has no model price table (see below), so this shape and these numbers are
// assumptions to exercise the reader, not xAI's published prices
const CRAFTED_TABLE = [
  'Prices per million tokens.',
  '',
  '| Model | Context | Input | Cached input | Output |',
  '|---|---|---|---|---|',
  '| grok-test-a | 256,000 | $3.00 | $0.75 | $15.00 |',
  '| grok-test-b | 2,000,000 | $0.20 | - | $0.50 |',
  '',
].join('\n');

describe('xAI models markdown', () => {
  it("the recorded doc's 'Model Pricing' section is empty: a permanent error that says so, not an empty success", () => {
    expect(() => parseXaiModels(DOC)).toThrow(PermanentError);
    expect(() => parseXaiModels(DOC)).toThrow(/Model Pricing' heading without a table/);
  });

  it('reads a Model table under Model Pricing when present, and counts tool prices as per-call', () => {
    const sheet = parseXaiModels(DOC.replace('## Model Pricing\n', `## Model Pricing\n\n${CRAFTED_TABLE}`));
    const get = (id: string, cls: string) =>
      sheet.rows.filter((p) => p.source_model_id === id && p.token_class === cls).map((p) => p.raw_value);
    expect(get('grok-test-a', 'input')).toEqual(['3.00']);
    expect(get('grok-test-a', 'cache_read')).toEqual(['0.75']);
    expect(get('grok-test-b', 'output')).toEqual(['0.50']);
    expect(sheet.rows).toHaveLength(5);
    expect(
      sheet.rows.every((p) => p.provider === 'xai' && p.currency === 'USD' && p.raw_unit === 'per_1m_tokens'),
    ).toBe(true);
    expect(sheet.skipped).toEqual({ no_price: 1, 'non_token_unit:call': 5, billed_as_tokens: 3 });
  });
});
