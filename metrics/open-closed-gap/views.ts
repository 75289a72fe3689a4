import type { ViewSpec } from '../../schemas/clickhouse.ts';

// rows the registry does not resolve are counted and their best shown, not silently dropped: an unresolved open model could lead
const OPEN_CLOSED_GAP = `
SELECT benchmark, benchmark_version, snapshot_date,
  argMaxIf((model, toNullable(score)), (score, model), resolved AND open_weights) AS best_open,
  argMaxIf((model, toNullable(score)), (score, model), resolved AND NOT open_weights) AS best_closed,
  best_closed.2 - best_open.2 AS gap, countIf(resolved AND open_weights) AS open_models, countIf(resolved AND NOT open_weights) AS closed_models,
  countIf(NOT resolved) AS unresolved_models, argMaxIf((source_model_id, toNullable(score)), (score, source_model_id), NOT resolved) AS best_unresolved
FROM (
  SELECT r.benchmark AS benchmark, r.benchmark_version AS benchmark_version, r.snapshot_date AS snapshot_date, r.model AS model,
    r.source_model_id AS source_model_id, r.score AS score, m.model_id != '' AS resolved, m.open_weights AS open_weights
  FROM benchmark_results AS r LEFT JOIN models AS m ON m.model_id = r.model AND r.model != ''
)
GROUP BY benchmark, benchmark_version, snapshot_date HAVING open_models > 0 AND closed_models > 0`;

export const openClosedGapViews: ViewSpec[] = [
  {
    name: 'open_closed_gap',
    comment:
      'per benchmark and snapshot: the best open-weights and the best closed model (registry open_weights) with their scores, and the gap; rows the registry does not resolve are counted, with the best of them (one could be open)',
    sql: OPEN_CLOSED_GAP,
  },
];
