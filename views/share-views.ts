// market shares from both kinds of source: measured counts (OpenRouter tokens) and analysts' survey figures

const SHARE = 'Nullable(Decimal(38, 6))';

// survey shares are analyst datapoints; filtered first, since the output names (metric, source) reuse input names
const SURVEYED = `
SELECT population AS segment, replaceOne(metric, 'share_', '') AS metric, subject AS entity, if(subject = 'other', 'other', subject_kind) AS entity_kind, '' AS model,
  if(subject_kind = 'vendor' AND subject != 'other', subject, '') AS organization, CAST(value_low, '${SHARE}') AS share,
  CAST(NULL, 'Nullable(Decimal(38, 4))') AS value, CAST(NULL, 'Nullable(UInt32)') AS rank, qualifier, period, year, published AS report_date,
  publisher AS source, title, url, note, datapoint_id
FROM (SELECT * FROM analyst_datapoints WHERE startsWith(metric, 'share_') AND unit = 'percent')`;

const MEASURED = `
SELECT segment, metric, entity, entity_kind, model, organization, CAST(share, '${SHARE}') AS share, value, rank, 'exact' AS qualifier,
  toString(period_end) AS period, toYear(period_end) AS year, period_end AS report_date, source, '' AS title, source_url AS url,
  concat('period ', toString(period_start), ' to ', toString(period_end)) AS note, '' AS datapoint_id
FROM market_share_observations_store FINAL`;

// the share the metrics read: as published, or, for a period that gives counts for every row and no share, the percent of
// the listed rows' total ('other' in it when a source gives one); that is a share of the listed set, not of the market
const SHARE_SERIES = `
WITH
  -- a period restated in a later report: the latest report's figures stand (both would count the same firms twice)
  latest AS (
    SELECT * FROM (SELECT *, max(report_date) OVER (PARTITION BY source, segment, metric, period, year) AS latest_report FROM market_shares)
    WHERE report_date = latest_report
  ),
  t AS (
    SELECT * EXCEPT (share, latest_report), share AS published_share,
      sum(toFloat64(value)) OVER p AS listed_total, countIf(share IS NOT NULL OR value IS NULL) OVER p AS not_counts
    FROM latest WINDOW p AS (PARTITION BY source, segment, metric, period, year)
  )
SELECT source, segment, metric, period, year, report_date, entity, entity_kind, organization, model, rank, value,
  if(published_share IS NOT NULL, toFloat64(assumeNotNull(published_share)), 100 * toFloat64(assumeNotNull(value)) / assumeNotNull(listed_total)) AS share,
  if(published_share IS NOT NULL, 'published', 'of_listed_total') AS share_basis
FROM t WHERE published_share IS NOT NULL OR (not_counts = 0 AND listed_total > 0)`;

export const shareViews: { name: string; comment: string; sql: string }[] = [
  {
    name: 'market_shares',
    comment:
      "shares per segment, metric (tokens, spend, usage, adoption, unspecified), entity and period, with the report's date and source: measured counts and analysts' surveys; compare only within one segment and metric",
    sql: `${SURVEYED}\nUNION ALL\n${MEASURED}`,
  },
  {
    name: 'share_series',
    comment:
      "the shares the share metrics read, per series (source, segment, metric), period and entity: share_basis 'published', or 'of_listed_total' where a period gives counts but no share (100 * value / the listed rows' total, e.g. OpenRouter's top-N tokens: a share of the listed set, not of the market); a period restated in a later report takes the latest report's figures",
    sql: SHARE_SERIES,
  },
  {
    name: 'organization_shares',
    comment:
      "per organization, segment, metric and period: its share summed over its models (null where the source gives counts but no total) and its count; 'other' kept",
    sql: `SELECT segment, metric, if(entity_kind = 'other', 'other', organization) AS organization, period, any(report_date) AS report_date, any(source) AS source,
  if(countIf(share IS NULL) > 0, NULL, sum(share)) AS share, if(countIf(value IS NULL) > 0, NULL, sum(value)) AS value, count() AS entities
FROM market_shares WHERE organization != '' OR entity_kind = 'other'
GROUP BY segment, metric, organization, period`,
  },
];
