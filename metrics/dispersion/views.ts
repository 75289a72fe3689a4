import type { ViewSpec } from '../../schemas/clickhouse.ts';
import { blend } from '../inputs/model-prices-by-day.ts';

// a model's price spread across the hosts selling it, per day; $/GPU-hour spread across providers
// (each host's blended price worked out once per row, not once per statistic: a full read is 5M rows at 100M)
const PRICE_DISPERSION = `
SELECT day, model_id, organization, open_weights, providers, {input_weight:Float64} AS input_weight,
  min_input, median_input, max_input, round(max_input / nullIf(min_input, 0), 3) AS input_max_min_ratio,
  min_output, median_output, max_output, round(max_output / nullIf(min_output, 0), 3) AS output_max_min_ratio,
  round(arrayMin(blended), 6) AS min_blended, round(arrayReduce('median', blended), 6) AS median_blended,
  round(arrayMax(blended), 6) AS max_blended, round(max_blended / nullIf(min_blended, 0), 3) AS blended_max_min_ratio,
  provider_prices
FROM (SELECT *, arrayMap(p -> ${blend('p.2', 'p.3')}, provider_prices) AS blended FROM model_prices_by_day WHERE providers >= 2)`;

// per GPU model and month: each provider's latest on-demand list price that month, spread across providers
const GPU_PRICE_DISPERSION = `
SELECT gpu_model, month, count() AS providers, min(usd) AS min_usd_per_gpu_hour, round(median(usd), 6) AS median_usd_per_gpu_hour, max(usd) AS max_usd_per_gpu_hour,
  round(max(usd) / nullIf(min(usd), 0), 3) AS max_min_ratio, arraySort(groupArray((provider, usd))) AS provider_prices
FROM (
  SELECT gpu_model, month, provider, argMax(cheapest, observed_at) AS usd
  FROM (
    -- a provider with several offers of one GPU (instance sizes, regions) at a time: its cheapest
    SELECT gpu_model, toStartOfMonth(observed_at) AS month, provider, observed_at, toFloat64(min(usd_per_gpu_hour)) AS cheapest
    FROM gpu_price_observations WHERE commitment = 'on_demand' AND statistic = 'list' AND provider != 'all'
    GROUP BY gpu_model, month, provider, observed_at
  ) GROUP BY gpu_model, month, provider
) GROUP BY gpu_model, month HAVING providers >= 2`;

export const dispersionViews: ViewSpec[] = [
  {
    name: 'price_dispersion',
    comment:
      'per day and model sold by 2 or more providers: min, median, max price and the max/min ratio, input, output and blended at input_weight: SELECT * FROM price_dispersion(input_weight = 3) WHERE open_weights',
    sql: PRICE_DISPERSION,
  },
  {
    name: 'gpu_price_dispersion',
    comment:
      "per GPU model and month with 2 providers or more: providers' on-demand list $/GPU-hour (each provider's latest that month, its cheapest offer), min, median, max and max/min",
    sql: GPU_PRICE_DISPERSION,
  },
];
