// the model registry and the joins later metrics rely on: a model's price on a day, beside its scores

// per snapshot day, the latest standard-tier, base-context USD price of each provider selling the model (none after that day)
const SCORES_WITH_PRICES = `
WITH
  s AS (SELECT * FROM benchmark_results WHERE model != ''),
  p AS (
    SELECT model_id AS model, provider, token_class, usd_per_mtok, observed_at FROM price_observations
    WHERE model_id != '' AND token_class IN ('input', 'output') AND service_tier = 'standard' AND context_tier = 'base' AND region = 'global' AND currency = 'USD'
  ),
  at_day AS (
    SELECT s.snapshot_date AS day, s.model AS model, p.provider AS provider, p.token_class AS token_class, argMax(p.usd_per_mtok, p.observed_at) AS price
    FROM (SELECT DISTINCT snapshot_date, model FROM s) AS s INNER JOIN p ON p.model = s.model
    WHERE toDate(p.observed_at) <= s.snapshot_date
    GROUP BY day, model, provider, token_class
  ),
  by_provider AS (
    SELECT day, model, provider, anyIf(price, token_class = 'input') AS input_p, anyIf(price, token_class = 'output') AS output_p
    FROM at_day GROUP BY day, model, provider HAVING countIf(token_class = 'input') = 1 AND countIf(token_class = 'output') = 1
  ),
  -- the model's own maker's price where it sells it, else the median across the providers that do
  priced AS (
    SELECT b.day AS day, b.model AS model, countIf(b.provider = m.organization) > 0 AS first_party,
      if(first_party, anyIf(toFloat64(b.input_p), b.provider = m.organization), median(toFloat64(b.input_p))) AS input_usd_per_mtok,
      if(first_party, anyIf(toFloat64(b.output_p), b.provider = m.organization), median(toFloat64(b.output_p))) AS output_usd_per_mtok,
      count() AS providers
    FROM by_provider AS b LEFT JOIN models AS m ON m.model_id = b.model
    GROUP BY day, model
  )
SELECT s.benchmark AS benchmark, s.benchmark_version AS benchmark_version, s.snapshot_date AS snapshot_date, s.model AS model,
  s.source_model_id AS source_model_id, s.score AS score, s.unit AS unit,
  p.input_usd_per_mtok AS input_usd_per_mtok, p.output_usd_per_mtok AS output_usd_per_mtok,
  round((3 * p.input_usd_per_mtok + p.output_usd_per_mtok) / 4, 6) AS blended_usd_per_mtok,
  if(p.first_party, 'first_party', concat('median_of_', toString(p.providers))) AS price_basis
FROM s INNER JOIN priced AS p ON p.day = s.snapshot_date AND p.model = s.model`;

export const modelViews: { name: string; comment: string; sql: string }[] = [
  {
    name: 'models',
    comment:
      'the canonical model registry as last loaded: creator, family, release date, open weights, reasoning, and every alias with its validity',
    sql: 'SELECT * FROM models_store FINAL WHERE loaded_at = (SELECT max(loaded_at) FROM models_store)',
  },
  {
    name: 'model_price_points',
    comment:
      "Epoch AI's price-trend inputs: per model and price date, the 3:1 blended USD per 1M tokens beside its scores; reasoning models flagged",
    sql: 'SELECT * FROM model_price_points_store FINAL',
  },
  {
    name: 'notable_models',
    comment:
      "Epoch AI's notable and frontier models: organization, publication date, domain, parameters, training compute, accessibility (open weights or not)",
    sql: 'SELECT * FROM notable_models_store FINAL',
  },
  {
    name: 'benchmark_scores_with_prices',
    comment:
      'per benchmark score of a resolved model, its USD per 1M input and output price on the snapshot day (first-party where the maker sells it, else the median across providers) and the 3:1 blend; for another weight use (w * input + output) / (w + 1)',
    sql: SCORES_WITH_PRICES,
  },
  {
    name: 'benchmark_scores_with_prices_weighted',
    comment:
      "the same, blended at your weight: SELECT * FROM benchmark_scores_with_prices_weighted(input_weight = 1) for a16z's 1:1, 3 for Epoch's 3:1",
    sql: `SELECT * EXCEPT (blended_usd_per_mtok), {input_weight:Float64} AS input_weight,
  round(({input_weight:Float64} * input_usd_per_mtok + output_usd_per_mtok) / ({input_weight:Float64} + 1), 6) AS blended_usd_per_mtok
FROM benchmark_scores_with_prices`,
  },
];
