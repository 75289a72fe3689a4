import { describe, expect, it } from 'vitest';
import { DEMO_DOCUMENTS } from '../../jobs/demo.ts';
import { runCli, testEnv } from '../helpers/test-env.ts';

// a new user with no network: one command loads the recorded documents, and every metric has something to show
describe('rebar demo', () => {
  it('loads every shipped document at its recorded date on a clean data folder, and every metric verb has rows', async () => {
    const env = testEnv();
    const demo = await runCli(['demo'], env, { timeoutMs: 400_000 });
    expect(demo.code, demo.stderr.slice(-3000)).toBe(0);
    expect(demo.stdout).toMatch(/^sources failed: 0$/m);
    expect(demo.stdout).toMatch(/at 2025-02-08: \d+ observations/); // OpenRouter's recorded day, not today
    for (const d of DEMO_DOCUMENTS) expect(demo.stdout, d.path).toContain(d.path);
    const counts = await runCli(
      [
        'sql',
        `SELECT uniqExact(series_key) FROM price_observations UNION ALL SELECT uniqExact((source, segment, metric, entity)) FROM share_series
         UNION ALL SELECT count() FROM benchmark_results UNION ALL SELECT count() FROM gpu_price_latest
         UNION ALL SELECT count() FROM capex_annual UNION ALL SELECT count() FROM price_changes UNION ALL SELECT count() FROM analyst_datapoints`,
        '--format',
        'TSV',
      ],
      env,
    );
    const values = counts.stdout.trim().split('\n').map(Number);
    expect(values, counts.stderr).toHaveLength(7);
    for (const v of values) expect(v).toBeGreaterThan(0);
    for (const verb of [
      ['price-index', '--all'],
      ['price-index', '--inputs', 'observed', '--benchmark', 'lmarena_text', '--threshold-model', 'gpt-4-0613'],
      ['price-changes'],
      ['dispersion', '--min-providers', '3'],
      ['open-closed-gap', '--benchmark', 'lmarena_text', '--threshold-model', 'gpt-4-0613'],
      ['share-volatility'],
      ['leadership'],
      ['capex-intensity'],
      ['agreement'],
    ]) {
      const r = await runCli(['metrics', ...verb, '--json'], env);
      expect(r.code, `${verb.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout.trim().split('\n').length, verb.join(' ')).toBeGreaterThan(0);
      expect(r.stdout.trim(), verb.join(' ')).not.toBe('');
    }
  }, 600_000);
});
