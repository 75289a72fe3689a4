import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

const SHEETS = path.join(FIXTURES, 'gpu-price-sheets/becloudready-gpu-price_2026-02-11');

// GPU rental prices take the same path as token prices: raw document -> Kafka -> transformer -> ClickHouse
describe('GPU price sheets through the pipeline', () => {
  it('provider sheets land as USD per GPU-hour; rows without a price are dead-lettered with a reason', async () => {
    const env = testEnv();
    for (const f of ['lambda_gpu_prices.csv', 'coreweave_prices.csv', 'nebius_prices.csv', 'runpod_gpu_prices.csv']) {
      const r = await runCli(
        ['import', 'gpu-price-sheets', path.join(SHEETS, f), '--observed-at', '2026-02-11T07:11:53Z'],
        env,
      );
      expect(r.code, r.stderr).toBe(0);
    }
    const h100 = await sqlValue(
      env,
      `SELECT arrayStringConcat(groupArray(concat(provider, '=', toString(p))), ' ') FROM (
      SELECT provider, min(usd_per_gpu_hour) AS p FROM gpu_price_latest WHERE gpu_model = 'H100 SXM' GROUP BY provider ORDER BY provider)`,
    );
    expect(h100).toBe('lambda=2.99 nebius=2.95 runpod=2.69');
    // the spread across providers per GPU model and month: min, median, max and max/min
    expect(
      await sqlValue(
        env,
        "SELECT providers, min_usd_per_gpu_hour, median_usd_per_gpu_hour, max_usd_per_gpu_hour, max_min_ratio FROM gpu_price_dispersion WHERE gpu_model = 'H100 SXM' AND month = '2026-02-01'",
      ),
    ).toBe('3\t2.69\t2.95\t2.99\t1.112');
    // CoreWeave prices whole 8-GPU instances: divided by the GPU count
    expect(
      await sqlValue(
        env,
        "SELECT toString(usd_per_gpu_hour), gpu_count FROM gpu_price_latest WHERE provider = 'coreweave' AND gpu_model = 'B200'",
      ),
    ).toBe('8.6\t8');
    expect(
      await sqlValue(
        env,
        "SELECT count() FROM dead_letters WHERE source = 'gpu-price-sheets' AND reason = 'empty_price' AND source_url LIKE '%lambda%'",
      ),
    ).toBe('6');
  }, 240_000);

  it('tracker snapshots become a daily series per statistic', async () => {
    const env = testEnv();
    const r = await runCli(
      [
        'import',
        'gpu-price-tracker',
        path.join(
          FIXTURES,
          'gpu-price-tracker/tugot17-gpu-price-tracker/H200_141GB__TRIMMED_first-snapshot-per-day.jsonl',
        ),
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(
      Number(
        await sqlValue(
          env,
          "SELECT uniqExact(toDate(observed_at)) FROM gpu_price_observations WHERE gpu_model = 'H200' AND statistic = 'median' AND provider = 'all'",
        ),
      ),
    ).toBe(29);
    expect(
      await sqlValue(
        env,
        "SELECT toString(usd_per_gpu_hour) FROM gpu_price_observations WHERE gpu_model = 'H200' AND statistic = 'median' AND provider = 'all' ORDER BY observed_at LIMIT 1",
      ),
    ).toBe('3.59');
  }, 240_000);
});
