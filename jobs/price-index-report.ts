import { ConfigError } from '../schemas/errors.ts';
import { allSeries, BENCHMARKS, prepare, series, thresholds, type PricedModel, type PriceIndexSeries } from '../transform/metrics/price-index.ts';

export interface PriceIndexOptions { benchmark?: string; thresholdModel?: string; threshold?: string; all?: boolean; includeReasoning?: boolean; json?: boolean }

// the inputs: Epoch's price-trend rows as rebar holds them (one row per model and price date, blended 3:1 by the dataset),
// the Artificial Analysis file first as Epoch concatenates them (release-date ties keep that order)
export const PRICE_INDEX_INPUTS = `SELECT model_name, toString(release_date) AS release_date, toFloat64(usd_per_mtok_blended) AS price, reasoning,
  ${BENCHMARKS.map((b) => `toFloat64OrNull(toString(${b})) AS ${b}`).join(', ')}
FROM model_price_points ORDER BY dataset = 'epoch_ai_price_data_not_in_aa', model_name, release_date`;

export const METHOD = "Epoch AI (2025-03-12): cheapest model so far at or above a threshold score (the 'ever top-1' models), log10(price) fit on days, factor = 10^(-365 b), 90% CI from t(n-2); reasoning models out unless --include-reasoning";


/** Picks the series the options ask for from the input rows (JSONEachRow), and prints them: a table, or one JSON object per line. */
export function priceIndexReport(jsonl: string, opts: PriceIndexOptions): string {
  const rows = jsonl.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  if (rows.length === 0) throw new ConfigError('no price-trend inputs in model_price_points: import them first, e.g. rebar import epoch data__aa_data_with_math5.csv');
  const models = prepare(rows.map((r): PricedModel => ({
    name: String(r.model_name), releaseDate: String(r.release_date), price: Number(r.price), reasoning: Boolean(r.reasoning),
    scores: Object.fromEntries(BENCHMARKS.map((b) => [b, r[b] === null ? null : Number(r[b])])),
  })), { includeReasoning: opts.includeReasoning });
  let found: PriceIndexSeries[];
  if (opts.all) found = allSeries(models);
  else {
    const benchmark = opts.benchmark ?? 'mmlu';
    if (!BENCHMARKS.includes(benchmark)) throw new ConfigError(`--benchmark ${benchmark}: one of ${BENCHMARKS.join(', ')}`);
    const candidates = thresholds(models, benchmark);
    const t = opts.threshold !== undefined ? { benchmark, model: `score ${opts.threshold}`, score: Number(opts.threshold) }
      : candidates.find((c) => c.model === (opts.thresholdModel ?? candidates[0]?.model));
    if (!t || !Number.isFinite(t.score)) throw new ConfigError(`no threshold ${opts.thresholdModel ?? opts.threshold} on ${benchmark}: threshold models are ${candidates.map((c) => c.model).join(', ')}`);
    const s = series(models, t);
    if (!s) throw new ConfigError(`${benchmark} at ${t.model} (${t.score}): fewer than 4 cheapest-so-far points, no trend`);
    found = [s];
  }
  if (opts.json) return found.map((s) => JSON.stringify({ ...s, method: METHOD })).join('\n');
  const fmt = (x: number, d = 2): string => x.toFixed(d);
  const lines = found.map((s) => [s.benchmark, s.threshold_model, s.threshold, s.n, s.start_date, s.end_date, `${fmt(s.factor_per_year)}x`, `${fmt(s.ci90_low)}..${fmt(s.ci90_high)}`, fmt(s.r_squared), `${fmt(s.endpoint_ratio, 1)}x`].join('\t'));
  return [`method: ${METHOD}`, ['benchmark', 'threshold_model', 'threshold', 'n', 'start', 'end', 'factor/yr', 'ci90', 'r2', 'endpoint'].join('\t'), ...lines, `${found.length} series`].join('\n');
}
