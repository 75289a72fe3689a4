import { ConfigError } from '../../schemas/errors.ts';
import { cheapestAtOrAbove, observedOptions, thresholdScore } from '../price-index/verb.ts';
import { str, show, where, type MetricVerb } from '../session.ts';

export const openClosedGap: MetricVerb = {
  name: 'open-closed-gap',
  description:
    'per benchmark and snapshot: the best open-weights and best closed scores and the gap; with a threshold, the cheapest open and closed model at or above it on each price day',
  method:
    'open weights from the registry (models.open_weights); best = highest score per snapshot; cheapest = lowest blended price among models whose latest score reaches the threshold',
  version: 1,
  options: [
    {
      flags: '--benchmark <name>',
      description:
        'one benchmark, e.g. lmarena_text (benchmark:version where it has several, as model_scores.benchmark_key)',
    },
    {
      flags: '--threshold-model <model>',
      description: 'a registry model whose latest score is the capability threshold (e.g. gpt-4-0613)',
    },
    { flags: '--threshold <score>', description: 'a score instead' },
    { flags: '--blend <input-weight>', description: 'input tokens per output token', default: '3' },
    { flags: '--basis <basis>', description: 'first_party or median', default: 'first_party' },
    { flags: '--include-reasoning', description: 'reasoning models too' },
  ],
  inputs: () => ['benchmark_results', 'models', 'price_observations'],
  async run(read, opts, json) {
    const benchmark = str(opts.benchmark);
    // 'aider_polyglot:diff' names one version of a benchmark that has several, as in model_scores
    const [name, version] = benchmark?.split(':') ?? [];
    const queries = [
      `SELECT * FROM open_closed_gap ${where({ benchmark: name, benchmark_version: version })} ORDER BY benchmark, benchmark_version, snapshot_date`,
    ];
    if (opts.threshold !== undefined || opts.thresholdModel !== undefined) {
      if (!benchmark) throw new ConfigError('a threshold needs --benchmark');
      const t = await thresholdScore(read, benchmark, opts);
      queries.push(
        `SELECT day, benchmark, threshold, models_at_or_above, cheapest_open_weights, cheapest_closed FROM (${cheapestAtOrAbove(benchmark, t!, observedOptions(opts))})`,
      );
    }
    return show(read, this.method, queries, json);
  },
};
