import { columns } from '../schemas/clickhouse.ts';
import { lastObservationsSql, type Lookback } from './last-observations-sql.ts';
import { priceChangeEventsSql } from './price-change-events-sql.ts';
import { priceObservationsTable } from '../schemas/events/price-observation.ts';
import { PRICE_CHANGE_HISTORY_COLUMNS, priceChangeHistoryTable } from '../schemas/price-change-history.ts';
import { benchmarkViews } from './benchmark-views.ts';
import { datapointViews } from './datapoint-views.ts';
import { filingViews } from './filing-views.ts';
import { modelViews } from './model-views.ts';
import { metricViews } from '../metrics/registry.ts';
import { EPOCH, goneAt, goneUrl, RELEASES } from '../transform/removal-rule.ts';
import { shareViews } from './share-views.ts';

// analysts query these names; the *_store tables behind them may hold not-yet-merged duplicates
const OBSERVATION_COLUMNS = columns(priceObservationsTable)
  .map((c) => `o.${c.name} AS ${c.name}`)
  .join(', ');

// a series' history is derived from the observations, so it is right in observed-time order whatever the import order.
// For one source from a time on: its observations from then, and each series' last before (what a step leaves from;
// its time found without FINAL: a duplicate row has the same time)
const OBS_COLUMNS = `series_key, source, provider, model, source_model_id, token_class, service_tier, region, context_tier,
           usd_per_mtok, observed_at, event_id, source_url`;
// part: a condition on series_key (whole series), to compute some series only
const priceChangesOf = (
  source: string | null,
  from: string | null,
  part: string,
  lookback: Lookback | null,
): string => `
WITH${RELEASES},
  obs AS (
    SELECT ${OBS_COLUMNS} FROM price_observations_store FINAL
    WHERE ${source === null ? 'true' : `source = ${source}`} AND (${part})${from === null ? '' : ` AND observed_at >= ${from}`}${
      from === null
        ? ''
        : `
    UNION ALL
    SELECT ${OBS_COLUMNS} FROM price_observations_store FINAL WHERE (series_key, observed_at) IN (
      ${lastObservationsSql(`${source === null ? 'true' : `source = ${source}`} AND (${part})`, from, lookback)})`
    }
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
  next_docs AS (
    SELECT s.*, d.observed_at AS doc_at, d.url AS doc_url
    FROM seq AS s ASOF LEFT JOIN complete_documents AS d ON s.source = d.source AND d.observed_at > s.observed_at
  ),
  joined AS (
    SELECT a.*, ${goneAt('a.doc_at')} AS next_doc_at, ${goneUrl('a.doc_url')} AS next_doc_url
    FROM next_docs AS a LEFT JOIN releases AS r ON r.held_key = a.series_key AND r.held_at = a.doc_at
  ),
  flagged AS (
    SELECT j.*, lagInFrame(next_doc_at) OVER (PARTITION BY series_key ORDER BY observed_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS prev_next_doc_at
    FROM joined AS j
  ),
  moves AS (
    SELECT *,
      n = 1 OR (prev_next_doc_at > ${EPOCH} AND prev_next_doc_at < observed_at) AS listed,
      multiIf(listed, 'first_seen', usd_per_mtok > prev_usd, 'increase', usd_per_mtok < prev_usd, 'decrease', '') AS change,
      next_doc_at > ${EPOCH} AND (next_at IS NULL OR next_at > next_doc_at) AS gone
    FROM flagged
  )
-- one pass: each observation gives its change, if any, and its removal, if the next complete document that did not
-- hold its series dropped it (a removal is shown by that document); m. reads a column an output alias shadows
SELECT
  reinterpretAsUUID(MD5(concat(m.series_key, '|', kind, '|', toString(if(kind = 'removed', m.next_doc_at, m.observed_at))))) AS event_id,
  series_key, kind, provider, model, source_model_id, token_class, service_tier, region, context_tier,
  multiIf(kind = 'first_seen', NULL, kind = 'removed', toNullable(m.usd_per_mtok), prev_usd) AS old_usd_per_mtok,
  if(kind = 'removed', NULL, toNullable(m.usd_per_mtok)) AS new_usd_per_mtok,
  if(kind IN ('increase', 'decrease'), m.usd_per_mtok - prev_usd, NULL) AS abs_change,
  if(kind NOT IN ('increase', 'decrease') OR prev_usd = 0, NULL, round(toFloat64(m.usd_per_mtok - prev_usd) / toFloat64(prev_usd) * 100, 6)) AS pct_change,
  if(kind = 'removed', m.next_doc_at, m.observed_at) AS observed_at,
  multiIf(kind = 'first_seen', NULL, kind = 'removed', toNullable(m.observed_at), prev_at) AS previous_observed_at,
  multiIf(kind = 'first_seen', NULL, kind = 'removed', toNullable(m.event_id), prev_id) AS old_event_id,
  if(kind = 'removed', NULL, toNullable(m.event_id)) AS new_event_id,
  source, if(kind = 'removed', m.next_doc_url, m.source_url) AS source_url
FROM moves AS m ARRAY JOIN [change, if(gone, 'removed', '')] AS kind
WHERE kind != ''${from === null ? '' : ` AND if(kind = 'removed', m.next_doc_at, m.observed_at) >= ${from}`}`;

const PRICE_CHANGE_EVENTS = priceChangeEventsSql();

// the class the live detector gave each change (transform/change-class.ts): the same step, so the same series, kind,
// time and price it left (a live event that judged another step, history having arrived between, does not lend it)
/**
 * price_changes' rows: of one source (a SQL string) or all, every change or those from a time (a DateTime64) on, of
 * the series a condition on series_key selects. The live events are read for those only: their changes are the rows'.
 */
export const computePriceChanges = (
  source: string | null = null,
  from: string | null = null,
  part = 'true',
  lookback: Lookback | null = null,
): string => `
SELECT c.*,
  multiIf(ifNull(e.series_key, '') = '', 'unknown', ifNull(e.class_evidence, '') = '', 'unknown', e.class) AS class,
  multiIf(ifNull(e.series_key, '') = '', 'not classified: no live event made this step (the observations arrived older than the series latest one)',
    ifNull(e.class_evidence, '') = '', 'not classified: published before events carried a class (price-change schema 1.0)', e.class_evidence) AS class_evidence
FROM (${priceChangesOf(source, from, part, lookback)}) AS c
LEFT JOIN (SELECT series_key, kind, observed_at, ifNull(toString(old_usd_per_mtok), '') AS left_price, class, class_evidence FROM (${PRICE_CHANGE_EVENTS})
  WHERE ${source === null ? 'true' : `source = ${source}`} AND (${part})${from === null ? '' : ` AND observed_at >= ${from}`}) AS e
  ON e.series_key = c.series_key AND e.kind = c.kind AND e.observed_at = c.observed_at
  AND e.left_price = ifNull(toString(c.old_usd_per_mtok), '')`;

// a series held by a dead-lettered record stays at its last accepted price, as in the detector's state; a series whose
// latest period has ended (a later period the source declares replaced it, without a price of its own) is no longer
// current. As of a time: only what was observed by then, and removals and ended periods by then
const priceLatest = (at: string): string => `
WITH${RELEASES}
SELECT ${OBSERVATION_COLUMNS}, f.last_refreshed_at AS last_refreshed_at, s.expected_refresh_s AS expected_refresh_s,
  s.expected_refresh_s > 0 AND dateDiff('second', greatest(f.last_refreshed_at, o.observed_at), ${at}) > s.expected_refresh_s AS stale
FROM (SELECT * FROM price_observations_store FINAL WHERE observed_at <= ${at} ORDER BY series_key, observed_at DESC LIMIT 1 BY series_key) AS o
ASOF LEFT JOIN complete_documents AS d ON o.source = d.source AND d.observed_at > o.observed_at
LEFT JOIN releases AS r ON r.held_key = o.series_key AND r.held_at = d.observed_at
LEFT JOIN (SELECT source, max(observed_at) AS last_refreshed_at FROM source_fetches_store FINAL WHERE status != 'failed' AND observed_at <= ${at} GROUP BY source) AS f ON o.source = f.source
LEFT JOIN (SELECT source, argMax(expected_refresh_s, updated_at) AS expected_refresh_s FROM sources_store GROUP BY source) AS s ON o.source = s.source
WHERE (${goneAt('d.observed_at')} = ${EPOCH} OR ${goneAt('d.observed_at')} > ${at}) AND (o.effective_to IS NULL OR o.effective_to > ${at})`;

export const views: { name: string; comment: string; sql: string }[] = [
  {
    name: 'price_observations',
    comment: 'every price observation, one row per event_id whatever the merge state',
    sql: 'SELECT * FROM price_observations_store FINAL',
  },
  {
    name: 'complete_documents',
    comment:
      'per source, the observation times (and URL) of complete documents that yielded facts: a series missing from one was removed',
    // the documents that yielded facts are kept at insert (sinks/price-documents-mv.ts): found in the observations,
    // they were a scan of the whole store, at every read of this view (several per refresh)
    sql: `SELECT source, observed_at, argMax(url, fetched_at) AS url FROM raw_documents_store FINAL WHERE complete
  AND (source, observed_at) IN (SELECT source, observed_at FROM price_documents_store)
  GROUP BY source, observed_at`,
  },
  {
    name: 'price_changes',
    comment:
      'every price change per series in observed-time order (first_seen, increase, decrease, removed), derived from the observations, with the class the live detector gave it (move, correction, unknown) and its evidence',
    sql: `SELECT ${PRICE_CHANGE_HISTORY_COLUMNS.join(', ')} FROM ${priceChangeHistoryTable.name} FINAL WHERE NOT is_deleted`,
  },
  {
    name: 'price_change_events',
    comment:
      "the live events published on rebar.price-changes: only observations newer than their series' latest; class and class_evidence as rebar reclassify last judged them, else as published",
    sql: PRICE_CHANGE_EVENTS,
  },
  {
    name: 'price_latest',
    comment:
      'the current price per series, unless a later complete document dropped it or its period ended (effective_to at or before now); stale when its source has not refreshed within its expected interval',
    sql: priceLatest("now64(3, 'UTC')"),
  },
  {
    name: 'price_latest_as_of',
    comment:
      "price_latest as it stood at a time, by when prices took effect (not when rebar learned of them): the periods the sources declared by then, removals and ended periods by then, stale against that time: SELECT * FROM price_latest_as_of(as_of = '2026-03-01 00:00:00')",
    sql: priceLatest("{as_of:DateTime64(3, 'UTC')}"),
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
];
