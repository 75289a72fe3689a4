import { describe, expect, it } from 'vitest';
import { LITELLM, fixturePath } from '../../test/helpers/fixtures.ts';
import { jsonl } from '../../test/helpers/jsonl.ts';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';

describe('rebar metrics', () => {
  it('price-changes prints its figures with its method', async () => {
    const env = testEnv();
    for (const d of ['2024-07-29', '2024-11-28'] as const)
      expect((await runCli(['import', 'litellm', fixturePath(LITELLM[d]), '--observed-at', d], env)).code).toBe(0);
    const changes = await runCli(
      ['metrics', 'price-changes', '--provider', 'openai', '--model', 'gpt-4o', '--json'],
      env,
    );
    expect(changes.code, changes.stderr).toBe(0);
    const rows = jsonl(changes.stdout);
    expect(rows.find((r) => r.month === '2024-11-01' && r.provider === 'openai')).toMatchObject({
      cuts: expect.stringMatching(/^[1-9]/),
    });
    // the largest cuts come first; gpt-4o's 5 -> 2.5 is among OpenAI's
    expect(rows.some((r) => r.model === 'gpt-4o' && r.new_usd_per_mtok === '2.5' && r.pct_change === -50)).toBe(true);
    // the family's path: gpt-4o's own input price at each observation
    expect(
      rows
        .filter(
          (r) => r.model === 'gpt-4o' && r.provider === 'openai' && r.token_class === 'input' && 'usd_per_mtok' in r,
        )
        .map((r) => r.usd_per_mtok),
    ).toEqual(['5', '2.5']);
  }, 300_000);
});
