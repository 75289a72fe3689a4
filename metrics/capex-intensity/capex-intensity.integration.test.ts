import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers/fixtures.ts';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';

describe('rebar metrics', () => {
  it('capex-intensity prints its figures with its method', async () => {
    const env = testEnv();
    const sec = await runCli(
      [
        'import',
        'sec-companyfacts',
        path.join(FIXTURES, 'sec-companyfacts/companyfacts_CIK0001045810_NVIDIA__recorded-2026-07-09.json'),
      ],
      env,
    );
    expect(sec.code, sec.stderr).toBe(0);
    const capex = await runCli(['metrics', 'capex-intensity', '--ticker', 'NVDA', '--json'], env);
    expect(capex.stdout).toMatch(
      /"ticker":"NVDA","fiscal_year":2026,"period_end":"2026-01-25","capex_usd":"6042000000"/,
    );
  }, 300_000);
});
