import { linearFit, tQuantile } from '../stats.ts';

// Epoch AI's capability-adjusted price decline (REFERENCE.md section 1), step by step as its analysis code does it

export interface PricedModel {
  name: string;
  releaseDate: string;
  price: number;
  reasoning: boolean;
  scores: Record<string, number | null>;
}
export interface Threshold {
  benchmark: string;
  model: string;
  score: number;
}
export interface SeriesPoint {
  model: string;
  date: string;
  price: number;
  score: number;
}
export interface PriceIndexSeries {
  benchmark: string;
  threshold_model: string;
  threshold: number;
  range_high: number | null;
  n: number;
  start_date: string;
  end_date: string;
  factor_per_year: number;
  ci90_low: number;
  ci90_high: number;
  r_squared: number;
  endpoint_ratio: number;
  points: SeriesPoint[];
}

export const PERCENT_BENCHMARKS = ['mmlu', 'gpqa_diamond', 'humaneval', 'math_500', 'math_5'];
const MULTIPLE_CHOICE = new Set(['mmlu', 'gpqa_diamond']); // guessing scores 25: thresholds below 30 say nothing
export const BENCHMARKS = [...PERCENT_BENCHMARKS, 'arena_elo'];
const MIN_POINTS = 4;
const DAY_MS = 86_400_000;

// ISO dates order as plain strings: localeCompare (ICU) took most of a 500,000-point observed series' time
export const compareDates = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Step 1: priced models, the davinci rename, reasoning models out unless asked for, stably ordered by release date. */
export function prepare(models: PricedModel[], opts: { includeReasoning?: boolean } = {}): PricedModel[] {
  const kept = models
    .filter((m) => Number.isFinite(m.price) && m.price > 0 && (opts.includeReasoning || !m.reasoning))
    .map((m) => (m.name === 'GPT-3 175B (davinci)' ? { ...m, name: 'GPT-3' } : m));
  // already in date order (observed prices come so): a sort would only cost time (it is stable either way)
  if (inDateOrder(kept)) return kept;
  return kept
    .map((m, i) => ({ m, i }))
    .sort((a, b) => compareDates(a.m.releaseDate, b.m.releaseDate) || a.i - b.i)
    .map(({ m }) => m);
}

/** Whether the models are in release-date order. */
export const inDateOrder = (models: readonly PricedModel[]): boolean =>
  models.every((m, i) => i === 0 || compareDates(models[i - 1]!.releaseDate, m.releaseDate) <= 0);

/** Step 2: every model that is ever the top scorer among those released so far ("previous frontier"). */
export function thresholds(models: PricedModel[], benchmark: string): Threshold[] {
  const out: Threshold[] = [];
  const seen = new Set<string>();
  // one pass: the models are in release order, so the top so far grows with each date's models
  let top: PricedModel | null = null;
  let next = 0;
  for (const date of [...new Set(models.map((m) => m.releaseDate))]) {
    for (; next < models.length && models[next]!.releaseDate <= date; next += 1) {
      const m = models[next]!;
      const s = m.scores[benchmark];
      if (s !== null && s !== undefined && (top === null || s > top.scores[benchmark]!)) top = m;
    }
    if (!top || seen.has(top.name)) continue;
    const score = top.scores[benchmark]!;
    if (MULTIPLE_CHOICE.has(benchmark) && score < 30) continue;
    seen.add(top.name);
    out.push({ benchmark, model: top.name, score });
  }
  return out;
}

/** Steps 3 to 5 for one threshold: the cheapest-so-far series in range, and its log-linear fit (null under 4 points). */
export function series(models: PricedModel[], t: Threshold): PriceIndexSeries | null {
  const high = PERCENT_BENCHMARKS.includes(t.benchmark) ? Math.min(t.score + 100, 100) : null;
  const members: SeriesPoint[] = [];
  for (const m of models) {
    const s = m.scores[t.benchmark];
    if (s === null || s === undefined || s < t.score || (high !== null && s >= high)) continue;
    if (members.length && m.price >= members[members.length - 1]!.price) continue;
    members.push({ model: m.name, date: m.releaseDate, price: m.price, score: s });
  }
  // the same release date twice in a row: the later, cheaper one stands
  const points = members.filter((p, i) => i + 1 >= members.length || members[i + 1]!.date !== p.date);
  if (points.length < MIN_POINTS) return null;
  const days = points.map((p) => Date.parse(`${p.date}T00:00:00Z`) / DAY_MS);
  const fit = linearFit(
    days,
    points.map((p) => Math.log10(p.price)),
  );
  const t90 = tQuantile(0.95, fit.n - 2);
  const factor = (b: number): number => 10 ** (-365 * b);
  return {
    benchmark: t.benchmark,
    threshold_model: t.model,
    threshold: t.score,
    range_high: high,
    n: points.length,
    start_date: points[0]!.date,
    end_date: points[points.length - 1]!.date,
    factor_per_year: factor(fit.slope),
    ci90_low: factor(fit.slope + t90 * fit.slopeStdErr),
    ci90_high: factor(fit.slope - t90 * fit.slopeStdErr),
    r_squared: fit.rSquared,
    endpoint_ratio: points[0]!.price / points[points.length - 1]!.price,
    points,
  };
}

/** Every series Epoch's method yields: each benchmark, each ever-top-1 threshold, 4 points or more. */
export function allSeries(models: PricedModel[], benchmarks: string[] = BENCHMARKS): PriceIndexSeries[] {
  return benchmarks.flatMap((b) => thresholds(models, b).flatMap((t) => series(models, t) ?? []));
}
