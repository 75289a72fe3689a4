import { ConfigError } from '../../schemas/errors.ts';
import { TOLERANCE, UNIT_ERROR_BAND, UNIT_ERROR_FACTORS } from '../../transform/price-agreement.ts';
import { quote, show, str, type MetricVerb } from '../session.ts';

const pct = (x: number): string => `${+(x * 100).toFixed(6)} %`;

export const agreement: MetricVerb = {
  name: 'agreement',
  description:
    'cross-source agreement on a price day: per source pair, the dimensions both carry (model, provider, token class, tier, region, context) that agree, are near, disagree or look like unit errors; then the disagreements, largest factor first',
  method: `price_agreement: each source's standing price per dimension on the day (its latest observation on or before it, unless a later complete document dropped it; its lowest series there, free left out; registry-resolved models only); agree = equal, near = within ${pct(TOLERANCE)}, probable unit error = factor within ${pct(UNIT_ERROR_BAND)} of ${UNIT_ERROR_FACTORS.join(', ')}; first_party = the maker's own price list`,
  version: 1,
  options: [
    { flags: '--day <date>', description: 'the price day (default: the latest)' },
    { flags: '--pair <a,b>', description: 'one source pair, e.g. litellm,openrouter' },
    { flags: '--limit <n>', description: 'disagreements shown', default: '20' },
  ],
  inputs: () => ['price_observations', 'complete_documents', 'models'],
  run(read, opts, json) {
    const day = str(opts.day);
    if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day))
      throw new ConfigError(`--day ${day}: a date, YYYY-MM-DD`);
    const limit = Number(str(opts.limit) ?? '20');
    if (!Number.isInteger(limit) || limit < 0)
      throw new ConfigError(`--limit ${String(opts.limit)}: an integer, 0 or more`);
    const conds = [
      day
        ? `day = ${quote(day)}`
        : "day = (SELECT max(toDate(observed_at)) FROM price_observations WHERE model_id != '')",
    ];
    const pair = str(opts.pair);
    if (pair !== undefined) {
      const names = pair.split(',').map((s) => s.trim());
      if (names.length !== 2 || names.some((s) => !s) || names[0] === names[1])
        throw new ConfigError(`--pair ${pair}: two different sources, a,b`);
      // a row names its pair in order: source_a < source_b
      const [a, b] = names.sort();
      conds.push(`source_a = ${quote(a!)} AND source_b = ${quote(b!)}`);
    }
    const w = `WHERE ${conds.join(' AND ')}`;
    return show(
      read,
      this.method,
      [
        `SELECT * FROM price_agreement_summary ${w} ORDER BY source_a, source_b`,
        `SELECT day, model_id, organization, provider, token_class, service_tier, region, context_tier, source_a, usd_a, source_b, usd_b, ratio, factor, probable_unit_error, unit_error_factor, first_party FROM price_agreement ${w} AND disagree ORDER BY factor DESC, model_id, provider, token_class, service_tier, region, context_tier, source_a, source_b LIMIT ${limit}`,
      ],
      json,
    );
  },
};
