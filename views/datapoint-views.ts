// views over the analyst-entered datapoints, and where they meet the filings (capex_annual, capex_quarterly)

const ratio = (num: string, den: string): string =>
  `if(${den} = 0, NULL, round(toFloat64(${num}) / toFloat64(${den}), 2))`;

// per plan year and vintage (each date a plan was published): the latest plan per company known then, the five
// largest summed, against the enterprise AI spend of the year before as known then
const CAPEX_PLANS_VS_AI_REVENUE = `
WITH
  plans AS (
    SELECT subject AS ticker, year, value_low, value_high, published, datapoint_id
    FROM analyst_datapoints
    WHERE metric = 'capex' AND subject_kind = 'company' AND kind IN ('guidance', 'estimate') AND unit = 'USD' AND currency = 'USD'
  ),
  vintages AS (SELECT DISTINCT year, published AS as_of FROM plans),
  known AS (
    SELECT v.year AS year, v.as_of AS as_of, p.ticker AS ticker, p.value_low AS low, p.value_high AS high, p.published AS published, p.datapoint_id AS datapoint_id
    FROM vintages AS v INNER JOIN plans AS p ON p.year = v.year
    WHERE p.published <= v.as_of
    ORDER BY p.published DESC
    LIMIT 1 BY v.year, v.as_of, p.ticker
  ),
  top5 AS (SELECT * FROM known ORDER BY low DESC, ticker LIMIT 5 BY year, as_of),
  sums AS (
    SELECT year, as_of, arraySort(groupArray(ticker)) AS companies, sum(low) AS capex_low_usd, sum(high) AS capex_high_usd, count() AS n,
      arraySort(groupArray(datapoint_id)) AS capex_datapoints
    FROM top5 GROUP BY year, as_of
  ),
  spend AS (
    SELECT year, value_low, published, publisher, url, datapoint_id FROM analyst_datapoints
    WHERE metric = 'enterprise_genai_spend' AND subject_kind = 'market' AND unit = 'USD' AND currency = 'USD'
  ),
  j AS (
    SELECT s.*, a.year AS ai_revenue_year, a.value_low AS ai_revenue_usd, a.publisher AS ai_revenue_publisher, a.url AS ai_revenue_url,
      a.datapoint_id AS ai_revenue_datapoint, a.published AS ai_published
    FROM sums AS s INNER JOIN spend AS a ON a.year = s.year - 1
    WHERE a.published <= s.as_of
    ORDER BY a.published DESC
    LIMIT 1 BY s.year, s.as_of
  )
SELECT year AS plan_year, as_of, companies, capex_low_usd, capex_high_usd, ai_revenue_year, ai_revenue_usd,
  ${ratio('capex_low_usd', 'ai_revenue_usd')} AS ratio_low, ${ratio('capex_high_usd', 'ai_revenue_usd')} AS ratio_high,
  capex_datapoints, ai_revenue_datapoint, ai_revenue_publisher, ai_revenue_url
FROM j WHERE n = 5
ORDER BY plan_year, as_of`;

// guidance is by fiscal year (datapoint year); the filings answer with the 12-month value once filed, the quarters so far before
const CAPEX_GUIDED_VS_FILED = `
WITH
  g AS (
    SELECT subject AS ticker, year, period, kind, qualifier, value_low, value_high, published, publisher, url, datapoint_id
    FROM analyst_datapoints
    WHERE metric = 'capex' AND subject_kind = 'company' AND unit = 'USD' AND currency = 'USD'
    ORDER BY published DESC LIMIT 1 BY subject, year
  ),
  q AS (
    SELECT ticker, fiscal_year, toNullable(count()) AS quarters_filed, toNullable(sum(capex_usd)) AS filed_quarters_usd, toNullable(max(filed)) AS last_filed
    FROM capex_quarterly GROUP BY ticker, fiscal_year
  ),
  a AS (SELECT ticker, fiscal_year, toNullable(capex_usd) AS filed_annual_usd, toNullable(accession) AS annual_accession FROM capex_annual)
SELECT g.ticker AS ticker, g.year AS fiscal_year, g.period AS period, g.kind AS kind, g.qualifier AS qualifier,
  g.value_low AS guided_low_usd, g.value_high AS guided_high_usd, g.published AS guided_published, g.publisher AS publisher, g.url AS url,
  q.quarters_filed AS quarters_filed, q.filed_quarters_usd AS filed_quarters_usd, a.filed_annual_usd AS filed_annual_usd,
  a.annual_accession AS annual_accession, q.last_filed AS last_filed,
  if(filed_annual_usd IS NULL, NULL, round((toFloat64(filed_annual_usd) / toFloat64((g.value_low + g.value_high) / 2) - 1) * 100, 2)) AS filed_vs_guided_mid_pct,
  g.datapoint_id AS datapoint_id
FROM g
LEFT JOIN q ON q.ticker = g.ticker AND q.fiscal_year = g.year
LEFT JOIN a ON a.ticker = g.ticker AND a.fiscal_year = g.year`;

export const datapointViews: { name: string; comment: string; sql: string }[] = [
  {
    name: 'analyst_datapoints',
    comment:
      'analyst-entered figures (guidance, estimates, surveys) with their citations, as of the latest read of the file',
    sql: 'SELECT * FROM analyst_datapoints_store FINAL WHERE observed_at = (SELECT max(observed_at) FROM analyst_datapoints_store)',
  },
  {
    name: 'capex_plans_vs_ai_revenue',
    comment:
      "the five largest capex plans for a year summed (low and high end) against the year before's enterprise AI spend, per vintage of the plans, inputs shown",
    sql: CAPEX_PLANS_VS_AI_REVENUE,
  },
  {
    name: 'capex_guided_vs_filed',
    comment:
      'latest capex guidance per company and fiscal year beside what the filings show: quarters filed so far, the 12-month value once filed, and the gap to the guided midpoint',
    sql: CAPEX_GUIDED_VS_FILED,
  },
];
