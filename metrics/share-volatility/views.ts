import type { ViewSpec } from '../../schemas/clickhouse.ts';
import { SHARE_CHANGE_COLUMNS, shareChangesTable } from '../../schemas/share-change.ts';
import { SHARE_CONCENTRATION_COLUMNS, shareConcentrationTable } from '../../schemas/share-concentration.ts';
import { runsOf } from '../leadership/views.ts';

// concentration and volatility of any share series (REFERENCE.md section 4); share_changes and share_concentration are
// kept at insert time (sinks/share-metrics-store.ts) from the SQL here

// one series = (source, segment, metric); 'other' is not a firm: it is left out, and its presence makes HHI a lower bound
// rank: as published, else by share among the listed entities; tied entities share the average of their places (as Spearman needs)
// where: a filter on share_series, to compute some series only
const sharesOf = (
  where = 'true',
): string => `SELECT * EXCEPT (r), toFloat64(r) + (count() OVER (PARTITION BY source, segment, metric, period, year, r) - 1) / 2 AS rank FROM (
  SELECT source, segment, metric, period, year, report_date, entity, share, share_basis,
    toInt64(coalesce(rank, rank() OVER (PARTITION BY source, segment, metric, period, year ORDER BY share DESC))) AS r
  FROM share_series WHERE entity_kind != 'other' AND (${where}))`;
const SHARES = sharesOf();

const shareConcentration = (where: string): string => `
WITH s AS (
  SELECT source, segment, metric, period, year, any(report_date) AS report_date, any(share_basis) AS share_basis,
    sum(share) AS listed_share, sum(share * share) AS hhi, count() AS entities,
    arraySort((x) -> (-x.2, x.1), groupArray((entity, share))) AS ranked
  FROM (${sharesOf(where)}) GROUP BY source, segment, metric, period, year
)
SELECT source, segment, metric, period, year, report_date, round(hhi, 1) AS hhi,
  -- unlisted share (an 'other' row, or a list that does not reach 100) can only add to HHI
  listed_share < 99.95 AS hhi_is_lower_bound,
  -- a top-N list's own concentration says nothing of the market's: no merger-guideline band for it
  if(share_basis = 'of_listed_total', NULL, multiIf(hhi > 1800, 'highly concentrated', hhi >= 1000, 'moderately concentrated', 'unconcentrated')) AS band_2023_guidelines,
  -- the unlisted share as one firm: the most it can add
  round(hhi + pow(greatest(100 - listed_share, 0), 2), 1) AS hhi_upper_bound,
  round(10000 / hhi, 2) AS numbers_equivalent, ranked[1].1 AS leader, round(ranked[1].2, 4) AS cr1,
  round(arraySum((x) -> x.2, arraySlice(ranked, 1, 2)), 4) AS cr2, round(arraySum((x) -> x.2, arraySlice(ranked, 1, 3)), 4) AS cr3, round(arraySum((x) -> x.2, arraySlice(ranked, 1, 4)), 4) AS cr4,
  round(listed_share, 4) AS listed_share, entities, share_basis
FROM s`;

// each listed entity with its period's place in its series (idx 1, 2, ... in report order)
const INDEXED_SHARES = `
  e AS (${SHARES}),
  p AS (SELECT source, segment, metric, period, year, any(report_date) AS report_date FROM e GROUP BY source, segment, metric, period, year),
  pi AS (SELECT *, toInt64(row_number() OVER (PARTITION BY source, segment, metric ORDER BY year, report_date, period)) AS idx FROM p),
  ei AS (SELECT e.entity AS entity, e.share AS share, e.rank AS rank, e.share_basis AS share_basis, pi.source AS source, pi.segment AS segment, pi.metric AS metric,
      pi.period AS period, pi.report_date AS report_date, pi.idx AS idx
    FROM e INNER JOIN pi ON e.source = pi.source AND e.segment = pi.segment AND e.metric = pi.metric AND e.period = pi.period AND e.year = pi.year)`;

// consecutive periods of one series: entrants and exits count at full share (REFERENCE.md section 4). Each period is one
// row holding its entities; the previous period's arrives by a window, so the shares are read once and never joined
const shareChanges = (where: string): string => `
WITH
  per AS (
    SELECT source, segment, metric, period, year, any(report_date) AS report_date, any(share_basis) AS share_basis,
      groupArray(entity) AS names, groupArray(share) AS shares, groupArray(rank) AS ranks
    FROM (
      SELECT source, segment, metric, period, year, entity, any(report_date) AS report_date, any(share_basis) AS share_basis, sum(share) AS share, min(rank) AS rank
      FROM (${sharesOf(where)}) GROUP BY source, segment, metric, period, year, entity
    ) GROUP BY source, segment, metric, period, year
  ),
  seq AS (
    SELECT *, row_number() OVER w AS idx, lagInFrame(period) OVER w AS from_period, lagInFrame(year) OVER w AS from_year,
      lagInFrame(names) OVER w AS p_names, lagInFrame(shares) OVER w AS p_shares, lagInFrame(ranks) OVER w AS p_ranks
    FROM per WINDOW w AS (PARTITION BY source, segment, metric ORDER BY year, report_date, period ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ),
  -- each pair's entities as rows (no lambda reads another column: that would copy it per element, 10M rows need 14 GiB)
  items AS (
    SELECT source, segment, metric, idx, from_period, period AS to_period, from_year, year AS to_year, share_basis,
      arraySum(p_shares) AS listed_before_total, arraySum(shares) AS listed_after_total, length(p_names) AS n_before, length(names) AS n_after,
      item.1 AS entity, item.2 AS share, item.3 AS rank, item.4 AS after_side
    FROM seq
    ARRAY JOIN arrayConcat(arrayMap((n, s, r) -> (n, s, r, 0), p_names, p_shares, p_ranks), arrayMap((n, s, r) -> (n, s, r, 1), names, shares, ranks)) AS item
    WHERE idx > 1
  ),
  moves AS (
    SELECT source, segment, metric, idx, from_period, to_period, from_year, to_year, entity,
      any(share_basis) AS share_basis, any(listed_before_total) AS listed_before_total, any(listed_after_total) AS listed_after_total,
      any(n_before) AS n_before, any(n_after) AS n_after,
      sumIf(share, after_side = 0) AS before, sumIf(share, after_side = 1) AS after,
      countIf(after_side = 0) > 0 AS listed_before, countIf(after_side = 1) > 0 AS listed_after,
      anyIf(rank, after_side = 0) AS rank_before, anyIf(rank, after_side = 1) AS rank_after
    FROM items GROUP BY source, segment, metric, idx, from_period, to_period, from_year, to_year, entity
  ),
  -- an entity off one period's list shares the ranks below it (their average): n listed + (union - n + 1) / 2
  ranked AS (
    SELECT *, count() OVER (PARTITION BY source, segment, metric, idx) AS union_size,
      if(listed_before, rank_before, n_before + (union_size - n_before + 1) / 2) AS rank_b,
      if(listed_after, rank_after, n_after + (union_size - n_after + 1) / 2) AS rank_a
    FROM moves
  )
SELECT source, segment, metric, from_period, to_period, from_year, to_year,
  round(sum(abs(after - before)), 4) AS listed_instability_index,
  -- the unlisted remainder (100 - listed) as one pseudo-firm: moves inside it are unseen, so I is then a lower bound
  greatest(100 - any(listed_before_total), 0) AS unlisted_before, greatest(100 - any(listed_after_total), 0) AS unlisted_after,
  round(sum(abs(after - before)) + abs(unlisted_after - unlisted_before), 4) AS instability_index,
  round(instability_index / 2, 4) AS share_changed_hands, unlisted_before > 0.05 OR unlisted_after > 0.05 AS changed_hands_is_lower_bound,
  -- ties: the alphabetically first of the largest, as share_concentration
  argMinIf(entity, (-before, entity), listed_before) AS leader_before, argMinIf(entity, (-after, entity), listed_after) AS leader_after,
  leader_before != leader_after AS leader_changed, count() AS entities,
  -- mean rank change over the entities listed in both periods only: an entrant's or exit's rank on the other side is unknown
  round(avgOrNullIf(abs(rank_after - rank_before), listed_before AND listed_after), 4) AS mean_rank_change,
  -- REFERENCE.md: 1 - Spearman rho over the union of both lists
  round(1 - corr(rank_b, rank_a), 4) AS rank_churn_raw,
  if(isFinite(rank_churn_raw), rank_churn_raw, NULL) AS rank_churn,
  countIf(listed_after AND NOT listed_before) AS entrants, countIf(listed_before AND NOT listed_after) AS exits, any(share_basis) AS share_basis
FROM ranked GROUP BY source, segment, metric, idx, from_period, to_period, from_year, to_year`;
const SHARE_CHANGES_COLUMNS = `source, segment, metric, from_period, to_period, from_year, to_year, instability_index, share_changed_hands, changed_hands_is_lower_bound,
  listed_instability_index, round(unlisted_before, 4) AS unlisted_before, round(unlisted_after, 4) AS unlisted_after, leader_before, leader_after, leader_changed, entities,
  rank_churn, mean_rank_change, entrants, exits, share_basis`;

/** share_concentration computed from share_series for the series `where` selects (kept in share_concentration_store). */
export const computeShareConcentration = (where = 'true'): string => shareConcentration(where);

/** share_changes computed from share_series for the series `where` selects (sinks/share-metrics-store.ts keeps it). */
export const computeShareChanges = (where = 'true'): string =>
  `SELECT ${SHARE_CHANGES_COLUMNS} FROM (${shareChanges(where)})`;

// a change needs the entity listed in both consecutive periods: off a top-N list its share is unknown, not zero
const SHARE_VOLATILITY = `
WITH${INDEXED_SHARES},
  d AS (
    SELECT *, lagInFrame(toNullable(idx)) OVER w AS prev_idx, lagInFrame(toNullable(share)) OVER w AS prev_share
    FROM ei WINDOW w AS (PARTITION BY source, segment, metric, entity ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ),
  c AS (SELECT *, if(prev_idx = idx - 1, share - prev_share, NULL) AS share_change FROM d),
  r AS (
    -- groupArray skips the nulls, so this holds the entity's changes so far, the latest last
    SELECT *, arraySlice(groupArray(share_change) OVER (PARTITION BY source, segment, metric, entity ORDER BY idx ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), -4) AS last_changes,
      count() OVER s AS periods, avg(share) OVER s AS mean_share
    FROM c WINDOW s AS (PARTITION BY source, segment, metric, entity)
  )
SELECT source, segment, metric, entity, period, report_date, idx AS period_index, round(share, 4) AS share, round(share_change, 4) AS share_change,
  if(share_change IS NULL OR length(last_changes) < 4, NULL, round(arrayReduce('stddevSamp', last_changes), 4)) AS rolling_sd_4,
  periods, round(mean_share, 4) AS mean_share, share_basis
FROM r`;

// entities with fewer than two changes have no s.d.; they are left out of the mean
const SHARE_VOLATILITY_SUMMARY = `
SELECT source, segment, metric, any(share_basis) AS share_basis, countIf(n >= 2) AS entities, sum(n) AS changes,
  round(avgIf(sd, n >= 2), 4) AS mean_sd_share_change,
  argMaxIf(entity, sd, n >= 2) AS most_volatile, round(maxIf(sd, n >= 2), 4) AS most_volatile_sd
FROM (
  SELECT source, segment, metric, entity, any(share_basis) AS share_basis, count(share_change) AS n, stddevSampOrNull(share_change) AS sd
  FROM share_volatility GROUP BY source, segment, metric, entity
)
GROUP BY source, segment, metric`;

// leader turnover of a share series: the same run lengths over its periods in report order
const SHARE_LEADERSHIP = `
WITH l AS (
  SELECT source, segment, metric, count() AS periods,
    arraySort((x, k) -> k, groupArray(leader), groupArray((year, report_date, period))) AS leaders
  FROM share_concentration GROUP BY source, segment, metric
)
SELECT source, segment, metric, periods, length(${runsOf('leaders')}) - 1 AS leader_changes,
  arrayMax(${runsOf('leaders')}) AS longest_leader_tenure, leaders[-1] AS current_leader, arrayDistinct(leaders) AS leaders_in_order
FROM l`;

export const shareVolatilityViews: ViewSpec[] = [
  {
    name: 'share_concentration',
    comment:
      "per share series and period: HHI (sum of squared percent shares; with unlisted share a lower bound, hhi_upper_bound counting it as one firm) with its 2023 merger-guideline band, numbers-equivalent, CR1-CR4 and the leader; 'other' is not a firm, so with one (or a list short of 100) HHI is a lower bound; with share_basis 'of_listed_total' (a top-N list of counts) HHI is over the listed set only, not the market",
    sql: `SELECT ${SHARE_CONCENTRATION_COLUMNS.join(', ')} FROM ${shareConcentrationTable.name} FINAL WHERE NOT is_deleted`,
  },
  {
    name: 'share_changes',
    comment:
      "per share series, between consecutive periods: instability index (sum of absolute share changes; entrants and exits at full share; the unlisted remainder as one pseudo-firm, so with a remainder a lower bound, as changed_hands_is_lower_bound says; listed_instability_index without it), the share that changed hands (half of it), whether the leader changed, rank_churn (1 - Spearman rho of the two rank vectors over the union, an unlisted entity at the average of the ranks below the list), mean_rank_change (of the entities listed in both periods) and the entrants and exits ('other' is not an entity)",
    sql: `SELECT ${SHARE_CHANGE_COLUMNS.join(', ')} FROM ${shareChangesTable.name} FINAL WHERE NOT is_deleted`,
  },
  {
    name: 'share_volatility',
    comment:
      'per share series, entity and period: its share, the change from the previous period (null unless listed in both), rolling_sd_4 = stddevSamp of its last k = 4 changes (null until it has 4), and over the series its periods listed and mean share; shares as in share_series',
    sql: SHARE_VOLATILITY,
  },
  {
    name: 'share_volatility_summary',
    comment:
      'per share series: the mean across entities of the full-period s.d. (stddevSamp) of their period-to-period share changes (entities with 2 changes or more), and the most volatile entity',
    sql: SHARE_VOLATILITY_SUMMARY,
  },
  {
    name: 'share_leadership',
    comment:
      'per share series: periods, leader changes, the longest run of one leader (periods in a row), the current leader and the leaders in order',
    sql: SHARE_LEADERSHIP,
  },
];
