import type { ViewSpec } from '../../schemas/clickhouse.ts';

// leadership turnover on benchmarks
// tenure = the run lengths of one leader in snapshot order; counted for models and for organizations
export const runsOf = (seq: string): string =>
  `arrayMap((r) -> length(r), arraySplit((x, f) -> f, ${seq}, arrayMap((x, i) -> i > 1 AND x != ${seq}[i - 1], ${seq}, arrayEnumerate(${seq}))))`;
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

export const leadershipViews: ViewSpec[] = [
  {
    name: 'benchmark_leadership',
    comment:
      'per benchmark and version over its snapshots: leader changes and the longest tenure (in snapshots), by model and by organization, and who led',
    sql: BENCHMARK_LEADERSHIP,
  },
];
