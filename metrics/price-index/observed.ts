import { ConfigError } from '../../schemas/errors.ts';
import { compareDates, inDateOrder, PERCENT_BENCHMARKS, prepare, type PricedModel } from './price-index.ts';

// every scored registry model priced on each day a price document was seen, its blend computed where it lies (the
// same double arithmetic as in JS, read as four short TSV columns); moves only by default: a price a later correction
// replaced is not a point (model_prices_by_day_all keeps it).
// Pruned (the default), only the rows the method can use: a model-day some other model beats that day on every
// threshold (a score at least as high, a price lower by more than rounding, within range) can be no point, and a
// model's later days cannot change which model tops the scores; so each model's first day, and each day's
// score-price frontier per benchmark. Unpruned is for a threshold below 0 on a percent benchmark (its range ends
// under 100) and for the test that both give the same series
export const observedPrices = (o: ObservedOptions, prune = true): string => {
  const side = (s: 'input' | 'output'): string =>
    o.basis === 'first_party' ? `if(first_party, coalesce(first_party_${s}, 0), median_${s})` : `median_${s}`;
  const all = `SELECT day, model_id, reasoning, (${o.blend} * ${side('input')} + ${side('output')}) / (${o.blend} + 1) AS price
FROM model_prices_by_day${o.withCorrections ? '_all' : ''} WHERE model_id IN (SELECT model FROM model_scores)`;
  const out = 'SELECT toString(day), model_id, toUInt8(reasoning), price';
  if (!prune) return `${out} FROM (${all}) ORDER BY day, model_id`;
  const percent = `[${PERCENT_BENCHMARKS.map((b) => `'${b}'`).join(', ')}]`;
  return `WITH p AS (${all}),
  -- what prepare() keeps, with each score the model has
  k AS (
    SELECT p.day AS day, p.model_id AS model_id, p.price AS price, s.benchmark_key AS benchmark, toFloat64(s.score) AS score,
      -- a row that can beat others: scored, and under a percent benchmark's 100 (which no range reaches)
      s.score IS NOT NULL AND (NOT has(${percent}, s.benchmark_key) OR s.score < 100) AS contender
    FROM p INNER JOIN model_scores AS s ON s.model = p.model_id
    WHERE p.price > 0${o.includeReasoning ? '' : ' AND NOT p.reasoning'}
  ),
  frontier AS (
    SELECT day, model_id FROM (
      SELECT day, model_id, price,
        min(if(contender, price, inf)) OVER (PARTITION BY day, benchmark ORDER BY score DESC RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS beaten_by
      FROM k)
    WHERE NOT (beaten_by * (1 + 1e-10) < price)
  ),
  firsts AS (
    SELECT model_id, min(day) AS day FROM p GROUP BY model_id
    UNION ALL
    SELECT model_id, min(day) AS day FROM k GROUP BY model_id
  )
${out} FROM p
WHERE (day, model_id) IN (SELECT day, model_id FROM frontier) OR (model_id, day) IN (SELECT model_id, day FROM firsts)
ORDER BY day, model_id`;
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
  if (!benchmarks.length)
    throw new ConfigError(
      'no benchmark scores for registry models: import a leaderboard first (e.g. rebar backfill lmarena FOLDER)',
    );
  const { models, lines } = pricedLines(pricesTsv, scores);
  if (!lines)
    throw new ConfigError(
      'no prices of a scored model: import price sheets first (e.g. rebar import litellm FILE), with model ids the registry resolves; rows stored before the registry knew an id get it with rebar replay SOURCE',
    );
  return { models: prepare(dearestFirstByDay(models), { includeReasoning: o.includeReasoning }), benchmarks };
}

// the TSV's lines (day, model, reasoning, blended price) as priced models, read by offsets: a split and an array per
// line of a 500,000-line history cost more than the index itself
function pricedLines(
  tsv: string,
  scores: Map<string, Record<string, number>>,
): { models: PricedModel[]; lines: number } {
  const models: PricedModel[] = [];
  let lines = 0;
  for (let at = 0; at < tsv.length;) {
    let end = tsv.indexOf('\n', at);
    if (end < 0) end = tsv.length;
    if (end > at) {
      lines += 1;
      const t1 = tsv.indexOf('\t', at);
      const t2 = tsv.indexOf('\t', t1 + 1);
      const t3 = tsv.indexOf('\t', t2 + 1);
      const name = tsv.slice(t1 + 1, t2);
      const s = scores.get(name);
      if (s) {
        const price = Number(Number(tsv.slice(t3 + 1, end)).toPrecision(12));
        models.push({ name, releaseDate: tsv.slice(at, t1), price, reasoning: tsv[t2 + 1] === '1', scores: s });
      }
    }
    at = end + 1;
  }
  return { models, lines };
}

// day order, and within a day the dearest first (stable: equal prices keep the model order); rows that come in day
// order (observedPrices) are sorted one day at a time, a few thousand each instead of the whole history at once
function dearestFirstByDay(models: PricedModel[]): PricedModel[] {
  if (!inDateOrder(models))
    return [...models].sort((a, b) => compareDates(a.releaseDate, b.releaseDate) || b.price - a.price);
  const out: PricedModel[] = [];
  for (let start = 0, i = 1; i <= models.length; i += 1) {
    if (i < models.length && models[i]!.releaseDate === models[start]!.releaseDate) continue;
    for (const m of models.slice(start, i).sort((a, b) => b.price - a.price)) out.push(m);
    start = i;
  }
  return out;
}
