import { describe, expect, it } from 'vitest';
import { parseEpochPrices } from '../../ingest/sources/epoch/parse-prices.ts';
import { allSeries, BENCHMARKS, prepare, series, thresholds, type PricedModel } from './price-index.ts';
import { linearFit, tQuantile } from '../stats.ts';
import { readFixture } from '../../test/helpers/fixtures.ts';

const inputs = (): PricedModel[] =>
  ['data__aa_data_with_math5.csv', 'data__epoch_ai_price_data_not_in_aa_with_benchmarks.csv']
    .flatMap(
      (f) =>
        parseEpochPrices(readFixture(`epoch/${f}`), {
          source: 'epoch',
          url: f.replace('data__', ''),
          observed_at: '2025-03-13T00:00:00.000Z',
        }).rows,
    )
    .map((r) => ({
      name: r.model_name,
      releaseDate: r.release_date,
      price: Number(r.usd_per_mtok_blended),
      reasoning: r.reasoning,
      scores: Object.fromEntries(
        BENCHMARKS.map((b) => [
          b,
          (r as Record<string, unknown>)[b] === null ? null : Number((r as Record<string, unknown>)[b]),
        ]),
      ),
    }));

describe('capability-adjusted price index (REFERENCE.md section 1)', () => {
  it('MMLU at GPT-3.5: n 7, 2022-11-30 to 2024-10-03, 15.83x a year (90% CI 8.05 to 31.11), R2 0.93, endpoint 285.7x ($20 to $0.07)', () => {
    const models = prepare(inputs());
    const t = thresholds(models, 'mmlu').find((x) => x.model === 'GPT-3.5')!;
    expect(t.score).toBe(64.8);
    const s = series(models, t)!;
    expect([s.n, s.start_date, s.end_date, s.range_high]).toEqual([7, '2022-11-30', '2024-10-03', 100]);
    expect(s.factor_per_year.toFixed(2)).toBe('15.83');
    expect([
      s.ci90_low.toFixed(2),
      s.ci90_high.toFixed(2),
      s.r_squared.toFixed(2),
      s.endpoint_ratio.toFixed(1),
    ]).toEqual(['8.05', '31.11', '0.93', '285.7']);
    expect([s.points[0], s.points.at(-1)]).toMatchObject([
      { price: 20 },
      { model: 'Gemini-1.5-Flash-8B', price: 0.07 },
    ]);
  });

  it("--all: 21 series over the six benchmarks, as in Epoch's own analysis; reasoning models change them when let in", () => {
    const all = allSeries(prepare(inputs()));
    expect(all).toHaveLength(21);
    expect(new Set(all.map((s) => s.benchmark))).toEqual(new Set(BENCHMARKS));
    expect(all.every((s) => s.n >= 4 && s.ci90_low < s.factor_per_year && s.factor_per_year < s.ci90_high)).toBe(true);
    expect(allSeries(prepare(inputs(), { includeReasoning: true }))).not.toEqual(all);
  });

  it('the davinci rename, thresholds under 30 skipped on multiple choice, and a same-day pair keeps the later, cheaper model', () => {
    const m = (name: string, releaseDate: string, price: number, mmlu: number | null): PricedModel => ({
      name,
      releaseDate,
      price,
      reasoning: false,
      scores: { mmlu },
    });
    const models = prepare([
      m('GPT-3 175B (davinci)', '2021-01-01', 60, 25),
      m('B', '2022-01-01', 30, 50),
      m('C', '2022-06-01', 10, 55),
      m('D', '2022-06-01', 5, 60),
      m('E', '2023-01-01', 1, 52),
      m('F', '2024-01-01', 0.5, 51),
    ]);
    expect(models[0]!.name).toBe('GPT-3');
    expect(thresholds(models, 'mmlu').map((t) => t.model)).toEqual(['B', 'D']); // GPT-3's 25 is below 30; C is never top-1 (D came out the same day)
    expect(series(models, { benchmark: 'mmlu', model: 'B', score: 50 })!.points.map((p) => p.model)).toEqual([
      'B',
      'D',
      'E',
      'F',
    ]);
  });

  it('least squares and the t quantile the interval rests on', () => {
    expect(linearFit([0, 1, 2, 3], [1, 3, 5, 7])).toMatchObject({
      intercept: 1,
      slope: 2,
      rSquared: 1,
      slopeStdErr: 0,
    });
    expect(tQuantile(0.95, 5)).toBeCloseTo(2.015048, 5);
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228139, 5);
  });
});
