import { ANNUAL_DAYS, BY_RECENCY, COMPANIES, FILING_QUARTERS, FLOWS, RECENCY, fiscalYear } from './filing-sql.ts';

// Float64 only for ratios and growth; money stays Decimal(38, 4)
const ratio = (num: string, den: string): string =>
  `if(${den} = 0, NULL, round(toFloat64(${num}) / toFloat64(${den}), 6))`;
const growthPct = (cur: string, prev: string): string =>
  `if(${prev} = 0, NULL, round((toFloat64(${cur}) - toFloat64(${prev})) / toFloat64(${prev}) * 100, 2))`;

// revenue joins as Nullable so a quarter without revenue reads NULL, not 0
const CAPEX_QUARTERLY = `
WITH
  c AS (SELECT * FROM filing_quarters WHERE metric = 'capex'),
  r AS (
    SELECT cik, fiscal_year_start, fiscal_quarter, toNullable(value_usd) AS revenue_usd, toNullable(concept) AS revenue_concept
    FROM filing_quarters WHERE metric = 'revenue'
  ),
  j AS (
    SELECT co.ticker AS ticker, c.cik AS cik, c.fiscal_year AS fiscal_year, c.fiscal_quarter AS fiscal_quarter,
      c.calendar_year AS calendar_year, c.calendar_quarter AS calendar_quarter, c.period_start AS period_start, c.period_end AS period_end,
      c.value_usd AS capex_usd, r.revenue_usd AS revenue_usd, c.concept AS concept, r.revenue_concept AS revenue_concept,
      c.accession AS accession, c.filed AS filed
    FROM c
    LEFT JOIN r ON c.cik = r.cik AND c.fiscal_year_start = r.fiscal_year_start AND c.fiscal_quarter = r.fiscal_quarter
    LEFT JOIN ${COMPANIES} AS co ON co.cik = c.cik
  ),
  w AS (
    SELECT j.*,
      count() OVER last4 AS n4, min(period_start) OVER last4 AS start4, sum(capex_usd) OVER last4 AS sum4,
      lagInFrame(toNullable(fiscal_year)) OVER same_q AS prev_fy, lagInFrame(toNullable(capex_usd)) OVER same_q AS prev_capex
    FROM j
    WINDOW last4 AS (PARTITION BY cik ORDER BY period_end ROWS BETWEEN 3 PRECEDING AND CURRENT ROW),
           same_q AS (PARTITION BY cik, fiscal_quarter ORDER BY fiscal_year ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  )
SELECT ticker, cik, fiscal_year, fiscal_quarter, calendar_year, calendar_quarter, period_start, period_end,
  capex_usd, revenue_usd, ${ratio('capex_usd', 'revenue_usd')} AS capex_to_revenue,
  -- trailing twelve months only over four adjoining quarters: a gap would understate it
  if(n4 = 4 AND dateDiff('day', start4, period_end) + 1 ${ANNUAL_DAYS}, toNullable(sum4), NULL) AS capex_ttm_usd,
  if(prev_fy = fiscal_year - 1, ${growthPct('capex_usd', 'prev_capex')}, NULL) AS capex_yoy_pct,
  concept, revenue_concept, accession, filed
FROM w`;

// the 12-month value as filed, not a sum of quarters: it exists even where a year-to-date step is missing
const CAPEX_ANNUAL = `
WITH
  ${FLOWS},
  ${RECENCY},
  years AS (
    SELECT f.*, latest_end, latest_filed FROM flows AS f INNER JOIN recency USING (cik, metric, concept)
    WHERE days ${ANNUAL_DAYS}
    ${BY_RECENCY}
    LIMIT 1 BY cik, metric, p_start
  ),
  r AS (SELECT cik, p_start, toNullable(value) AS revenue_usd, toNullable(concept) AS revenue_concept FROM years WHERE metric = 'revenue'),
  j AS (
    SELECT co.ticker AS ticker, c.cik AS cik, ${fiscalYear('c.p_end')} AS fiscal_year, c.p_start AS period_start, c.p_end AS period_end,
      c.value AS capex_usd, r.revenue_usd AS revenue_usd, c.concept AS concept, r.revenue_concept AS revenue_concept,
      c.accession AS accession, c.filed AS filed
    FROM (SELECT * FROM years WHERE metric = 'capex') AS c
    LEFT JOIN r ON c.cik = r.cik AND c.p_start = r.p_start
    LEFT JOIN ${COMPANIES} AS co ON co.cik = c.cik
  ),
  w AS (
    SELECT j.*, lagInFrame(toNullable(fiscal_year)) OVER y AS prev_fy, lagInFrame(toNullable(capex_usd)) OVER y AS prev_capex
    FROM j WINDOW y AS (PARTITION BY cik ORDER BY period_end ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  )
SELECT ticker, cik, fiscal_year, period_start, period_end, capex_usd, revenue_usd,
  ${ratio('capex_usd', 'revenue_usd')} AS capex_to_revenue,
  if(prev_fy = fiscal_year - 1, ${growthPct('capex_usd', 'prev_capex')}, NULL) AS capex_yoy_pct,
  concept, revenue_concept, accession, filed
FROM w`;

const CAPEX_CALENDAR_YEAR = `
SELECT any(ticker) AS ticker, cik, calendar_year,
  sum(capex_usd) AS capex_usd,
  if(countIf(revenue_usd IS NULL) > 0, NULL, sum(revenue_usd)) AS revenue_usd,
  uniqExact(calendar_quarter) AS quarters, quarters = 4 AS complete,
  arrayStringConcat(arraySort(groupUniqArray(concept)), ',') AS concepts
FROM capex_quarterly
GROUP BY cik, calendar_year`;

const CAPEX_BY_LAYER = `
SELECT co.layer AS layer, y.calendar_year AS calendar_year, sum(y.capex_usd) AS capex_usd,
  -- the ratio over the companies whose revenue is known for the year, so a missing revenue never inflates it
  sumIf(y.capex_usd, y.revenue_usd IS NOT NULL) AS capex_usd_with_revenue, sumIf(y.revenue_usd, y.revenue_usd IS NOT NULL) AS revenue_usd,
  round(toFloat64(capex_usd_with_revenue) / nullIf(toFloat64(revenue_usd), 0), 4) AS capex_to_revenue,
  count() AS companies, countIf(y.complete) AS companies_complete,
  arrayStringConcat(arraySort(groupArray(co.ticker)), ',') AS tickers
FROM capex_calendar_year AS y INNER JOIN ${COMPANIES} AS co ON co.cik = y.cik
GROUP BY layer, calendar_year`;

// in dependency order: each view reads only the ones before it (and the filing_facts_store and companies tables)
export const filingViews: { name: string; comment: string; sql: string }[] = [
  {
    name: 'filing_facts',
    comment: 'every value filed to SEC EDGAR for the concepts we map, every version (restatements included)',
    sql: 'SELECT * FROM filing_facts_store FINAL',
  },
  {
    name: 'filing_facts_current',
    comment: 'the current value per company, concept, unit and period: the one filed latest',
    sql: 'SELECT * FROM filing_facts_store FINAL ORDER BY filed DESC, accession DESC LIMIT 1 BY cik, concept, unit, period_start, period_end',
  },
  {
    name: 'filing_quarters',
    comment:
      'capex, revenue and depreciation per company and fiscal quarter, de-cumulated from year-to-date values; per period the concept with the most recent data wins',
    sql: FILING_QUARTERS,
  },
  {
    name: 'capex_quarterly',
    comment:
      'capex and revenue per company and fiscal quarter (with its calendar quarter), trailing twelve months and year-over-year growth',
    sql: CAPEX_QUARTERLY,
  },
  {
    name: 'capex_annual',
    comment: 'capex and revenue per company and fiscal year, from the 12-month values as filed',
    sql: CAPEX_ANNUAL,
  },
  {
    name: 'capex_calendar_year',
    comment:
      'capex and revenue per company and calendar year, summed from fiscal quarters; complete when all four calendar quarters are there',
    sql: CAPEX_CALENDAR_YEAR,
  },
  {
    name: 'capex_by_layer_calendar_year',
    comment:
      'capex per layer of the AI stack (companies.layer) and calendar year, with revenue and capex to revenue over the companies whose revenue is known',
    sql: CAPEX_BY_LAYER,
  },
];
