// concentration and volatility of any share series (REFERENCE.md section 4), and leadership turnover on benchmarks

// one series = (source, segment, metric); 'other' is not a firm: it is left out, and its presence makes HHI a lower bound
const SHARES = `SELECT source, segment, metric, period, year, report_date, entity, toFloat64(assumeNotNull(share)) AS share
  FROM market_shares WHERE share IS NOT NULL AND entity_kind != 'other'`;

const SHARE_CONCENTRATION = `
WITH s AS (
  SELECT source, segment, metric, period, year, any(report_date) AS report_date,
    sum(share) AS listed_share, sum(share * share) AS hhi, count() AS entities,
    arraySort((x) -> -x.2, groupArray((entity, share))) AS ranked
  FROM (${SHARES}) GROUP BY source, segment, metric, period, year
)
SELECT source, segment, metric, period, year, report_date, round(hhi, 1) AS hhi,
  -- unlisted share (an 'other' row, or a list that does not reach 100) can only add to HHI
  listed_share < 99.95 AS hhi_is_lower_bound,
  multiIf(hhi > 1800, 'highly concentrated', hhi >= 1000, 'moderately concentrated', 'unconcentrated') AS band_2023_guidelines,
  -- the unlisted share as one firm: the most it can add
  round(hhi + pow(greatest(100 - listed_share, 0), 2), 1) AS hhi_upper_bound,
  round(10000 / hhi, 2) AS numbers_equivalent, ranked[1].1 AS leader, ranked[1].2 AS cr1,
  round(arraySum((x) -> x.2, arraySlice(ranked, 1, 2)), 4) AS cr2, round(arraySum((x) -> x.2, arraySlice(ranked, 1, 3)), 4) AS cr3, round(arraySum((x) -> x.2, arraySlice(ranked, 1, 4)), 4) AS cr4,
  round(listed_share, 4) AS listed_share, entities
FROM s`;

// consecutive periods of one series: entrants and exits count at full share (REFERENCE.md section 4)
const SHARE_CHANGES = `
WITH
  e AS (${SHARES}),
  p AS (SELECT source, segment, metric, period, year, any(report_date) AS report_date FROM e GROUP BY source, segment, metric, period, year),
  pi AS (SELECT *, toInt64(row_number() OVER (PARTITION BY source, segment, metric ORDER BY year, report_date, period)) AS idx FROM p),
  ei AS (SELECT e.entity AS entity, e.share AS share, pi.source AS source, pi.segment AS segment, pi.metric AS metric, pi.idx AS idx
    FROM e INNER JOIN pi ON e.source = pi.source AND e.segment = pi.segment AND e.metric = pi.metric AND e.period = pi.period AND e.year = pi.year),
  pairs AS (
    SELECT a.source AS source, a.segment AS segment, a.metric AS metric, a.idx AS idx, b.period AS from_period, a.period AS to_period
    FROM pi AS a INNER JOIN pi AS b ON a.source = b.source AND a.segment = b.segment AND a.metric = b.metric AND b.idx = a.idx - 1
  ),
  moves AS (
    SELECT pr.source AS source, pr.segment AS segment, pr.metric AS metric, pr.from_period AS from_period, pr.to_period AS to_period, ei.entity AS entity,
      sumIf(ei.share, ei.idx = pr.idx - 1) AS before, sumIf(ei.share, ei.idx = pr.idx) AS after
    FROM pairs AS pr INNER JOIN ei ON ei.source = pr.source AND ei.segment = pr.segment AND ei.metric = pr.metric
    WHERE ei.idx = pr.idx OR ei.idx = pr.idx - 1
    GROUP BY source, segment, metric, from_period, to_period, entity
  )
SELECT source, segment, metric, from_period, to_period,
  round(sum(abs(after - before)), 4) AS instability_index, round(sum(abs(after - before)) / 2, 4) AS share_changed_hands,
  argMax(entity, before) AS leader_before, argMax(entity, after) AS leader_after, leader_before != leader_after AS leader_changed,
  count() AS entities
FROM moves GROUP BY source, segment, metric, from_period, to_period`;

// tenure = the run lengths of one leader in snapshot order; counted for models and for organizations
const runsOf = (seq: string): string => `arrayMap((r) -> length(r), arraySplit((x, f) -> f, ${seq}, arrayMap((x, i) -> i > 1 AND x != ${seq}[i - 1], ${seq}, arrayEnumerate(${seq}))))`;
const BENCHMARK_LEADERSHIP = `
WITH l AS (
  SELECT benchmark, benchmark_version, min(snapshot_date) AS first_snapshot, max(snapshot_date) AS last_snapshot, count() AS snapshots,
    arraySort((x, d) -> d, groupArray(leader), groupArray(snapshot_date)) AS leaders,
    arraySort((x, d) -> d, groupArray(leader_organization), groupArray(snapshot_date)) AS organizations
  FROM benchmark_leaders GROUP BY benchmark, benchmark_version
)
SELECT benchmark, benchmark_version, first_snapshot, last_snapshot, snapshots,
  length(${runsOf('leaders')}) - 1 AS leader_changes, length(${runsOf('organizations')}) - 1 AS organization_changes,
  arrayMax(${runsOf('leaders')}) AS longest_model_tenure, arrayMax(${runsOf('organizations')}) AS longest_organization_tenure,
  arrayDistinct(leaders) AS leading_models, arrayDistinct(organizations) AS leading_organizations
FROM l`;

export const metricViews: { name: string; comment: string; sql: string }[] = [
  {
    name: 'share_concentration',
    comment: "per share series and period: HHI (sum of squared percent shares; with unlisted share a lower bound, hhi_upper_bound counting it as one firm) with its 2023 merger-guideline band, numbers-equivalent, CR1-CR4 and the leader; 'other' is not a firm, so with one (or a list short of 100) HHI is a lower bound",
    sql: SHARE_CONCENTRATION,
  },
  {
    name: 'share_changes',
    comment: 'per share series, between consecutive periods: instability index (sum of absolute share changes; entrants and exits at full share), the share that changed hands (half of it), and whether the leader changed',
    sql: SHARE_CHANGES,
  },
  {
    name: 'price_change_summary',
    comment: 'per provider and month: cuts and increases across its series and their median size in percent (first_seen and removed are not moves)',
    sql: `SELECT provider, toStartOfMonth(observed_at) AS month, countIf(kind = 'decrease') AS cuts, countIf(kind = 'increase') AS increases,
  round(medianIf(pct_change, kind = 'decrease'), 2) AS median_cut_pct, round(medianIf(pct_change, kind = 'increase'), 2) AS median_increase_pct,
  uniqExactIf(model, kind IN ('decrease', 'increase')) AS models_repriced
FROM price_changes WHERE kind IN ('decrease', 'increase') GROUP BY provider, month`,
  },
  {
    name: 'benchmark_leadership',
    comment: 'per benchmark and version over its snapshots: leader changes and the longest tenure (in snapshots), by model and by organization, and who led',
    sql: BENCHMARK_LEADERSHIP,
  },
];
