// analysts query these names; the *_store tables behind them may hold not-yet-merged duplicates
export const views: { name: string; comment: string; sql: string }[] = [
  {
    name: 'price_observations',
    comment: 'every price observation, one row per event_id whatever the merge state',
    sql: 'SELECT * FROM price_observations_store FINAL',
  },
  {
    name: 'price_changes',
    comment: 'every price change (first_seen, increase, decrease, removed), one row per event_id',
    sql: 'SELECT * FROM price_changes_store FINAL',
  },
  {
    name: 'price_latest',
    comment: 'the current price per series: its latest observation, unless the series was removed since',
    sql: `SELECT o.* FROM (
  SELECT * FROM price_observations_store FINAL ORDER BY series_key, observed_at DESC LIMIT 1 BY series_key
) AS o
LEFT JOIN (
  SELECT series_key, max(observed_at) AS removed_at FROM price_changes_store FINAL WHERE kind = 'removed' GROUP BY series_key
) AS r ON o.series_key = r.series_key
WHERE o.observed_at > r.removed_at`,
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
];
