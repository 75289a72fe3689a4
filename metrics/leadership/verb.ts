import { show, where, type MetricVerb } from '../session.ts';

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
