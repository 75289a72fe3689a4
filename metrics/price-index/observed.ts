import { ConfigError } from '../../schemas/errors.ts';
import { prepare, type PricedModel } from './price-index.ts';

// every registry model priced on each day a price document was seen, and each model's latest score per benchmark
// moves only by default: a price a later correction replaced is not a point (model_prices_by_day_all keeps it)
export const observedPrices = (withCorrections = false): string =>
  `SELECT toString(day) AS day, model_id, reasoning, first_party, first_party_input, first_party_output, median_input, median_output, providers
FROM model_prices_by_day${withCorrections ? '_all' : ''} ORDER BY day, model_id`;
export const OBSERVED_SCORES =
  'SELECT benchmark_key AS benchmark, model, toFloat64(score) AS score FROM model_scores ORDER BY benchmark_key, model';

export interface ObservedOptions {
  blend: number;
  withCorrections?: boolean;
  basis: 'first_party' | 'median';
  includeReasoning?: boolean;
}

export const observedMethod = (o: ObservedOptions): string =>
  `Epoch AI's method on the prices rebar observed: each (model, day a price sheet was seen) is a point, priced ${o.basis === 'median' ? 'at the median across providers' : "at its maker's own price where it sells it, else the median across providers"}, blended ${o.blend}:1 input:output; scores are each model's latest on the benchmark (today's rating of a model also prices its past days); cheapest-so-far in day order, log10(price) fit on days, factor = 10^(-365 b), 90% CI from t(n-2); reasoning models ${o.includeReasoning ? 'in' : 'out'}; ${o.withCorrections ? 'every price, also those a later correction replaced' : 'prices a later correction replaced left out'}`;

const rows = (jsonl: string): Record<string, unknown>[] =>
  jsonl
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/**
 * Pure: the observed (model, day) prices as priced models dated by the day, so Epoch's cheapest-so-far over release dates
 * becomes cheapest-so-far over observation days (a later price cut of the same model is a new point). Within a day the
 * dearest come first, so the day's cheapest is the point that stands.
 */
export function observedModels(
  pricesJsonl: string,
  scoresJsonl: string,
  o: ObservedOptions,
): { models: PricedModel[]; benchmarks: string[] } {
  const scores = new Map<string, Record<string, number>>();
  for (const r of rows(scoresJsonl)) {
    const m = scores.get(String(r.model)) ?? {};
    m[String(r.benchmark)] = Number(r.score);
    scores.set(String(r.model), m);
  }
  const benchmarks = [...new Set(rows(scoresJsonl).map((r) => String(r.benchmark)))].sort();
  const priced = rows(pricesJsonl);
  if (!priced.length)
    throw new ConfigError(
      'no model prices: import price sheets first (e.g. rebar import litellm FILE), with model ids the registry resolves; rows stored before the registry knew an id get it with rebar replay SOURCE',
    );
  if (!benchmarks.length)
    throw new ConfigError(
      'no benchmark scores for registry models: import a leaderboard first (e.g. rebar backfill lmarena FOLDER)',
    );
  const models = priced.flatMap((r): PricedModel[] => {
    const s = scores.get(String(r.model_id));
    if (!s) return [];
    const own = o.basis === 'first_party' && Boolean(r.first_party);
    const input = Number(own ? r.first_party_input : r.median_input);
    const output = Number(own ? r.first_party_output : r.median_output);
    return [
      {
        name: String(r.model_id),
        releaseDate: String(r.day),
        price: Number(((o.blend * input + output) / (o.blend + 1)).toPrecision(12)),
        reasoning: Boolean(r.reasoning),
        scores: s,
      },
    ];
  });
  const byDayDearestFirst = [...models].sort((a, b) => a.releaseDate.localeCompare(b.releaseDate) || b.price - a.price);
  return { models: prepare(byDayDearestFirst, { includeReasoning: o.includeReasoning }), benchmarks };
}
