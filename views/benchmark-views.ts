// leaderboards over time: who leads each benchmark per snapshot, and when the lead changes hands

// the leader is the best score (ties: more votes, then name) per benchmark version and snapshot
const BENCHMARK_LEADERS = `
WITH leaders AS (
  SELECT benchmark, benchmark_version, snapshot_date, source_model_id AS leader, model AS leader_model, organization AS leader_organization, score AS leader_score
  FROM benchmark_results
  ORDER BY benchmark, benchmark_version, snapshot_date, score DESC, votes DESC, source_model_id
  LIMIT 1 BY benchmark, benchmark_version, snapshot_date
)
SELECT benchmark, benchmark_version, snapshot_date, leader, leader_model, leader_organization, leader_score,
  lagInFrame(toNullable(leader)) OVER w AS previous_leader,
  lagInFrame(toNullable(leader_organization)) OVER w AS previous_leader_organization,
  previous_leader IS NOT NULL AND previous_leader != leader AS leader_changed,
  previous_leader_organization IS NOT NULL AND previous_leader_organization != leader_organization AS organization_changed
FROM leaders
WINDOW w AS (PARTITION BY benchmark, benchmark_version ORDER BY snapshot_date ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`;

export const benchmarkViews: { name: string; comment: string; sql: string }[] = [
  {
    name: 'benchmark_results',
    comment: 'leaderboard scores per benchmark version, model and snapshot, with CI, rank and votes where published',
    sql: 'SELECT * FROM benchmark_results_store FINAL',
  },
  {
    name: 'unresolved_models',
    comment:
      'model names a leaderboard, survey or price sheet published that registry/model-aliases.csv does not resolve yet: the review list (add an alias or a model)',
    sql: `SELECT source, source_model_id, any(organization) AS organization, count() AS rows, min(day) AS first_seen, max(day) AS last_seen
FROM (
  SELECT source, source_model_id, organization, snapshot_date AS day FROM benchmark_results WHERE model = ''
  UNION ALL SELECT source, entity, organization, period_end FROM market_share_observations_store FINAL WHERE model = '' AND entity_kind = 'model'
  UNION ALL SELECT source, model_name, '', release_date FROM model_price_points_store FINAL WHERE model = ''
  UNION ALL SELECT source, source_model_id, provider, toDate(observed_at) FROM price_observations_store FINAL WHERE model_id = '' AND token_class IN ('input', 'output')
) GROUP BY source, source_model_id`,
  },
  {
    name: 'benchmark_leaders',
    comment:
      'per benchmark and snapshot the leading model and its organization (best score), the previous ones, and whether the lead changed hands',
    sql: BENCHMARK_LEADERS,
  },
];
