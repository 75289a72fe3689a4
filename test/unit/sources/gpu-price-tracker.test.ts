import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { GpuPriceObservation } from '../../../schemas/events/gpu-price-observation.ts';
import { parseGpuPriceTracker } from '../../../ingest/sources/gpu-price-tracker/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const DIR = 'gpu-price-tracker/tugot17-gpu-price-tracker';
const FILES = {
  'A100 PCIe 80GB': 'A100_80GB_PCIe',
  'A100 SXM 80GB': 'A100_80GB_SXM4',
  B200: 'B200_180GB',
  GH200: 'GH200_96GB',
  'H100 PCIe': 'H100_80GB_PCIe',
  H200: 'H200_141GB',
} as const;
const ctx = {
  source: 'tugot17-gpu-price-tracker',
  url: 'https://github.com/tugot17/gpu-price-tracker/blob/718a831c495/data/summary/',
  observed_at: '2025-11-16T12:00:00.000Z',
};
const parseFile = (stem: string) =>
  parseGpuPriceTracker(readFixture(`${DIR}/${stem}__TRIMMED_first-snapshot-per-day.jsonl`), ctx);

const h100 = parseFile('H100_80GB_PCIe');
const series = (provider: string, statistic: string) =>
  h100.rows
    .filter((o) => o.provider === provider && o.statistic === statistic)
    .map((o) => [o.observed_at.slice(0, 10), o.usd_per_gpu_hour]);

describe('tugot17 GPU price tracker snapshots', () => {
  it('gives one median per day, at the snapshot time', () => {
    const median = series('all', 'median');
    expect(median).toHaveLength(29);
    expect(new Set(median.map(([day]) => day)).size).toBe(29);
    expect(median.slice(0, 4)).toEqual([
      ['2025-10-19', '2.4'],
      ['2025-10-20', '1.9'],
      ['2025-10-21', '1.95'],
      ['2025-10-22', '2.39'],
    ]);
    expect(median.at(-1)).toEqual(['2025-11-16', '2.39']);
    expect(h100.rows[0]!.observed_at).toBe('2025-10-19T21:01:58.727Z');
  });

  it('emits every statistic of a snapshot with the offer count', () => {
    const first = h100.rows.filter((o) => o.observed_at === '2025-10-19T21:01:58.727Z' && o.provider === 'all');
    expect(Object.fromEntries(first.map((o) => [o.statistic, o.usd_per_gpu_hour]))).toEqual({
      min: '1.89',
      p10: '1.9',
      p25: '1.9',
      median: '2.4',
      p75: '2.41',
      p90: '2.41',
      max: '2.49',
      mean: '2.16',
    });
    expect(
      first.every(
        (o) => o.sample_count === 12 && o.commitment === 'mixed' && o.raw_unit === 'per_gpu_hour' && o.gpu_count === 1,
      ),
    ).toBe(true);
    expect(first[0]).toMatchObject({
      gpu_model: 'H100 PCIe',
      gpu_memory_gb: 80,
      instance: 'H100_80GB_PCIe',
      region: 'global',
      source_field: 'price_stats.min',
    });
  });

  it('gives per-provider min and avg series under canonical provider ids', () => {
    expect(series('lambda', 'provider_min')[0]).toEqual(['2025-10-19', '2.49']);
    expect(series('hyperstack', 'provider_avg')[0]).toEqual(['2025-10-19', '1.91']);
    expect(series('massedcompute', 'provider_min').at(-1)).toEqual(['2025-11-16', '2.35']);
    const lambda = h100.rows.find((o) => o.provider === 'lambda')!;
    expect(lambda).toMatchObject({
      source_provider: 'lambdalabs',
      sample_count: 1,
      source_field: 'by_provider.lambdalabs.min',
    });
    expect(lambda.series_key).toBe(
      'tugot17-gpu-price-tracker|lambda|H100 PCIe|mixed|global|H100_80GB_PCIe|provider_min',
    );
  });

  it('counts what it does not emit', () => {
    // 29 snapshots x 8 statistics + 103 provider entries x (min, avg)
    expect(h100.rows).toHaveLength(29 * 8 + 103 * 2);
    expect(h100.rejects).toEqual([]);
    expect(h100.skipped).toEqual({ by_config_entry: 194, availability_counts: 29 });
  });

  it.each(Object.entries(FILES))('%s: model from gpu_type, every observation fits the schema', (model, stem) => {
    const r = parseFile(stem);
    expect(new Set(r.rows.map((o) => o.gpu_model))).toEqual(new Set([model]));
    for (const o of r.rows) expect(GpuPriceObservation.safeParse(o).error).toBeUndefined();
    expect(new Set(r.rows.map((o) => o.event_id)).size).toBe(r.rows.length);
  });

  it('B200 median steps down on 2025-11-14', () => {
    const b200 = parseFile('B200_180GB').rows.filter((o) => o.provider === 'all' && o.statistic === 'median');
    expect(b200.slice(-4).map((o) => [o.observed_at.slice(0, 10), o.usd_per_gpu_hour])).toEqual([
      ['2025-11-13', '5.69'],
      ['2025-11-14', '5.49'],
      ['2025-11-15', '5.49'],
      ['2025-11-16', '5.49'],
    ]);
  });

  it('rejects bad lines and keeps the rest', () => {
    const ok = {
      timestamp: '2025-11-01T00:00:00+00:00',
      gpu_type: 'H100_80GB',
      socket_type: 'SXM5',
      price_stats: { min: 0, median: 2.5, p42: 1 },
      by_provider: { runpod: { count: 2, min: '2.4', avg: 2.5 } },
    };
    const lines = [
      JSON.stringify(ok),
      '{not json',
      JSON.stringify({ ...ok, timestamp: 'yesterday' }),
      JSON.stringify({ ...ok, gpu_type: 'TPU_v5e' }),
      '',
    ];
    const r = parseGpuPriceTracker(lines.join('\n'), ctx);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['line 1', 'price_out_of_band'],
      ['line 1', 'unparseable_price'],
      ['line 2', 'malformed_line'],
      ['line 3', 'bad_timestamp'],
      ['line 4', 'unknown_gpu_model'],
    ]);
    expect(r.rows.map((o) => `${o.provider}.${o.statistic}=${o.usd_per_gpu_hour}`)).toEqual([
      'all.median=2.5',
      'runpod.provider_avg=2.5',
    ]);
    expect(r.skipped).toEqual({ unknown_statistic: 1 });
  });

  it.each(['', '<html>503</html>', '{"foo": 1}\n{"bar": 2}'])(
    'throws PermanentError when no snapshot is recognisable: %j',
    (payload) => {
      expect(() => parseGpuPriceTracker(payload, ctx)).toThrow(PermanentError);
    },
  );
});
