import { ConfigError } from '../../schemas/errors.ts';
import { prepare, type PricedModel } from './price-index.ts';

// every scored registry model priced on each day a price document was seen, its blend computed where it lies (the
// same double arithmetic as in JS: a 500,000-row history is read as four short columns, not nine as JSON); moves only
// by default: a price a later correction replaced is not a point (model_prices_by_day_all keeps it)
export const observedPrices = (o: ObservedOptions): string => {
  const side = (s: 'input' | 'output'): string =>
    o.basis === 'first_party' ? `if(first_party, coalesce(first_party_${s}, 0), median_${s})` : `median_${s}`;
  return `SELECT toString(day), model_id, toUInt8(reasoning), (${o.blend} * ${side('input')} + ${side('output')}) / (${o.blend} + 1)
FROM model_prices_by_day${o.withCorrections ? '_all' : ''} WHERE model_id IN (SELECT model FROM model_scores) ORDER BY day, model_id`;
};
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
  pricesTsv: string, // observedPrices(o) as TSV
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
  const priced = pricesTsv.split('\n').filter(Boolean);
  if (!benchmarks.length)
    throw new ConfigError(
      'no benchmark scores for registry models: import a leaderboard first (e.g. rebar backfill lmarena FOLDER)',
    );
  if (!priced.length)
    throw new ConfigError(
      'no prices of a scored model: import price sheets first (e.g. rebar import litellm FILE), with model ids the registry resolves; rows stored before the registry knew an id get it with rebar replay SOURCE',
    );
  const models = priced.flatMap((line): PricedModel[] => {
    const [day, model, reasoning, blended] = line.split('\t') as [string, string, string, string];
    const s = scores.get(model);
    if (!s) return [];
    return [
      {
        name: model,
        releaseDate: day,
        price: Number(Number(blended).toPrecision(12)),
        reasoning: reasoning === '1',
        scores: s,
      },
    ];
  });
  const byDayDearestFirst = [...models].sort((a, b) => a.releaseDate.localeCompare(b.releaseDate) || b.price - a.price);
  return { models: prepare(byDayDearestFirst, { includeReasoning: o.includeReasoning }), benchmarks };
}
