import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { normalizePrice } from '../../../transform/normalize-price.ts';
import { parseLitellmSheet } from '../../../ingest/sources/litellm/parse.ts';
import { parseOpenrouterModels } from '../../../ingest/sources/openrouter/parse.ts';
import { LITELLM, OPENROUTER, readFixture } from '../../helpers/fixtures.ts';

const ctx = { source: 's', url: 'u', observed_at: '2025-02-08T00:00:00.000Z', content_hash: 'h' };

function usd(
  points: ReturnType<typeof parseOpenrouterModels>['rows'],
  id: string,
  tokenClass: string,
): string | undefined {
  const p = points.find(
    (x) =>
      x.source_model_id === id &&
      x.token_class === tokenClass &&
      x.service_tier === 'standard' &&
      x.context_tier === 'base',
  );
  if (!p) return undefined;
  const n = normalizePrice(p, ctx);
  return n.ok ? n.observation.usd_per_mtok : `rejected: ${n.reject.reason}`;
}

describe('OpenRouter /api/v1/models', () => {
  const or = parseOpenrouterModels(readFixture(OPENROUTER['2025-02-08'])).rows;
  const lite = parseLitellmSheet(readFixture(LITELLM['2024-11-28'])).rows;

  it.each([
    ['openai/gpt-4o', 'gpt-4o', '2.5', '10'],
    ['deepseek/deepseek-chat', 'deepseek-chat', '0.14', '0.28'],
    ['anthropic/claude-2.1', 'claude-2.1', '8', '24'],
    ['openai/o1-preview', 'o1-preview', '15', '60'],
  ])('%s per-token strings give the USD per 1M that LiteLLM gives for %s', (orId, liteId, input, output) => {
    expect(usd(or, orId, 'input')).toBe(input);
    expect(usd(or, orId, 'output')).toBe(output);
    expect(usd(lite, liteId, 'input')).toBe(input);
    expect(usd(lite, liteId, 'output')).toBe(output);
  });

  it('canonical model ids meet across the two sources', () => {
    expect(or.find((p) => p.source_model_id === 'openai/gpt-4o')?.model).toBe('gpt-4o');
    expect(or.find((p) => p.source_model_id === 'openai/gpt-4o')?.provider).toBe('openrouter');
    expect(or.find((p) => p.source_model_id === 'openai/gpt-4o')?.source_provider).toBe('openai');
  });

  it("openrouter/auto's -1 sentinel is a negative price, rejected", () => {
    expect(usd(or, 'openrouter/auto', 'input')).toBe('rejected: negative_price');
  });

  it('per-image and per-request prices are counted as skipped', () => {
    const sheet = parseOpenrouterModels(readFixture(OPENROUTER['2024-04-24']));
    expect(sheet.skipped).toEqual({ 'non_token_unit:image': 138, 'non_token_unit:request': 138 });
  });

  it('a document without a data array is a permanent error', () => {
    expect(() => parseOpenrouterModels('{"models": []}')).toThrow(PermanentError);
    expect(() => parseOpenrouterModels('{"data": [')).toThrow(PermanentError);
  });
});
