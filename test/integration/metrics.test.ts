import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.ts';
import { runCli, testEnv } from '../helpers/test-env.ts';

describe('rebar metrics', () => {
  it('price-index reproduces Epoch AI from the two input files through ClickHouse: MMLU at GPT-3.5, and --all gives 21 series', async () => {
    const env = testEnv();
    for (const file of ['data__aa_data_with_math5.csv', 'data__epoch_ai_price_data_not_in_aa_with_benchmarks.csv']) {
      const r = await runCli(['import', 'epoch', path.join(FIXTURES, 'benchmarks/epoch', file)], env);
      expect(r.code, r.stderr).toBe(0);
    }
    const one = await runCli(['metrics', 'price-index', '--benchmark', 'mmlu', '--threshold-model', 'GPT-3.5', '--json'], env);
    expect(one.code, one.stderr).toBe(0);
    const s = JSON.parse(one.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ benchmark: 'mmlu', threshold_model: 'GPT-3.5', threshold: 64.8, n: 7, start_date: '2022-11-30', end_date: '2024-10-03' });
    expect([s.factor_per_year, s.ci90_low, s.ci90_high, s.r_squared].map((x) => (x as number).toFixed(2))).toEqual(['15.83', '8.05', '31.11', '0.93']);
    expect((s.endpoint_ratio as number).toFixed(1)).toBe('285.7');
    expect((s.points as unknown[]).length).toBe(7);
    const all = await runCli(['metrics', 'price-index', '--all'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^mmlu\tGPT-3\.5\t64\.8\t7\t2022-11-30\t2024-10-03\t15\.83x\t8\.05\.\.31\.11\t0\.93\t285\.7x$/m);
    expect(all.stdout).toMatch(/^21 series$/m);
    const bad = await runCli(['metrics', 'price-index', '--benchmark', 'mmlu', '--threshold-model', 'GPT-5'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/no threshold GPT-5 on mmlu: threshold models are GPT-3, GPT-3\.5/);
  }, 300_000);
});
