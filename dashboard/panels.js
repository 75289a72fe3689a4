// the dashboard's panels: each one's title, what it shows, and the SQL it plots (run as is at /, read-only).
// kind says how dashboard.js draws the rows: lines (x, then one column per series, or long rows split by a key), bars,
// hbars (a ranked list) or a table; params fill {name} in the SQL from the panel's selects.

export const PANELS = [
  {
    id: 'price-index',
    title: 'Capability-adjusted price index',
    note: "Epoch AI's method: the cheapest model so far at or above a threshold score, log scale, the fitted line and its factor per year with the 90% interval. On Epoch's own files (epoch) or on the prices rebar observed (observed).",
    kind: 'price-index',
  },
  {
    id: 'price-changes',
    title: 'Price changes: cuts and increases per month',
    note: "Moves of a token price (first listings and removals left out), of every provider or one; that provider's latest moves below.",
    kind: 'bars',
    params: {
      provider: `SELECT provider FROM (SELECT '' AS provider, 0 AS o UNION ALL SELECT DISTINCT provider, 1 FROM price_changes WHERE kind IN ('decrease', 'increase'))
ORDER BY o, provider`,
    },
    sql: `SELECT toStartOfMonth(observed_at) AS month, countIf(kind = 'decrease') AS cuts, countIf(kind = 'increase') AS increases
FROM price_changes
WHERE kind IN ('decrease', 'increase') AND ({provider} = '' OR provider = {provider})
GROUP BY month
ORDER BY month`,
    table: `SELECT toDate(observed_at) AS day, provider, source_model_id AS model, token_class, kind,
  toString(old_usd_per_mtok) AS old_usd_per_mtok, toString(new_usd_per_mtok) AS new_usd_per_mtok, round(pct_change, 1) AS pct
FROM price_changes
WHERE kind IN ('decrease', 'increase') AND ({provider} = '' OR provider = {provider})
ORDER BY observed_at DESC, provider, model
LIMIT 40`,
  },
  {
    id: 'dispersion',
    title: "One model's price across hosts",
    note: 'Blended price (3 input : 1 output, USD per 1M tokens) per day: the cheapest host, the median and the dearest.',
    kind: 'lines',
    log: true,
    params: {
      model: `SELECT model_id FROM price_dispersion(input_weight = 3) GROUP BY model_id ORDER BY max(providers) DESC, count() DESC, model_id LIMIT 30`,
    },
    sql: `SELECT day, min_blended AS cheapest, median_blended AS median, max_blended AS dearest
FROM price_dispersion(input_weight = 3)
WHERE model_id = {model}
ORDER BY day`,
  },
  {
    id: 'gpu',
    title: 'GPU rental: USD per GPU-hour',
    note: "Each provider's cheapest listed price per GPU model, as last observed (on-demand, reserved and spot alike).",
    kind: 'hbars',
    sql: `SELECT gpu_model, provider, round(toFloat64(min(usd_per_gpu_hour)), 2) AS usd_per_gpu_hour
FROM gpu_price_latest
GROUP BY gpu_model, provider
ORDER BY gpu_model, usd_per_gpu_hour`,
  },
  {
    id: 'share-series',
    title: 'Market shares',
    note: 'Share per period of the eight largest entities of one share series (a source, its segment and what it measures: tokens, spend, usage, adoption).',
    kind: 'lines',
    split: 'entity',
    params: {
      series: `SELECT concat(source, ' · ', segment, ' · ', metric) AS series FROM share_series GROUP BY series ORDER BY count() DESC, series`,
    },
    sql: `SELECT report_date, entity, round(share, 2) AS share
FROM share_series
WHERE concat(source, ' · ', segment, ' · ', metric) = {series}
  AND entity IN (
    SELECT entity FROM share_series WHERE concat(source, ' · ', segment, ' · ', metric) = {series}
    GROUP BY entity ORDER BY sum(share) DESC, entity LIMIT 8)
ORDER BY report_date, entity`,
  },
  {
    id: 'shares',
    title: 'Market concentration (HHI) with the 2023 Merger Guidelines bands',
    note: 'HHI per share series and period; above 1,000 moderately, above 1,800 highly concentrated (2023 Merger Guidelines).',
    kind: 'lines',
    split: 'series',
    bands: [1000, 1800],
    sql: `SELECT report_date, concat(source, ' · ', segment, ' · ', metric) AS series, round(hhi) AS hhi
FROM share_concentration
ORDER BY report_date, series`,
  },
  {
    id: 'leadership',
    title: 'Benchmark leadership over time',
    note: "The leader's score per snapshot and benchmark; the changes of leader below.",
    kind: 'lines',
    split: 'benchmark',
    sql: `SELECT snapshot_date, benchmark, toFloat64(leader_score) AS leader_score
FROM benchmark_leaders
ORDER BY snapshot_date, benchmark`,
    table: `SELECT snapshot_date, benchmark, leader, leader_organization, previous_leader
FROM benchmark_leaders
WHERE leader_changed
ORDER BY snapshot_date DESC
LIMIT 40`,
  },
  {
    id: 'capex',
    title: 'Capex by company against revenue',
    note: 'Fiscal-year capital expenditure and revenue from XBRL filings (billions of USD), with capex as a share of revenue below.',
    kind: 'lines',
    split: 'ticker',
    sql: `SELECT toDate(period_end) AS period_end, ticker, round(toFloat64(capex_usd) / 1e9, 3) AS capex_busd
FROM capex_annual
ORDER BY period_end, ticker`,
    table: `SELECT ticker, fiscal_year, round(toFloat64(capex_usd) / 1e9, 2) AS capex_busd, round(toFloat64(revenue_usd) / 1e9, 2) AS revenue_busd,
  round(capex_to_revenue * 100, 1) AS capex_pct_of_revenue
FROM capex_annual
ORDER BY ticker, fiscal_year DESC`,
  },
  {
    id: 'capex-layers',
    title: 'Capex by stack layer, and the plans against AI revenue',
    note: "Calendar-year capex per layer of the AI stack (billions of USD, the companies that filed); below, the hyperscalers' announced capex plans beside the AI revenue a cited source reports.",
    kind: 'lines',
    split: 'layer',
    sql: `SELECT toDate(concat(toString(calendar_year), '-12-31')) AS year_end, layer, round(toFloat64(capex_usd) / 1e9, 3) AS capex_busd
FROM capex_by_layer_calendar_year
ORDER BY year_end, layer`,
    table: `SELECT plan_year, as_of, arrayStringConcat(companies, ', ') AS companies,
  round(toFloat64(capex_low_usd) / 1e9) AS capex_low_busd, round(toFloat64(capex_high_usd) / 1e9) AS capex_high_busd,
  ai_revenue_year, round(toFloat64(ai_revenue_usd) / 1e9, 1) AS ai_revenue_busd, ratio_low, ratio_high, ai_revenue_publisher
FROM capex_plans_vs_ai_revenue
ORDER BY plan_year DESC, as_of DESC`,
  },
  {
    id: 'freshness',
    title: 'Sources: freshness, failures and dead letters',
    note: 'Each source: failing (its last fetch failed for good, after retries), stale (not refreshed within its expected interval), fresh, or not fetched yet; its latest document, how many rebar holds, the last failure and why. Below, what was rejected and why.',
    kind: 'table',
    sql: `SELECT k.source AS source,
  multiIf(f.last_failure > ifNull(f.last_success, toDateTime64(0, 3, 'UTC')), 'failing',
    f.last_success IS NULL AND d.documents = 0, 'not fetched',
    s.expected_refresh_s > 0 AND (f.last_success IS NULL OR dateDiff('second', f.last_success, now()) > s.expected_refresh_s), 'stale',
    'fresh') AS state,
  d.latest_observed AS latest_observed, d.documents AS documents, f.last_success AS last_success,
  f.last_failure AS last_failure, f.failures_7d AS failures_7d, f.why AS last_failure_reason
FROM (SELECT source FROM sources UNION DISTINCT SELECT source FROM raw_documents UNION DISTINCT SELECT source FROM source_fetches) AS k
LEFT JOIN sources AS s ON s.source = k.source
LEFT JOIN (SELECT source, toNullable(max(observed_at)) AS latest_observed, count() AS documents FROM raw_documents GROUP BY source) AS d
  ON d.source = k.source
LEFT JOIN (
  SELECT source, nullIf(maxIf(attempted_at, status != 'failed'), 0) AS last_success,
    nullIf(maxIf(attempted_at, status = 'failed'), 0) AS last_failure,
    countIf(status = 'failed' AND attempted_at >= now() - INTERVAL 7 DAY) AS failures_7d,
    argMaxIf(reason, attempted_at, status = 'failed') AS why
  FROM source_fetches GROUP BY source
) AS f ON f.source = k.source
ORDER BY indexOf(['failing', 'stale', 'fresh', 'not fetched'], state), latest_observed DESC, source`,
    table: `SELECT source, stage, reason, count() AS records, max(dead_lettered_at) AS latest
FROM dead_letters
GROUP BY source, stage, reason
ORDER BY records DESC
LIMIT 40`,
  },
];
