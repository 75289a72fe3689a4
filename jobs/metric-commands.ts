import type { Command } from 'commander';
import { PRICE_INDEX_INPUTS, priceIndexReport, type PriceIndexOptions } from './price-index-report.ts';

type ReadOnly = (query: string, format: string) => Promise<string>;

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const where = (filters: Record<string, string | undefined>): string => {
  const set = Object.entries(filters).filter(([, v]) => v !== undefined);
  return set.length ? `WHERE ${set.map(([k, v]) => `${k} = ${quote(v!)}`).join(' AND ')}` : '';
};

/** `rebar metrics NAME`: each prints its method line, then its rows (a table, or one JSON object per line with --json). */
export function registerMetrics(program: Command, readOnly: ReadOnly, out: (text: string) => void): void {
  const metrics = program.command('metrics').description('metrics with their inputs and method (REFERENCE.md); --json prints one object per line');
  const show = async (method: string, queries: string[], json?: boolean): Promise<void> => {
    // one after the other: each query opens the embedded ClickHouse on its own
    const parts: string[] = [];
    for (const q of queries) parts.push(await readOnly(q, json ? 'JSONEachRow' : 'PrettyCompactMonoBlock'));
    out(json ? parts.join('').trim() : [`method: ${method}`, ...parts].join('\n'));
  };

  metrics.command('price-index')
    .description("capability-adjusted price decline (Epoch AI's method) over the price-trend inputs rebar holds")
    .option('--benchmark <name>', 'mmlu, gpqa_diamond, humaneval, math_500, math_5 or arena_elo', 'mmlu')
    .option('--threshold-model <name>', 'a model that was ever top-1 on the benchmark; its score is the threshold (default: the first)')
    .option('--threshold <score>', 'a score instead of a threshold model')
    .option('--all', 'every series: each benchmark, each ever-top-1 threshold, 4 points or more')
    .option('--include-reasoning', 'keep the reasoning models Epoch leaves out')
    .option('--json', 'one JSON object per series per line, points included')
    .action(async (opts: PriceIndexOptions) => out(priceIndexReport(await readOnly(PRICE_INDEX_INPUTS, 'JSONEachRow'), opts)));

  metrics.command('share-volatility')
    .description('per share series (source, segment, metric): HHI with its 2023 band and bounds, CR-k, leader; between periods the instability index, share that changed hands, leader change')
    .option('--source <name>', "one source, e.g. 'Menlo Ventures' or openrouter-rankings")
    .option('--metric <name>', 'spend, usage, adoption, tokens, unspecified')
    .option('--json', 'one JSON object per row')
    .action((opts: { source?: string; metric?: string; json?: boolean }) => {
      const w = where({ source: opts.source, metric: opts.metric });
      return show("REFERENCE.md section 4: HHI = sum of (percent share)^2, 'other' left out (a lower bound; the upper bound counts the unlisted share as one firm); I = sum |s(t) - s(t-1)|, half of it changed hands",
        [`SELECT * FROM share_concentration ${w} ORDER BY source, segment, metric, year, report_date, period`, `SELECT * FROM share_changes ${w} ORDER BY source, segment, metric, from_period`], opts.json);
    });

  metrics.command('leadership')
    .description('per benchmark: the leader each snapshot, leader changes and tenure by model and by organization')
    .option('--benchmark <name>', "one benchmark, e.g. lmarena_text")
    .option('--json', 'one JSON object per row')
    .action((opts: { benchmark?: string; json?: boolean }) => {
      const w = where({ benchmark: opts.benchmark });
      return show('leader = best score per snapshot (ties: more votes); a change is a snapshot whose leader differs from the previous one; tenure = snapshots in a row',
        [`SELECT * FROM benchmark_leadership ${w} ORDER BY benchmark, benchmark_version`, `SELECT snapshot_date, benchmark, leader, leader_organization, leader_score, leader_changed, organization_changed FROM benchmark_leaders ${w} ORDER BY benchmark, benchmark_version, snapshot_date`], opts.json);
    });
}
