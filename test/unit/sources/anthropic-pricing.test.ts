import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import type { PricePoint } from '../../../transform/price-point.ts';
import { parseAnthropicPricing } from '../../../ingest/sources/anthropic-pricing/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DOC = readFixture('anthropic-pricing/Anthropic_Claude__English__about-claude__pricing.md');

const value = (points: PricePoint[], model: string, cls: string, tier = 'standard', ctx = 'base') =>
  points
    .filter((p) => p.model === model && p.token_class === cls && p.service_tier === tier && p.context_tier === ctx)
    .map((p) => p.raw_value);

describe('Anthropic pricing markdown', () => {
  const sheet = parseAnthropicPricing(DOC);
  const { rows: points } = sheet;

  it('reads the Model table: input, output, 5m and 1h cache writes, cache hits, as published per MTok in USD', () => {
    expect(value(points, 'claude-sonnet-4.5', 'input')).toEqual(['3']);
    expect(value(points, 'claude-sonnet-4.5', 'output')).toEqual(['15']);
    expect(value(points, 'claude-opus-4.1', 'input')).toEqual(['15']);
    expect(value(points, 'claude-opus-4.1', 'output')).toEqual(['75']);
    expect(value(points, 'claude-haiku-3', 'cache_write')).toEqual(['0.30']);
    expect(value(points, 'claude-haiku-3', 'cache_write_1h')).toEqual(['0.50']);
    expect(value(points, 'claude-haiku-3', 'cache_read')).toEqual(['0.03']);
    const p = points.find((x) => x.model === 'claude-opus-4.1' && x.token_class === 'input')!;
    expect(p).toMatchObject({
      source_model_id: 'Claude Opus 4.1',
      provider: 'anthropic',
      currency: 'USD',
      raw_unit: 'per_1m_tokens',
      region: 'global',
      source_field: 'table:Model pricing/Base Input Tokens',
    });
  });

  it('reads batch prices and drops the (deprecated) note from the model name', () => {
    expect(value(points, 'claude-haiku-3', 'input', 'batch')).toEqual(['0.125']);
    expect(value(points, 'claude-opus-4.5', 'output', 'batch')).toEqual(['12.50']);
    expect(value(points, 'claude-sonnet-3.7', 'input', 'batch')).toEqual(['1.50']);
  });

  it('applies the long-context table to the models its prose names (Sonnet 4 and 4.5), above 200K only', () => {
    for (const m of ['claude-sonnet-4', 'claude-sonnet-4.5']) {
      expect(value(points, m, 'input', 'standard', 'above_200k')).toEqual(['6']);
      expect(value(points, m, 'output', 'standard', 'above_200k')).toEqual(['22.50']);
    }
    expect(points.filter((p) => p.context_tier === 'above_200k')).toHaveLength(4);
    expect(sheet.skipped.same_as_model_table).toBe(4); // its <= 200K column repeats the Model table
  });

  it('counts: 10 models x 5 + 10 x 2 batch + 4 long context; one point per series; no rejects', () => {
    expect(points).toHaveLength(74);
    expect(sheet.rejects).toEqual([]);
    const keys = points.map((p) =>
      [p.source_model_id, p.token_class, p.service_tier, p.context_tier, p.currency].join('|'),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('layout drift: without its pipe tables the doc is a permanent error', () => {
    const stripped = DOC.split('\n')
      .filter((l) => !l.trimStart().startsWith('|'))
      .join('\n');
    expect(() => parseAnthropicPricing(stripped)).toThrow(PermanentError);
  });

  it('a long-context base column that contradicts the Model table is rejected, not emitted', () => {
    const doc = DOC.replace('| Input: $3 / MTok | Input: $6 / MTok |', '| Input: $4 / MTok | Input: $6 / MTok |');
    const rejects = parseAnthropicPricing(doc).rejects;
    expect(rejects.map((r) => [r.source_model_id, r.reason])).toEqual([
      ['Claude Sonnet 4', 'conflicting_price'],
      ['Claude Sonnet 4.5', 'conflicting_price'],
    ]);
  });
});
