import type { Pipeline } from './pipeline.ts';

/** Prometheus text exposition of the pipeline's counters since start. */
export function prometheusText(p: Pipeline): string {
  const t = p.totals;
  const lines = [
    '# HELP rebar_observations_total Price observations produced by the transformer.',
    '# TYPE rebar_observations_total counter',
    `rebar_observations_total ${t.observations}`,
    '# HELP rebar_price_changes_total Price change events published.',
    '# TYPE rebar_price_changes_total counter',
    `rebar_price_changes_total ${t.changes}`,
    '# HELP rebar_dead_lettered_total Records and documents sent to the dead-letter topic.',
    '# TYPE rebar_dead_lettered_total counter',
    `rebar_dead_lettered_total ${t.dead_lettered}`,
    '# HELP rebar_sink_rows_total Rows inserted into ClickHouse, by table.',
    '# TYPE rebar_sink_rows_total counter',
    ...Object.entries(p.sinkRows()).map(([table, n]) => `rebar_sink_rows_total{table="${table}"} ${n}`),
  ];
  return `${lines.join('\n')}\n`;
}
