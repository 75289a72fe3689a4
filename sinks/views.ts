import { columns } from '../schemas/clickhouse.ts';
import { priceObservationsTable } from '../schemas/events/price-observation.ts';
import { benchmarkViews } from './benchmark-views.ts';
import { datapointViews } from './datapoint-views.ts';
import { filingViews } from './filing-views.ts';
import { metricViews } from './metric-views.ts';
import { modelViews } from './model-views.ts';
import { priceMetricViews } from './price-metric-views.ts';
import { shareViews } from './share-views.ts';

// analysts query these names; the *_store tables behind them may hold not-yet-merged duplicates
const OBSERVATION_COLUMNS = columns(priceObservationsTable)
  .map((c) => `o.${c.name} AS ${c.name}`)
  .join(', ');
const EPOCH = "toDateTime64(0, 3, 'UTC')";

// a series' history is derived from the observations, so it is right in observed-time order whatever the import order
const PRICE_CHANGES = `
WITH
  obs AS (
    SELECT series_key, source, provider, model, source_model_id, token_class, service_tier, region, context_tier,
           usd_per_mtok, observed_at, event_id, source_url
    FROM price_observations_store FINAL
  ),
  seq AS (
    SELECT o.*,
      lagInFrame(toNullable(usd_per_mtok)) OVER w AS prev_usd,
      lagInFrame(toNullable(observed_at)) OVER w AS prev_at,
      lagInFrame(toNullable(event_id)) OVER w AS prev_id,
      leadInFrame(toNullable(observed_at)) OVER w AS next_at,
      row_number() OVER w AS n
    FROM obs AS o
    WINDOW w AS (PARTITION BY series_key ORDER BY observed_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ),
  joined AS (
    SELECT s.*, d.observed_at AS next_doc_at
    FROM seq AS s ASOF LEFT JOIN complete_documents AS d ON s.source = d.source AND d.observed_at > s.observed_at
  ),
  flagged AS (
    SELECT j.*, lagInFrame(next_doc_at) OVER (PARTITION BY series_key ORDER BY observed_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS prev_next_doc_at
    FROM joined AS j
  ),
  moves AS (
    SELECT *,
      n = 1 OR (prev_next_doc_at > ${EPOCH} AND prev_next_doc_at < observed_at) AS listed,
      multiIf(listed, 'first_seen', usd_per_mtok > prev_usd, 'increase', usd_per_mtok < prev_usd, 'decrease', '') AS kind
    FROM flagged
  )
SELECT
  reinterpretAsUUID(MD5(concat(series_key, '|', kind, '|', toString(observed_at)))) AS event_id,
  series_key, kind, provider, model, source_model_id, token_class, service_tier, region, context_tier,
  if(kind = 'first_seen', NULL, prev_usd) AS old_usd_per_mtok,
  toNullable(usd_per_mtok) AS new_usd_per_mtok,
  if(kind = 'first_seen', NULL, usd_per_mtok - prev_usd) AS abs_change,
  if(kind = 'first_seen' OR prev_usd = 0, NULL, round(toFloat64(usd_per_mtok - prev_usd) / toFloat64(prev_usd) * 100, 6)) AS pct_change,
  observed_at,
  if(kind = 'first_seen', NULL, prev_at) AS previous_observed_at,
  if(kind = 'first_seen', NULL, prev_id) AS old_event_id,
  toNullable(event_id) AS new_event_id,
  source, source_url
FROM moves WHERE kind != ''
UNION ALL
SELECT
  reinterpretAsUUID(MD5(concat(series_key, '|removed|', toString(next_doc_at)))) AS event_id,
  series_key, 'removed' AS kind, provider, model, source_model_id, token_class, service_tier, region, context_tier,
  toNullable(usd_per_mtok) AS old_usd_per_mtok, CAST(NULL, 'Nullable(Decimal(38, 12))') AS new_usd_per_mtok,
  CAST(NULL, 'Nullable(Decimal(38, 12))') AS abs_change, CAST(NULL, 'Nullable(Float64)') AS pct_change,
  next_doc_at AS observed_at, toNullable(observed_at) AS previous_observed_at,
  toNullable(event_id) AS old_event_id, CAST(NULL, 'Nullable(UUID)') AS new_event_id,
  source, source_url
FROM moves WHERE next_doc_at > ${EPOCH} AND (next_at IS NULL OR next_at > next_doc_at)`;

const PRICE_LATEST = `
SELECT ${OBSERVATION_COLUMNS}, f.last_refreshed_at AS last_refreshed_at, s.expected_refresh_s AS expected_refresh_s,
  s.expected_refresh_s > 0 AND dateDiff('second', greatest(f.last_refreshed_at, o.observed_at), now64(3, 'UTC')) > s.expected_refresh_s AS stale
FROM (SELECT * FROM price_observations_store FINAL ORDER BY series_key, observed_at DESC LIMIT 1 BY series_key) AS o
ASOF LEFT JOIN complete_documents AS d ON o.source = d.source AND d.observed_at > o.observed_at
LEFT JOIN (SELECT source, max(observed_at) AS last_refreshed_at FROM source_fetches_store FINAL WHERE status != 'failed' GROUP BY source) AS f ON o.source = f.source
LEFT JOIN (SELECT source, argMax(expected_refresh_s, updated_at) AS expected_refresh_s FROM sources_store GROUP BY source) AS s ON o.source = s.source
WHERE d.observed_at = ${EPOCH}`;

export const views: { name: string; comment: string; sql: string }[] = [
  {
    name: 'price_observations',
    comment: 'every price observation, one row per event_id whatever the merge state',
    sql: 'SELECT * FROM price_observations_store FINAL',
  },
  {
    name: 'complete_documents',
    comment:
      'per source, the observation times of complete documents that yielded facts: a series missing from one was removed',
    sql: `SELECT DISTINCT source, observed_at FROM raw_documents_store FINAL WHERE complete
  AND (source, observed_at) IN (SELECT DISTINCT source, observed_at FROM price_observations_store)`,
  },
  {
    name: 'price_changes',
    comment:
      'every price change per series in observed-time order (first_seen, increase, decrease, removed), derived from the observations',
    sql: PRICE_CHANGES,
  },
  {
    name: 'price_change_events',
    comment: "the live events published on rebar.price-changes: only observations newer than their series' latest",
    sql: 'SELECT * FROM price_change_events_store FINAL',
  },
  {
    name: 'price_latest',
    comment:
      'the current price per series, unless a later complete document dropped it; stale when its source has not refreshed within its expected interval',
    sql: PRICE_LATEST,
  },
  {
    name: 'gpu_price_observations',
    comment: 'every GPU rental price observation, USD per GPU-hour, one row per event_id',
    sql: 'SELECT * FROM gpu_price_observations_store FINAL',
  },
  {
    name: 'gpu_price_latest',
    comment: 'the latest USD per GPU-hour per series (provider, GPU model, commitment, region, instance or statistic)',
    sql: 'SELECT * FROM gpu_price_observations_store FINAL ORDER BY series_key, observed_at DESC LIMIT 1 BY series_key',
  },
  {
    name: 'dead_letters',
    comment: 'rejected documents and records with their reasons',
    sql: 'SELECT * FROM dead_letters_store FINAL',
  },
  {
    name: 'raw_documents',
    comment: 'archive of every raw document, payload included',
    sql: 'SELECT * FROM raw_documents_store FINAL',
  },
  {
    name: 'source_fetches',
    comment: 'every fetch and import attempt per source',
    sql: 'SELECT * FROM source_fetches_store FINAL',
  },
  {
    name: 'sources',
    comment: 'the configured sources with their schedule and expected refresh interval',
    sql: 'SELECT * FROM sources_store FINAL',
  },
  {
    name: 'companies',
    comment:
      'the company registry (registry/companies.csv) as last loaded: ticker, CIK, fiscal year end, currency, stack layer, tracked or why not',
    sql: 'SELECT * FROM companies_store FINAL WHERE loaded_at = (SELECT max(loaded_at) FROM companies_store)',
  },
  {
    name: 'sec_filings',
    comment:
      "the tracked companies' reports from SEC submissions, with the primary document's URL (join filing_facts on accession)",
    sql: 'SELECT * FROM sec_filings_store FINAL',
  },
  {
    name: 'company_registry_check',
    comment:
      "the registry's fiscal year end, ticker and name beside what SEC submissions last said: a disagreement is a registry row to review",
    sql: `SELECT c.ticker AS ticker, c.cik AS cik, c.fiscal_year_end AS registry_fiscal_year_end, s.fiscal_year_end AS sec_fiscal_year_end,
  s.ticker AS sec_ticker, s.entity_name AS sec_name, s.last_observed_at AS checked_at,
  s.fiscal_year_end = c.fiscal_year_end AND s.ticker = c.ticker AS agrees
FROM companies AS c
INNER JOIN (SELECT cik, argMax(fiscal_year_end, observed_at) AS fiscal_year_end, argMax(ticker, observed_at) AS ticker, argMax(entity_name, observed_at) AS entity_name,
  max(observed_at) AS last_observed_at FROM sec_filings_store GROUP BY cik) AS s ON s.cik = c.cik`,
  },
  ...filingViews,
  ...datapointViews,
  ...benchmarkViews,
  ...modelViews,
  ...shareViews,
  ...metricViews,
  ...priceMetricViews,
];
