import { ConfigError } from '../../schemas/errors.ts';
import { observedOptions } from '../price-index/verb.ts';
import { quote, str, show, type MetricVerb } from '../session.ts';

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
