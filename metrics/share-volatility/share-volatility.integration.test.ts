import { describe, expect, it } from 'vitest';
import { ran } from '../../test/helpers/ran.ts';
import { jsonl } from '../../test/helpers/jsonl.ts';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';

describe('rebar metrics', () => {
  it("share-volatility over Menlo's spend shares: HHI per period with its bounds and band, the share that changed hands 2023 to 2025, OpenAI to Anthropic", async () => {
    const env = testEnv();
    await ran(['run', '--once', '--source', 'analyst-datapoints'], env);
    const r = await runCli(
      ['metrics', 'share-volatility', '--source', 'Menlo Ventures', '--metric', 'spend', '--json'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = jsonl(r.stdout);
    const pick = (p: string): Record<string, unknown> => rows.find((x) => x.period === p)!;
    // 2023: 50, 12, 7 listed (69): HHI 2693 at least, 3654 if the other 31 were one firm
    expect(pick('2023')).toMatchObject({
      hhi: 2693,
      hhi_upper_bound: 3654,
      hhi_is_lower_bound: 1,
      band_2023_guidelines: 'highly concentrated',
      leader: 'openai',
      cr1: 50,
    });
    // 2025: 40, 27, 21 and 'other' 12: 2770 to 2914
    expect(pick('2025')).toMatchObject({
      hhi: 2770,
      hhi_upper_bound: 2914,
      hhi_is_lower_bound: 1,
      leader: 'anthropic',
      cr3: 88,
    });
    // the named firms: |40-12| + |27-50| + |21-7| = 65; the unlisted rest went from 31 to 12 (19 more): I >= 84, at least 42 points changed hands
    expect(rows.find((x) => x.from_period === '2023')).toMatchObject({
      to_period: '2025',
      listed_instability_index: 65,
      unlisted_before: 31,
      unlisted_after: 12,
      instability_index: 84,
      share_changed_hands: 42,
      changed_hands_is_lower_bound: 1,
      leader_before: 'openai',
      leader_after: 'anthropic',
      leader_changed: 1,
    });
  }, 300_000);
});
