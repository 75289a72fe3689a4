// SQL fragments the filing views share. Periods are identified by their start and end dates, never by the
// filing's fy/fp: a value reappears as a comparative in later filings that carry another fy.

/** Current USD values of the flow metrics, with non-null start and duration. */
export const FLOWS = `flows AS (
  SELECT cik, metric, concept, assumeNotNull(period_start) AS p_start, period_end AS p_end,
         assumeNotNull(duration_days) AS days, value, accession, filed
  FROM filing_facts_current
  WHERE unit = 'USD' AND period_start IS NOT NULL AND metric IN ('capex', 'revenue', 'depreciation')
)`;

/** Per company and metric, how recent each concept's data is: where several concepts report a period, the most recent one wins. */
export const RECENCY = `recency AS (
  SELECT cik, metric, concept, max(p_end) AS latest_end, max(filed) AS latest_filed FROM flows GROUP BY cik, metric, concept
)`;
export const BY_RECENCY = 'ORDER BY latest_end DESC, latest_filed DESC, concept DESC';

/** 12 months, give or take a 53rd week */
export const ANNUAL_DAYS = 'BETWEEN 350 AND 380';

/** The year the fiscal year ends in; one ending in the first week of January belongs to the year before. */
export const fiscalYear = (fyEnd: string): string => `toYear(subtractDays(${fyEnd}, 7))`;

/** The calendar quarter holding the middle day of the period, which is the one holding most of its days. */
export const midDay = (start: string, end: string): string =>
  `addDays(${start}, intDiv(dateDiff('day', ${start}, ${end}), 2))`;

// companies may hold a row twice until merged (whatever its engine): one per cik
export const COMPANIES = '(SELECT cik, any(ticker) AS ticker, any(layer) AS layer FROM companies GROUP BY cik)';

/** Every flow metric per company and fiscal quarter, de-cumulated from year-to-date values within one concept. */
export const FILING_QUARTERS = `
WITH
  ${FLOWS},
  ${RECENCY},
  annual AS (SELECT DISTINCT cik, p_start AS fy_start, p_end AS fy_end FROM flows WHERE days ${ANNUAL_DAYS}),
  -- a fiscal year starts where a 12-month value starts, or the day after one ends (the year still open)
  years AS (
    SELECT cik, s AS fy_start, max(e) AS fy_end FROM (
      SELECT cik, fy_start AS s, toNullable(fy_end) AS e FROM annual
      UNION ALL SELECT cik, addDays(fy_end, 1) AS s, CAST(NULL, 'Nullable(Date)') AS e FROM annual
    ) GROUP BY cik, s
  ),
  -- year-to-date values: 3, 6, 9 or 12 months from the start of a fiscal year
  ytd AS (
    SELECT f.*, y.fy_start AS fy_start, y.fy_end AS fy_end, toUInt8(round(f.days / 91.3)) AS q
    FROM flows AS f INNER JOIN years AS y ON f.cik = y.cik AND f.p_start = y.fy_start
    WHERE q BETWEEN 1 AND 4 AND abs(f.days - q * 91.3) <= 10
  ),
  steps AS (
    SELECT *,
      lagInFrame(toNullable(value)) OVER w AS prev_value,
      lagInFrame(toNullable(q)) OVER w AS prev_q,
      lagInFrame(toNullable(p_end)) OVER w AS prev_end
    FROM ytd
    WINDOW w AS (PARTITION BY cik, metric, concept, fy_start ORDER BY p_end ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ),
  -- Q1 = 3M, Q2 = H1 - Q1, Q3 = 9M - H1, Q4 = FY - 9M; a quarter whose previous year-to-date value is missing is left out
  quarters AS (
    SELECT *,
      if(q = 1, fy_start, addDays(assumeNotNull(prev_end), 1)) AS q_start,
      if(q = 1, value, value - assumeNotNull(prev_value)) AS q_value
    FROM steps WHERE q = 1 OR prev_q = q - 1
  )
SELECT
  cik, metric, concept,
  ${fiscalYear('coalesce(fy_end, addDays(fy_start, 363))')} AS fiscal_year, q AS fiscal_quarter,
  fy_start AS fiscal_year_start, fy_end AS fiscal_year_end,
  q_start AS period_start, p_end AS period_end,
  toYear(${midDay('q_start', 'p_end')}) AS calendar_year, toQuarter(${midDay('q_start', 'p_end')}) AS calendar_quarter,
  q_value AS value_usd, value AS ytd_usd, accession, filed
FROM quarters INNER JOIN recency USING (cik, metric, concept)
${BY_RECENCY}
LIMIT 1 BY cik, metric, fiscal_year_start, fiscal_quarter`;
