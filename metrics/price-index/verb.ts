import { ConfigError } from '../../schemas/errors.ts';
import { BENCHMARKS } from './price-index.ts';
import { OBSERVED_SCORES, observedMethod, observedModels, observedPrices, type ObservedOptions } from './observed.ts';
import { EPOCH_INPUTS, epochModels, formatSeries, METHOD, pickSeries, type PriceIndexOptions } from './report.ts';
import { quote, str, type MetricOptions, type MetricVerb, type ReadOnly } from '../session.ts';

export function observedOptions(opts: MetricOptions): ObservedOptions {
  const blend = Number(str(opts.blend) ?? '3');
  if (!Number.isFinite(blend) || blend < 0)
    throw new ConfigError(`--blend ${String(opts.blend)}: input tokens per output token, e.g. 3 (Epoch) or 1 (a16z)`);
  const basis = str(opts.basis) ?? 'first_party';
  if (basis !== 'first_party' && basis !== 'median') throw new ConfigError(`--basis ${basis}: first_party or median`);
  return {
    blend,
    basis,
    includeReasoning: opts.includeReasoning === true,
    withCorrections: opts.withCorrections === true,
  };
}

/** The threshold's score: a number given, or the threshold model's latest score on the benchmark. */
export async function thresholdScore(
  read: ReadOnly,
  benchmark: string,
  opts: MetricOptions,
): Promise<{ score: number; model: string } | null> {
  if (typeof opts.threshold === 'string') {
    const score = Number(opts.threshold);
    if (opts.threshold.trim() === '' || !Number.isFinite(score))
      throw new ConfigError(`--threshold ${opts.threshold}: a score, e.g. 1163`);
    return { score, model: '' };
  }
  const model = str(opts.thresholdModel);
  if (!model) return null;
  const found = (
    await read(
      `SELECT toFloat64(score) FROM model_scores WHERE benchmark_key = ${quote(benchmark)} AND model = ${quote(model)}`,
      'TSV',
    )
  ).trim();
  if (!found)
    throw new ConfigError(
      `${model} has no ${benchmark} score: see SELECT benchmark_key, model, score FROM model_scores (a benchmark with several versions is named benchmark:version)`,
    );
  return { score: Number(found), model };
}

export const cheapestAtOrAbove = (benchmark: string, t: { score: number; model: string }, o: ObservedOptions): string =>
  `SELECT * FROM cheapest_at_or_above(benchmark = ${quote(benchmark)}, threshold = ${t.score}, reference_model = ${quote(t.model)}, input_weight = ${o.blend}, basis = '${o.basis}', include_reasoning = ${o.includeReasoning ? 1 : 0}) ORDER BY day`;

export const priceIndex: MetricVerb = {
  name: 'price-index',
  description:
    "capability-adjusted price decline (Epoch AI's method): over Epoch's price-trend files (--inputs epoch) or over the prices and scores rebar observed (--inputs observed)",
  method: METHOD,
  version: 3,
  options: [
    {
      flags: '--inputs <which>',
      description:
        "epoch: Epoch AI's pre-blended price-trend rows (model_price_points); observed: the price sheets and leaderboards rebar holds",
      default: 'epoch',
    },
    {
      flags: '--benchmark <name>',
      description: `epoch: ${BENCHMARKS.join(', ')}; observed: any benchmark in model_scores (e.g. lmarena_text)`,
    },
    {
      flags: '--threshold-model <name>',
      description: 'a model whose score is the threshold (default: the first ever-top-1 model)',
    },
    { flags: '--threshold <score>', description: 'a score instead of a threshold model' },
    { flags: '--all', description: 'every series: each benchmark, each ever-top-1 threshold, 4 points or more' },
    { flags: '--include-reasoning', description: 'keep the reasoning models Epoch leaves out' },
    {
      flags: '--with-corrections',
      description: 'observed: every price, also those a later correction replaced (default: left out)',
    },
    {
      flags: '--blend <input-weight>',
      description: 'observed: input tokens per output token in the blended price (3 as Epoch, 1 as a16z)',
      default: '3',
    },
    {
      flags: '--basis <basis>',
      description:
        "observed: first_party (the maker's own price where it sells the model, else the median across providers) or median",
      default: 'first_party',
    },
  ],
  inputs: (opts) =>
    opts.inputs === 'observed' ? ['price_observations', 'models', 'benchmark_results'] : ['model_price_points'],
  async run(read, opts, json) {
    const choice = opts as PriceIndexOptions;
    if (opts.inputs !== 'observed') {
      if (opts.inputs !== 'epoch' && opts.inputs !== undefined)
        throw new ConfigError(`--inputs ${String(opts.inputs)}: epoch or observed`);
      if (str(opts.blend) !== undefined && str(opts.blend) !== '3')
        throw new ConfigError(
          "--blend: Epoch's inputs come blended 3:1 by the dataset; use --inputs observed for another weight",
        );
      return formatSeries(
        pickSeries(epochModels(await read(EPOCH_INPUTS, 'JSONEachRow'), choice), choice, BENCHMARKS),
        METHOD,
        json,
      );
    }
    const o = observedOptions(opts);
    const { models, benchmarks } = observedModels(
      // a threshold below 0 ends a percent benchmark's range under 100: every row, unpruned
      await read(observedPrices(o, !(Number(opts.threshold) < 0)), 'TSV'),
      await read(OBSERVED_SCORES, 'JSONEachRow'),
      o,
    );
    const found = pickSeries(models, choice, benchmarks);
    const method = observedMethod(o);
    const params = { inputs: 'observed', blend: o.blend, basis: o.basis, with_corrections: o.withCorrections === true };
    if (opts.all) return formatSeries(found, method, json, params);
    // one series: beside the fit, each day's cheapest at the threshold and the threshold model's own price that day
    const s = found[0]!;
    const byDay = cheapestAtOrAbove(
      s.benchmark,
      { score: s.threshold, model: opts.threshold === undefined ? s.threshold_model : '' },
      o,
    );
    if (json)
      return formatSeries(found, method, true, {
        ...params,
        by_day: (await read(byDay, 'JSONEachRow'))
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as unknown),
      });
    return `${formatSeries(found, method, false)}\n${await read(byDay, 'PrettyCompactMonoBlock')}`;
  },
};
