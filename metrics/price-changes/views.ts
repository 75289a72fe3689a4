import type { ViewSpec } from '../../schemas/clickhouse.ts';
import { PRICE_CHANGE_SUMMARY_COLUMNS, priceChangeSummaryTable } from '../../schemas/price-change-history.ts';

// a vendor's cuts and increases per month, from price_changes; kept at insert time (sinks/price-changes-store.ts)
/** price_change_summary's rows, every month or those from a month (a Date expression) on. */
export const computePriceChangeSummary = (fromMonth: string | null = null): string =>
  `SELECT provider, toStartOfMonth(observed_at) AS month, class_set AS class, countIf(kind = 'decrease') AS cuts, countIf(kind = 'increase') AS increases,
  round(medianIf(pct_change, kind = 'decrease'), 2) AS median_cut_pct, round(medianIf(pct_change, kind = 'increase'), 2) AS median_increase_pct,
  uniqExactIf(model, kind IN ('decrease', 'increase')) AS models_repriced
FROM price_changes ARRAY JOIN [class, 'all'] AS class_set WHERE kind IN ('decrease', 'increase')${fromMonth === null ? '' : ` AND observed_at >= toDateTime64(${fromMonth}, 3, 'UTC')`}
GROUP BY provider, month, class_set`;

export const priceChangesViews: ViewSpec[] = [
  {
    name: 'price_change_summary',
    comment:
      "per provider, month and change class (move, correction, unknown, and 'all' for the three together): cuts and increases across its series and their median size in percent (first_seen and removed are not price steps); a vendor's price cuts are class = 'move'",
    sql: `SELECT ${PRICE_CHANGE_SUMMARY_COLUMNS.join(', ')} FROM ${priceChangeSummaryTable.name} FINAL WHERE NOT is_deleted`,
  },
];
