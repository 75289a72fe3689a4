import { describe, expect, it } from 'vitest';
import { runCli, testEnv } from '../../test/helpers/test-env.ts';

describe('rebar metrics', () => {
  it('break-even prints its figures with its method', async () => {
    const env = testEnv();
    const be = await runCli(
      [
        'metrics',
        'break-even',
        '--gpu-usd-per-hour',
        '2.74',
        '--tokens-per-second',
        '2000',
        '--api-usd-per-mtok',
        '0.6',
        '--json',
      ],
      env,
    );
    expect(be.code, be.stderr).toBe(0);
    expect(JSON.parse(be.stdout)).toMatchObject({ self_hosting_can_win: true, gpus: 1 });
    expect(Math.round((JSON.parse(be.stdout) as { break_even_mtok_per_month: number }).break_even_mtok_per_month)).toBe(
      3334,
    );
    const noGpu = await runCli(
      ['metrics', 'break-even', '--gpu', 'H100 SXM', '--tokens-per-second', '2000', '--api-usd-per-mtok', '0.6'],
      env,
    );
    expect(noGpu.code).toBe(1);
    expect(noGpu.stderr).toMatch(/no on-demand list price for GPU H100 SXM/);
  }, 300_000);
});
