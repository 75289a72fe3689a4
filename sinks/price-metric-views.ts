import { MODEL_PRICES_BY_DAY_COLUMNS, modelPricesByDayTable } from '../schemas/model-prices-by-day.ts';
import { firstPartyOrgSql, nearSql, unitErrorFactorSql } from '../transform/metrics/agreement.ts';
import { WRONG_OLD_PRICE } from '../transform/change-class.ts';
import { EPOCH, goneAt, RELEASES } from './removal-rule.ts';

// commoditization metrics over the prices rebar holds: a model's price per day across hosts, dispersion, cheapest at a capability

// on a day, each series' latest observation on or before the day's end stands unless its period ended by then
// (effective_to) or a later complete document of its source dropped it (the removal rule of price_changes: a
// dead-lettered series is held, not dropped). The days are those any registry-resolved price was observed.
// Each observation is read once, as the span of days it stands (to the day before its series' next observation, its
// removal or its period's end), and only its span is expanded: no grid of every day by every series
const STANDING_KEYS = ['series_key', 'source', 'observed_at', 'effective_to'];
const NEVER = "toDate('2299-12-31')";
// From a day on (a Date expression), only the days from it: each series' observations from that day and its last before
const standingByDay = (columns: string[], where: string, fromDay: string | null = null): string => {
  const all = [...STANDING_KEYS, ...columns];
  const from = (t: string): string => all.map((c) => `${t}.${c} AS ${c}`).join(', ');
  const since = fromDay === null ? '' : ` AND observed_at >= toDateTime64(${fromDay}, 3, 'UTC')`;
  const before =
    fromDay === null
      ? ''
      : `
    UNION ALL
    SELECT ${all.join(', ')} FROM price_observations_store FINAL WHERE ${where} AND (series_key, observed_at) IN (
      SELECT series_key, max(observed_at) FROM price_observations_store FINAL
      WHERE ${where} AND observed_at < toDateTime64(${fromDay}, 3, 'UTC') GROUP BY series_key)`;
  return `
  obs AS (SELECT ${all.join(', ')} FROM price_observations_store FINAL WHERE ${where}${since}${before}),
  days AS (SELECT DISTINCT toDate(observed_at) AS day FROM price_observations_store WHERE model_id != ''${since}),
  day_index AS (SELECT day, toUInt8(0) AS k, toUInt32(row_number() OVER (ORDER BY day)) AS i FROM days),
  spans AS (
    SELECT ${from('o')},
      leadInFrame(toNullable(o.observed_at)) OVER (PARTITION BY o.series_key ORDER BY o.observed_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS next_at
    FROM obs AS o
  ),
  -- the last day it stands: a day stands while its end (the next midnight) is no later than the next observation and the
  -- removal, and before the period's end
  bounded AS (
    SELECT ${from('s')}, toDate(s.observed_at) AS first_day, toUInt8(0) AS k,
      least(if(s.next_at IS NULL, ${NEVER}, toDate(s.next_at) - 1),
        if(${goneAt('d.doc_at')} = ${EPOCH}, ${NEVER}, toDate(${goneAt('d.doc_at')}) - 1),
        if(s.effective_to IS NULL, ${NEVER}, toDate(s.effective_to - toIntervalMillisecond(1)) - 1)) AS last_day
    FROM spans AS s
    ASOF LEFT JOIN (SELECT source AS doc_source, observed_at AS doc_at FROM complete_documents) AS d
      ON d.doc_source = s.source AND d.doc_at > s.observed_at
    LEFT JOIN releases AS r ON r.held_key = s.series_key AND r.held_at = d.doc_at
  ),
  -- the span as positions in the day list: the first price day on or after its first day, the last on or before its last
  placed AS (
    SELECT ${from('b')}, f.i AS first_i, l.i AS last_i
    FROM bounded AS b
    ASOF LEFT JOIN day_index AS f ON f.k = b.k AND f.day >= b.first_day
    ASOF LEFT JOIN day_index AS l ON l.k = b.k AND l.day <= b.last_day
    WHERE b.first_day <= b.last_day
  ),
  standing AS (
    SELECT x.day AS day, toDateTime64(x.day + 1, 3, 'UTC') AS day_end, ${from('p')}
    FROM (SELECT *, arrayJoin(range(first_i, last_i + 1)) AS at_i FROM placed WHERE first_i > 0 AND last_i >= first_i) AS p
    INNER JOIN day_index AS x ON x.i = p.at_i
  )`;
};

/** Whether event e (class, class_evidence) is a correction that showed the price it left wrong. */
export const wrongOldPriceSql = (e: string): string =>
  `(${e}.class = 'correction' AND (${WRONG_OLD_PRICE.map((w) => `startsWith(${e}.class_evidence, '${w}')`).join(' OR ')}))`;

// Moves only (the default) leaves out a price a correction later showed wrong (a typo reverted, input and output
// swapped, an entry that carried another model's price, a source behind the others); a correction that re-pointed or
// re-mapped an entry, or changed its mode, leaves the old price standing: it was the price of what the entry named.
// The correction must be the series' next event, from the price it left: a removal between ends the reach, and a price
// history placed before it is not the one it replaced
const CORRECTED = `
  corrected AS (
    SELECT o.event_id AS event_id
    FROM (SELECT series_key, observed_at, event_id, usd_per_mtok FROM price_observations_store WHERE model_id != '') AS o
    ASOF INNER JOIN (SELECT series_key, observed_at, kind, old_usd_per_mtok, class, class_evidence FROM price_change_events) AS e
      ON e.series_key = o.series_key AND e.observed_at > o.observed_at
    WHERE e.class = 'correction' AND e.kind IN ('increase', 'decrease') AND e.old_usd_per_mtok = o.usd_per_mtok
      AND ${wrongOldPriceSql('e')}
  )`;

/** model_prices_by_day's rows (movesOnly) or _all's, every day or the days from fromDay (a Date expression) on. */
export const computeModelPricesByDay = (movesOnly: boolean, fromDay: string | null): string => `
WITH${RELEASES},${CORRECTED},${standingByDay(
  ['provider', 'model_id', 'token_class', 'usd_per_mtok'],
  `model_id != '' AND token_class IN ('input', 'output') AND service_tier = 'standard' AND context_tier = 'base'${movesOnly ? ' AND event_id NOT IN (SELECT event_id FROM corrected)' : ''}`,
  fromDay,
)},
  -- a provider's price is its cheapest region's (and the lowest where two sources list it)
  by_provider AS (
    SELECT day, model_id, provider,
      toFloat64(minIf(usd_per_mtok, token_class = 'input')) AS input_p, toFloat64(minIf(usd_per_mtok, token_class = 'output')) AS output_p
    FROM standing
    GROUP BY day, model_id, provider
    -- both sides priced, and not a free preview (a zero price is not a market price)
    HAVING countIf(token_class = 'input') > 0 AND countIf(token_class = 'output') > 0 AND input_p + output_p > 0
  )
SELECT b.day AS day, b.model_id AS model_id, any(m.organization) AS organization, any(m.open_weights) AS open_weights, any(m.reasoning) AS reasoning,
  any(m.release_date) AS release_date, count() AS providers, countIf(b.provider = m.organization) > 0 AS first_party,
  anyIf(toNullable(b.input_p), b.provider = m.organization) AS first_party_input, anyIf(toNullable(b.output_p), b.provider = m.organization) AS first_party_output,
  round(median(b.input_p), 6) AS median_input, round(median(b.output_p), 6) AS median_output,
  min(b.input_p) AS min_input, max(b.input_p) AS max_input, min(b.output_p) AS min_output, max(b.output_p) AS max_output,
  arraySort(groupArray((b.provider, b.input_p, b.output_p))) AS provider_prices
FROM by_provider AS b LEFT JOIN models AS m ON m.model_id = b.model_id
GROUP BY day, model_id`;

const keptModelPrices = (variant: 'moves' | 'all'): string =>
  `SELECT ${MODEL_PRICES_BY_DAY_COLUMNS.join(', ')} FROM ${modelPricesByDayTable.name} FINAL WHERE variant = '${variant}' AND NOT is_deleted`;

// the blend of one provider's (input, output) at the view's weight
const blend = (input: string, output: string): string =>
  `({input_weight:Float64} * ${input} + ${output}) / ({input_weight:Float64} + 1)`;

const PRICE_DISPERSION = `
SELECT day, model_id, organization, open_weights, providers, {input_weight:Float64} AS input_weight,
  min_input, median_input, max_input, round(max_input / nullIf(min_input, 0), 3) AS input_max_min_ratio,
  min_output, median_output, max_output, round(max_output / nullIf(min_output, 0), 3) AS output_max_min_ratio,
  round(arrayMin(p -> ${blend('p.2', 'p.3')}, provider_prices), 6) AS min_blended,
  round(arrayReduce('median', arrayMap(p -> ${blend('p.2', 'p.3')}, provider_prices)), 6) AS median_blended,
  round(arrayMax(p -> ${blend('p.2', 'p.3')}, provider_prices), 6) AS max_blended,
  round(max_blended / nullIf(min_blended, 0), 3) AS blended_max_min_ratio, provider_prices
FROM model_prices_by_day WHERE providers >= 2`;

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

// rows the registry does not resolve are counted and their best shown, not silently dropped: an unresolved open model could lead
const OPEN_CLOSED_GAP = `
SELECT benchmark, benchmark_version, snapshot_date,
  argMaxIf((model, toNullable(score)), (score, model), resolved AND open_weights) AS best_open,
  argMaxIf((model, toNullable(score)), (score, model), resolved AND NOT open_weights) AS best_closed,
  best_closed.2 - best_open.2 AS gap, countIf(resolved AND open_weights) AS open_models, countIf(resolved AND NOT open_weights) AS closed_models,
  countIf(NOT resolved) AS unresolved_models, argMaxIf((source_model_id, toNullable(score)), (score, source_model_id), NOT resolved) AS best_unresolved
FROM (
  SELECT r.benchmark AS benchmark, r.benchmark_version AS benchmark_version, r.snapshot_date AS snapshot_date, r.model AS model,
    r.source_model_id AS source_model_id, r.score AS score, m.model_id != '' AS resolved, m.open_weights AS open_weights
  FROM benchmark_results AS r LEFT JOIN models AS m ON m.model_id = r.model AND r.model != ''
)
GROUP BY benchmark, benchmark_version, snapshot_date HAVING open_models > 0 AND closed_models > 0`;

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

// cross-source agreement: per day and dimension, each source's standing price (the rule of model_prices_by_day, every
// price kept), paired with every other source's. A dimension is a registry model as sold by one provider (model_id,
// provider, token_class, service_tier, region, context_tier): litellm's azure price is compared with another sheet's
// azure price, OpenRouter's with OpenRouter's. A source with several series on one dimension (aliases, ':nitro'
// variants) gives its lowest; a zero (free) is no price
const PRICE_AGREEMENT = `
WITH${RELEASES},${standingByDay(
  ['provider', 'model_id', 'token_class', 'service_tier', 'region', 'context_tier', 'usd_per_mtok'],
  "model_id != ''",
)},
  per_source AS (
    SELECT day, model_id, provider, token_class, service_tier, region, context_tier, source, min(usd_per_mtok) AS usd, count() AS series
    FROM standing WHERE usd_per_mtok > 0 GROUP BY day, model_id, provider, token_class, service_tier, region, context_tier, source
  ),
  pairs AS (
    SELECT a.day AS day, a.model_id AS model_id, a.provider AS provider, a.token_class AS token_class, a.service_tier AS service_tier,
      a.region AS region, a.context_tier AS context_tier, a.source AS source_a, a.usd AS usd_a, a.series AS series_a,
      b.source AS source_b, b.usd AS usd_b, b.series AS series_b,
      greatest(toFloat64(a.usd), toFloat64(b.usd)) / least(toFloat64(a.usd), toFloat64(b.usd)) AS f
    FROM per_source AS a INNER JOIN per_source AS b
      ON b.day = a.day AND b.model_id = a.model_id AND b.provider = a.provider AND b.token_class = a.token_class
        AND b.service_tier = a.service_tier AND b.region = a.region AND b.context_tier = a.context_tier
    WHERE a.source < b.source
  )
SELECT p.day AS day, p.model_id AS model_id, ifNull(m.organization, '') AS organization, p.provider AS provider, p.token_class AS token_class,
  p.service_tier AS service_tier, p.region AS region, p.context_tier AS context_tier, p.source_a AS source_a, p.usd_a AS usd_a,
  p.series_a AS series_a, p.source_b AS source_b, p.usd_b AS usd_b, p.series_b AS series_b,
  round(toFloat64(p.usd_b) / toFloat64(p.usd_a), 6) AS ratio,
  round(p.f, 6) AS factor, p.usd_a = p.usd_b AS agree, ${nearSql('p.f')} AS within_tolerance, NOT within_tolerance AS disagree,
  ${unitErrorFactorSql('p.f')} AS unit_error_factor, unit_error_factor > 0 AS probable_unit_error,
  multiIf(organization = '', '', ${firstPartyOrgSql('p.source_a')} = organization, p.source_a,
    ${firstPartyOrgSql('p.source_b')} = organization, p.source_b, '') AS first_party
FROM pairs AS p LEFT JOIN (SELECT model_id, any(organization) AS organization FROM models GROUP BY model_id) AS m ON m.model_id = p.model_id`;

const PRICE_AGREEMENT_SUMMARY = `
SELECT day, source_a, source_b, count() AS dimensions, uniqExact(model_id) AS models, countIf(agree) AS agreeing,
  countIf(within_tolerance AND NOT agree) AS near, countIf(disagree) AS disagreeing, countIf(probable_unit_error) AS probable_unit_errors,
  countIf(first_party != '') AS with_first_party
FROM price_agreement GROUP BY day, source_a, source_b`;

export const priceMetricViews: { name: string; comment: string; sql: string }[] = [
  {
    name: 'model_prices_by_day',
    comment:
      "per day a price document was seen and per registry model: the providers selling it (USD per 1M tokens, standard tier, base context, a provider's cheapest region), first-party price where its maker sells it, median, min and max across providers; a series stands until its period ends or a complete document drops it, and a price a later correction replaced is left out (model_prices_by_day_all keeps it)",
    sql: keptModelPrices('moves'),
  },
  {
    name: 'model_prices_by_day_all',
    comment:
      "model_prices_by_day with every price, also those a later correction replaced (model_prices_by_day leaves them out: a typo, an entry that carried another model's price)",
    sql: keptModelPrices('all'),
  },
  {
    name: 'price_dispersion',
    comment:
      'per day and model sold by 2 or more providers: min, median, max price and the max/min ratio, input, output and blended at input_weight: SELECT * FROM price_dispersion(input_weight = 3) WHERE open_weights',
    sql: PRICE_DISPERSION,
  },
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
  {
    name: 'open_closed_gap',
    comment:
      'per benchmark and snapshot: the best open-weights and the best closed model (registry open_weights) with their scores, and the gap; rows the registry does not resolve are counted, with the best of them (one could be open)',
    sql: OPEN_CLOSED_GAP,
  },
  {
    name: 'gpu_price_dispersion',
    comment:
      "per GPU model and month with 2 providers or more: providers' on-demand list $/GPU-hour (each provider's latest that month, its cheapest offer), min, median, max and max/min",
    sql: GPU_PRICE_DISPERSION,
  },
  {
    name: 'price_agreement',
    comment:
      "per day any source observed and per dimension (registry model, provider, token class, tier, region, context; rows without a resolved model_id take no part): one row per pair of sources carrying it, each source's standing price (its lowest series there, free left out), ratio b/a, factor larger/smaller, agree (equal), within_tolerance (factor <= 1.005), disagree, probable_unit_error (factor within 5 % of 100, 1000 or 1000000) and first_party (which source is the model maker's own price list, '' if neither)",
    sql: PRICE_AGREEMENT,
  },
  {
    name: 'price_agreement_summary',
    comment:
      'per day and source pair, over price_agreement: dimensions both carry, agreeing (equal), near (within 0.5 %), disagreeing (beyond), probable unit errors, and how many have a first-party side',
    sql: PRICE_AGREEMENT_SUMMARY,
  },
];
