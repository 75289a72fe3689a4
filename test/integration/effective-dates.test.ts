import { describe, expect, it } from 'vitest';
import { fixturePath } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

const SONNET = 'anthropic/claude-sonnet-4-6';
const rows = async (env: Record<string, string>, query: string): Promise<string[]> =>
  (await sqlValue(env, query)).split('\n').filter((l) => l !== '');

// genai-prices prices claude-sonnet-4-6 (and claude-opus-4-6) flat from 2026-03-13: the period that replaced the one with
// the above_200k tier ends that tier, though the tier's series has no later observation of its own
describe('effective dates: a period a later one replaced is no longer current', () => {
  it('genai-prices: price_latest shows claude-sonnet-4-6 flat, without its ended above_200k tier', async () => {
    const env = testEnv();
    const r = await runCli(
      ['import', 'genai-prices', fixturePath('genai-prices/data.json'), '--observed-at', '2026-08-21'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);

    expect(
      await rows(
        env,
        `SELECT token_class, context_tier, toString(usd_per_mtok) FROM price_latest
        WHERE source = 'genai-prices' AND source_model_id = '${SONNET}' ORDER BY token_class, context_tier`,
      ),
    ).toEqual(['cache_read\tbase\t0.3', 'cache_write\tbase\t3.75', 'input\tbase\t3', 'output\tbase\t15']);

    // the tier is still in the history, with the end its source declares
    expect(
      await rows(
        env,
        `SELECT token_class, toString(usd_per_mtok), toString(effective_to) FROM price_observations
        WHERE source = 'genai-prices' AND source_model_id = '${SONNET}' AND context_tier = 'above_200k' ORDER BY token_class`,
      ),
    ).toEqual([
      'cache_read\t0.6\t2026-03-13 00:00:00.000',
      'cache_write\t7.5\t2026-03-13 00:00:00.000',
      'input\t6\t2026-03-13 00:00:00.000',
      'output\t22.5\t2026-03-13 00:00:00.000',
    ]);

    // only the eight above_200k series of anthropic's claude-opus/sonnet-4-6 ended; google's single-period listing of
    // claude-opus-4-6 keeps its tier
    expect(
      await sqlValue(
        env,
        `SELECT (SELECT uniqExact(series_key) FROM price_observations WHERE source = 'genai-prices') -
        (SELECT count() FROM price_latest WHERE source = 'genai-prices')`,
      ),
    ).toBe('8');
    expect(
      await sqlValue(
        env,
        `SELECT toString(usd_per_mtok) FROM price_latest WHERE source = 'genai-prices'
        AND source_model_id = 'google/claude-opus-4-6' AND token_class = 'input' AND context_tier = 'above_200k'`,
      ),
    ).toBe('10');

    // as of just before 2026-03-13 the tier was current; as of the day it ended, it is not (an undated period has no known
    // start: it stands 1 ms before the period that replaced it)
    const asOf = (at: string) =>
      rows(
        env,
        `SELECT token_class, context_tier, toString(usd_per_mtok) FROM price_latest_as_of(as_of = '${at}')
        WHERE source = 'genai-prices' AND source_model_id = '${SONNET}' AND token_class = 'input' ORDER BY context_tier`,
      );
    expect(await asOf('2026-03-12 23:59:59.999')).toEqual(['input\tabove_200k\t6', 'input\tbase\t3']);
    expect(await asOf('2026-03-13 00:00:00')).toEqual(['input\tbase\t3']);
  }, 300_000);
});
