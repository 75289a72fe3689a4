import type { ViewSpec } from '../../schemas/clickhouse.ts';
import { blend } from '../inputs/model-prices-by-day.ts';

// each model's latest score per benchmark and version (a version is its own test: aider's edit formats, Open LLM's
// sub-benchmarks, SWE-bench's splits); benchmark_key names it 'benchmark' when it has one version, else 'benchmark:version'
const MODEL_SCORES = `
SELECT if(versions = 1, benchmark, concat(benchmark, ':', benchmark_version)) AS benchmark_key, benchmark, benchmark_version, model,
  argMax(score, (snapshot_date, score)) AS score, max(snapshot_date) AS scored_on
FROM (SELECT *, uniqExact(benchmark_version) OVER (PARTITION BY benchmark) AS versions FROM benchmark_results WHERE model != '')
GROUP BY benchmark, benchmark_version, versions, model`;

const price = (basis: string, cls: 'input' | 'output'): string =>
  `if(${basis} = 'median' OR NOT p.first_party, p.median_${cls}, p.first_party_${cls})`;
const CHEAPEST_AT_OR_ABOVE = `
WITH
  scored AS (
    SELECT p.day AS day, p.model_id AS model_id, p.open_weights AS open_weights, p.reasoning AS reasoning, s.score AS score,
      ${price('{basis:String}', 'input')} AS input_usd, ${price('{basis:String}', 'output')} AS output_usd,
      round(${blend('input_usd', 'output_usd')}, 6) AS blended_usd,
      if({basis:String} = 'median' OR NOT p.first_party, concat('median_of_', toString(p.providers)), 'first_party') AS price_basis
    FROM model_prices_by_day AS p INNER JOIN model_scores AS s ON s.model = p.model_id AND s.benchmark_key = {benchmark:String}
    WHERE {include_reasoning:UInt8} OR NOT p.reasoning
  )
SELECT day, {benchmark:String} AS benchmark, {threshold:Float64} AS threshold, {reference_model:String} AS reference_model, {input_weight:Float64} AS input_weight,
  countIf(score >= {threshold:Float64}) AS models_at_or_above,
  anyIf((toNullable(input_usd), toNullable(output_usd), toNullable(blended_usd)), model_id = {reference_model:String}) AS reference_prices,
  argMinIf((model_id, toNullable(blended_usd), input_usd, output_usd, price_basis), (blended_usd, model_id), score >= {threshold:Float64}) AS cheapest_blended,
  argMinIf((model_id, toNullable(output_usd)), (output_usd, model_id), score >= {threshold:Float64}) AS cheapest_output,
  argMinIf((model_id, toNullable(blended_usd)), (blended_usd, model_id), score >= {threshold:Float64} AND open_weights) AS cheapest_open_weights,
  argMinIf((model_id, toNullable(blended_usd)), (blended_usd, model_id), score >= {threshold:Float64} AND NOT open_weights) AS cheapest_closed
FROM scored GROUP BY day HAVING models_at_or_above > 0`;

export const priceIndexViews: ViewSpec[] = [
  {
    name: 'model_scores',
    comment:
      "each registry model's latest score per benchmark and version (the newest snapshot's rating); benchmark_key is the benchmark, or benchmark:version where it has several",
    sql: MODEL_SCORES,
  },
  {
    name: 'cheapest_at_or_above',
    comment:
      "per price day: the cheapest model scoring at least threshold on benchmark (blended at input_weight; basis 'first_party' (else median) or 'median' across providers), the cheapest output price, the cheapest open-weights and closed, and a reference model's own (input, output, blended) prices: SELECT * FROM cheapest_at_or_above(benchmark = 'lmarena_text', threshold = 1163, reference_model = 'gpt-4-0613', input_weight = 3, basis = 'first_party', include_reasoning = 0)",
    sql: CHEAPEST_AT_OR_ABOVE,
  },
];
