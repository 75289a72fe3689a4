import { show, where, type MetricVerb } from '../metric-session.ts';

export const shareVolatility: MetricVerb = {
  name: 'share-volatility',
  description:
    'per share series (source, segment, metric): HHI with its 2023 band and bounds, CR-k, leader; between periods the instability index, share that changed hands, leader change',
  method:
    "REFERENCE.md section 4: HHI = sum of (percent share)^2, 'other' left out (a lower bound; the upper bound counts the unlisted share as one firm); I = sum |s(t) - s(t-1)|, half of it changed hands; rank churn = 1 - Spearman rho over the union of both lists; rolling s.d. = stddevSamp of an entity's last 4 share changes; leader turnover and tenure over the periods; counts without a published share are shares of the listed total (share_basis)",
  version: 2,
  options: [
    { flags: '--source <name>', description: "one source, e.g. 'Menlo Ventures' or openrouter-rankings" },
    { flags: '--metric <name>', description: 'spend, usage, adoption, tokens, unspecified' },
  ],
  inputs: () => ['share_series'],
  run(read, opts, json) {
    const w = where({ source: opts.source, metric: opts.metric });
    return show(
      read,
      this.method,
      [
        `SELECT * FROM share_concentration ${w} ORDER BY source, segment, metric, year, report_date, period`,
        `SELECT * FROM share_changes ${w} ORDER BY source, segment, metric, from_year, from_period, to_year, to_period`,
        `SELECT * FROM share_volatility_summary ${w} ORDER BY source, segment, metric`,
        `SELECT * FROM share_leadership ${w} ORDER BY source, segment, metric`,
        `SELECT * FROM share_volatility ${w ? `${w} AND` : 'WHERE'} rolling_sd_4 IS NOT NULL ORDER BY source, segment, metric, entity, period_index`,
      ],
      json,
    );
  },
};

export const leadership: MetricVerb = {
  name: 'leadership',
  description: 'per benchmark: the leader each snapshot, leader changes and tenure by model and by organization',
  method:
    'leader = best score per snapshot (ties: more votes); a change is a snapshot whose leader differs from the previous one; tenure = snapshots in a row',
  version: 1,
  options: [{ flags: '--benchmark <name>', description: 'one benchmark, e.g. lmarena_text' }],
  inputs: () => ['benchmark_results'],
  run(read, opts, json) {
    const w = where({ benchmark: opts.benchmark });
    return show(
      read,
      this.method,
      [
        `SELECT * FROM benchmark_leadership ${w} ORDER BY benchmark, benchmark_version`,
        `SELECT toStartOfMonth(snapshot_date) AS month, benchmark, benchmark_version, countIf(leader_changed) AS leader_changes, countIf(organization_changed) AS organization_changes, arraySort((x, d) -> d, groupArray(leader), groupArray(snapshot_date)) AS leaders FROM benchmark_leaders ${w} GROUP BY month, benchmark, benchmark_version ORDER BY benchmark, benchmark_version, month`,
        `SELECT snapshot_date, benchmark, leader, leader_organization, leader_score, leader_changed, organization_changed FROM benchmark_leaders ${w} ORDER BY benchmark, benchmark_version, snapshot_date`,
      ],
      json,
    );
  },
};
