import { ConfigError } from '../../schemas/errors.ts';
import {
  allSeries,
  BENCHMARKS,
  prepare,
  series,
  thresholds,
  type PricedModel,
  type PriceIndexSeries,
} from './price-index.ts';

export interface PriceIndexOptions {
  benchmark?: string;
  thresholdModel?: string;
  threshold?: string;
  all?: boolean;
  includeReasoning?: boolean;
}

// the inputs: Epoch's price-trend rows as rebar holds them (one row per model and price date, blended 3:1 by the dataset),
// the Artificial Analysis file first as Epoch concatenates them (release-date ties keep that order)
export const EPOCH_INPUTS = `SELECT model_name, toString(release_date) AS release_date, toFloat64(usd_per_mtok_blended) AS price, reasoning,
  ${BENCHMARKS.map((b) => `toFloat64OrNull(toString(${b})) AS ${b}`).join(', ')}
FROM model_price_points ORDER BY dataset = 'epoch_ai_price_data_not_in_aa', model_name, release_date`;

export const METHOD =
  "Epoch AI (2025-03-12): cheapest model so far at or above a threshold score (the 'ever top-1' models), log10(price) fit on days, factor = 10^(-365 b), 90% CI from t(n-2); reasoning models out unless --include-reasoning";

const lines = (jsonl: string): Record<string, unknown>[] =>
  jsonl
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Epoch's own inputs: one priced model per row, at its release date. */
export function epochModels(jsonl: string, opts: PriceIndexOptions): PricedModel[] {
  const rows = lines(jsonl);
  if (rows.length === 0)
    throw new ConfigError(
      'no price-trend inputs in model_price_points: import them first, e.g. rebar import epoch data__aa_data_with_math5.csv',
    );
  return prepare(
    rows.map((r): PricedModel => ({
      name: String(r.model_name),
      releaseDate: String(r.release_date),
      price: Number(r.price),
      reasoning: Boolean(r.reasoning),
      scores: Object.fromEntries(BENCHMARKS.map((b) => [b, r[b] === null ? null : Number(r[b])])),
    })),
    { includeReasoning: opts.includeReasoning },
  );
}

/** The series the options ask for: one benchmark at a threshold model or score, or --all of them. */
export function pickSeries(models: PricedModel[], opts: PriceIndexOptions, benchmarks: string[]): PriceIndexSeries[] {
  if (opts.all) return allSeries(models, benchmarks);
  const benchmark = opts.benchmark ?? benchmarks[0] ?? 'mmlu';
  if (!benchmarks.includes(benchmark))
    throw new ConfigError(`--benchmark ${benchmark}: one of ${benchmarks.join(', ') || '(no scores held)'}`);
  const candidates = thresholds(models, benchmark);
  // any scored model can set the level (e.g. GPT-4's); --all uses the ever-top-1 ones as Epoch does
  const scored = models.find((m) => m.name === opts.thresholdModel && typeof m.scores[benchmark] === 'number');
  const t =
    opts.threshold !== undefined
      ? { benchmark, model: `score ${opts.threshold}`, score: Number(opts.threshold) }
      : (candidates.find((c) => c.model === (opts.thresholdModel ?? candidates[0]?.model)) ??
        (scored ? { benchmark, model: scored.name, score: scored.scores[benchmark]! } : undefined));
  if (!t || !Number.isFinite(t.score)) {
    throw new ConfigError(
      `no threshold ${opts.thresholdModel ?? opts.threshold} on ${benchmark}: a threshold model needs a ${benchmark} score and a price${opts.includeReasoning ? '' : ' (and, if it is a reasoning model, --include-reasoning)'}; ever-top-1 models are ${candidates.map((c) => c.model).join(', ')}`,
    );
  }
  const s = series(models, t);
  if (!s)
    throw new ConfigError(`${benchmark} at ${t.model} (${t.score}): fewer than 4 cheapest-so-far points, no trend`);
  return [s];
}

/** A table, or one JSON object per series per line (points included). */
export function formatSeries(
  found: PriceIndexSeries[],
  method: string,
  json: boolean,
  extra: Record<string, unknown> = {},
): string {
  if (json) return found.map((s) => JSON.stringify({ ...s, ...extra, method })).join('\n');
  const fmt = (x: number, d = 2): string => x.toFixed(d);
  const rows = found.map((s) =>
    [
      s.benchmark,
      s.threshold_model,
      s.threshold,
      s.n,
      s.start_date,
      s.end_date,
      `${fmt(s.factor_per_year)}x`,
      `${fmt(s.ci90_low)}..${fmt(s.ci90_high)}`,
      fmt(s.r_squared),
      `${fmt(s.endpoint_ratio, 1)}x`,
    ].join('\t'),
  );
  return [
    `method: ${method}`,
    ['benchmark', 'threshold_model', 'threshold', 'n', 'start', 'end', 'factor/yr', 'ci90', 'r2', 'endpoint'].join(
      '\t',
    ),
    ...rows,
    `${found.length} series`,
  ].join('\n');
}
