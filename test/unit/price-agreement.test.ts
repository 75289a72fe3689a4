import { describe, expect, it } from 'vitest';
import {
  FIRST_PARTY_SOURCES,
  classifyPrices,
  firstPartyOf,
  firstPartyOrgSql,
  nearSql,
  unitErrorFactorSql,
} from '../../transform/price-agreement.ts';

describe('cross-source agreement: classifying two prices', () => {
  it('equal prices agree; within 0.5 % they are near; beyond, a disagreement', () => {
    expect(classifyPrices(2.5, 2.5)).toEqual({ factor: 1, agreement: 'agree', unitErrorFactor: 0 });
    expect(classifyPrices(10, 10.05).agreement).toBe('near');
    expect(classifyPrices(10.05, 10).agreement).toBe('near');
    expect(classifyPrices(10, 10.06).agreement).toBe('disagree');
    expect(classifyPrices(8, 40)).toEqual({ factor: 5, agreement: 'disagree', unitErrorFactor: 0 });
  });

  it('a factor within 5 % of 100, 1000 or 1000000, either way round, is a probable unit error', () => {
    expect(classifyPrices(2.5, 250).unitErrorFactor).toBe(100);
    expect(classifyPrices(10, 0.01).unitErrorFactor).toBe(1000);
    expect(classifyPrices(0.54, 540_000).unitErrorFactor).toBe(1_000_000);
    expect(classifyPrices(1, 95).unitErrorFactor).toBe(100);
    expect(classifyPrices(1, 105).unitErrorFactor).toBe(100);
    expect(classifyPrices(1, 94.9).unitErrorFactor).toBe(0);
    expect(classifyPrices(1, 1051).unitErrorFactor).toBe(0);
    expect(classifyPrices(1, 10).unitErrorFactor).toBe(0);
  });

  it('a zero or negative price is not classified', () => {
    expect(() => classifyPrices(0, 1)).toThrow(RangeError);
    expect(() => classifyPrices(1, -1)).toThrow(RangeError);
  });

  it('the SQL arms carry the same constants', () => {
    expect(nearSql('f')).toBe('f <= 1.005000001');
    expect(unitErrorFactorSql('f')).toBe(
      'multiIf(abs(f / 100 - 1) <= 0.050000001, 100, abs(f / 1000 - 1) <= 0.050000001, 1000, abs(f / 1000000 - 1) <= 0.050000001, 1000000, 0)',
    );
    expect(firstPartyOrgSql('s')).toContain("['anthropic-pricing', 'openai-pricing', 'openai-pricing-page'");
  });
});

describe('cross-source agreement: first-party sources', () => {
  it("a provider doc is first-party for its own vendor's models; aggregators never are", () => {
    expect(firstPartyOf('anthropic', 'anthropic-pricing', 'litellm')).toBe('anthropic-pricing');
    expect(firstPartyOf('openai', 'llm-prices', 'openai-pricing-page')).toBe('openai-pricing-page');
    expect(firstPartyOf('google', 'gemini-pricing', 'openrouter')).toBe('gemini-pricing');
    expect(firstPartyOf('meta', 'gemini-pricing', 'openrouter')).toBe('');
    expect(firstPartyOf('', 'anthropic-pricing', 'litellm')).toBe('');
    for (const aggregator of ['litellm', 'openrouter', 'llm-prices', 'genai-prices'])
      expect(FIRST_PARTY_SOURCES[aggregator]).toBeUndefined();
  });
});
