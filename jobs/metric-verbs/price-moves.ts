import { ConfigError } from '../../schemas/errors.ts';
import { cheapestAtOrAbove, observedOptions, thresholdScore } from './price-index.ts';
import { quote, str, show, where, type MetricVerb } from '../metric-session.ts';

export const priceChanges: MetricVerb = {
  name: 'price-changes',
  description:
    "per provider and month: a vendor's cuts, increases and their median size (moves; --all for corrections and unknown steps too); the largest cuts; with --model, that model family's price path",
  method:
    "price_changes: every step per series in observed-time order; a cut is a decrease, its size pct_change; class 'move' unless --all (a correction is a source fixing its own entry, unknown a step nothing confirms)",
  version: 2,
  options: [
    { flags: '--provider <name>', description: 'one provider, e.g. openai' },
    {
      flags: '--model <prefix>',
      description: 'a model family: ids starting with it (e.g. gpt-4o), its input and output price path',
    },
    { flags: '--all', description: 'every price step, corrections and unknown ones too (default: moves only)' },
  ],
  inputs: () => ['price_observations', 'complete_documents', 'price_change_events'],
  run(read, opts, json) {
    const classes = opts.all ? 'all' : 'move';
    const w = where({ provider: opts.provider, class: classes });
    const steps = where({ provider: opts.provider, ...(opts.all ? {} : { class: 'move' }) });
    const queries = [
      `SELECT * FROM price_change_summary ${w} ORDER BY month, provider`,
      `SELECT observed_at, provider, model, token_class, service_tier, old_usd_per_mtok, new_usd_per_mtok, pct_change, class, class_evidence, source FROM price_changes ${steps ? `${steps} AND` : 'WHERE'} kind = 'decrease' ORDER BY pct_change, observed_at, series_key LIMIT 20`,
    ];
    const family = str(opts.model);
    if (family)
      queries.push(
        `SELECT observed_at, source, provider, model, model_id, token_class, usd_per_mtok FROM price_observations WHERE (startsWith(model, ${quote(family)}) OR startsWith(model_id, ${quote(family)})) AND token_class IN ('input', 'output') AND service_tier = 'standard' AND context_tier = 'base' ORDER BY model, provider, token_class, observed_at, series_key`,
      );
    return show(read, this.method, queries, json);
  },
};

export const dispersion: MetricVerb = {
  name: 'dispersion',
  description:
    'per open-weights model sold by several hosts (registry ids, not spellings): min, median, max price and max/min, on a price day; and $/GPU-hour spread across providers per GPU model and month',
  method:
    "a model's price at a host = that host's cheapest region, standard tier, base context, from each document's latest snapshot that day; blended = (w x input + output) / (w + 1); GPUs: each provider's latest on-demand list price in the month",
  version: 1,
  options: [
    { flags: '--day <date>', description: 'the price day (default: the latest)' },
    { flags: '--min-providers <n>', description: 'only models sold by at least n hosts', default: '2' },
    { flags: '--closed', description: 'closed models too (default: open weights only)' },
    {
      flags: '--blend <input-weight>',
      description: 'input tokens per output token in the blended price',
      default: '3',
    },
  ],
  inputs: () => ['price_observations', 'models', 'gpu_price_observations'],
  run(read, opts, json) {
    const day = str(opts.day);
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new ConfigError(`--day ${day}: a date, YYYY-MM-DD`);
    const n = Number(str(opts.minProviders) ?? '2');
    if (!Number.isInteger(n) || n < 2)
      throw new ConfigError(`--min-providers ${String(opts.minProviders)}: an integer, 2 or more`);
    const { blend } = observedOptions(opts);
    const onDay = day ? `day = ${quote(day)}` : 'day = (SELECT max(day) FROM model_prices_by_day)';
    return show(
      read,
      this.method,
      [
        `SELECT * EXCEPT (input_weight) FROM price_dispersion(input_weight = ${blend}) WHERE ${onDay} AND providers >= ${n}${opts.closed ? '' : ' AND open_weights'} ORDER BY providers DESC, model_id`,
        'SELECT * FROM gpu_price_dispersion ORDER BY gpu_model, month',
      ],
      json,
    );
  },
};

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
