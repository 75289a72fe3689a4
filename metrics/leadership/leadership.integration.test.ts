import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers/fixtures.ts';
import { ran } from '../../test/helpers/ran.ts';
import { jsonl } from '../../test/helpers/jsonl.ts';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';

describe('rebar metrics', () => {
  it('leadership over the eight LMArena snapshots: 4 leader changes by model, 1 by organization', async () => {
    const env = testEnv();
    await ran(['backfill', 'lmarena', path.join(FIXTURES, 'lmarena')], env);
    const r = await runCli(['metrics', 'leadership', '--benchmark', 'lmarena_text', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const [summary, ...rest] = jsonl(r.stdout);
    expect(summary).toMatchObject({
      snapshots: '8',
      leader_changes: '4',
      organization_changes: '1',
      longest_model_tenure: '3',
      longest_organization_tenure: '7',
      leading_organizations: ['OpenAI', 'Google'],
    });
    // per month: the lead changed hands in September, October and December 2024 within OpenAI, and to Google in January 2025
    const months = rest.filter((x) => 'month' in x);
    expect(
      months.map((m) => `${String(m.month).slice(0, 7)} ${String(m.leader_changes)} ${String(m.organization_changes)}`),
    ).toEqual([
      '2024-06 0 0',
      '2024-07 0 0',
      '2024-08 0 0',
      '2024-09 1 0',
      '2024-10 1 0',
      '2024-11 0 0',
      '2024-12 1 0',
      '2025-01 1 1',
    ]);
  }, 300_000);
});
