import type { Command } from 'commander';
import { ConfigError } from '../schemas/errors.ts';
import { breakEven } from '../transform/metrics/break-even.ts';
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

  metrics.command('price-changes')
    .description('per provider and month: cuts, increases and their median size; the largest cuts; with --model, that model\'s price path')
    .option('--provider <name>', 'one provider, e.g. openai')
    .option('--model <prefix>', "a model family: canonical ids starting with it (e.g. gpt-4o), its input and output price path")
    .option('--json', 'one JSON object per row')
    .action((opts: { provider?: string; model?: string; json?: boolean }) => {
      const w = where({ provider: opts.provider });
      const queries = [
        `SELECT * FROM price_change_summary ${w} ORDER BY month, provider`,
        `SELECT observed_at, provider, model, token_class, service_tier, old_usd_per_mtok, new_usd_per_mtok, pct_change, source FROM price_changes ${w ? `${w} AND` : 'WHERE'} kind = 'decrease' ORDER BY pct_change, observed_at LIMIT 20`,
      ];
      if (opts.model) queries.push(`SELECT observed_at, source, provider, model, token_class, usd_per_mtok FROM price_observations WHERE startsWith(model, ${quote(opts.model)}) AND token_class IN ('input', 'output') AND service_tier = 'standard' AND context_tier = 'base' ORDER BY model, provider, token_class, observed_at`);
      return show('price_changes: every move per series in observed-time order; a cut is a decrease, its size pct_change', queries, opts.json);
    });

  metrics.command('capex-intensity')
    .description('capex to revenue by company and fiscal year, capex by stack layer and calendar year, and planned capex against AI revenue')
    .option('--ticker <ticker>', 'one company')
    .option('--json', 'one JSON object per row')
    .action((opts: { ticker?: string; json?: boolean }) => show(
      'from the filed 12-month values (capex_annual), quarters summed per calendar year (capex_by_layer_calendar_year), and the cited plans (capex_plans_vs_ai_revenue)',
      [`SELECT ticker, fiscal_year, period_end, capex_usd, revenue_usd, capex_to_revenue, capex_yoy_pct, concept FROM capex_annual ${where({ ticker: opts.ticker })} ORDER BY ticker, period_end`,
        'SELECT * FROM capex_by_layer_calendar_year ORDER BY calendar_year, layer', 'SELECT * FROM capex_plans_vs_ai_revenue'], opts.json));

  metrics.command('break-even')
    .description('self-hosting break-even: the monthly token volume at which one rented GPU beats an API price')
    .option('--gpu-usd-per-hour <usd>', 'the GPU rental price')
    .option('--gpu <model>', "instead: the median on-demand list price rebar holds for this GPU model (e.g. 'H100 SXM')")
    .requiredOption('--tokens-per-second <n>', 'the throughput the GPU sustains for this model')
    .requiredOption('--api-usd-per-mtok <usd>', 'the API price per 1M tokens (blended as you bill it)')
    .option('--gpus <n>', 'GPUs the model needs', '1')
    .option('--json', 'one JSON object')
    .action(async (opts: { gpuUsdPerHour?: string; gpu?: string; tokensPerSecond: string; apiUsdPerMtok: string; gpus: string; json?: boolean }) => {
      let hourly = opts.gpuUsdPerHour === undefined ? undefined : Number(opts.gpuUsdPerHour);
      if (hourly === undefined) {
        if (!opts.gpu) throw new ConfigError('give --gpu-usd-per-hour, or --gpu MODEL to use the prices rebar holds');
        const row = (await readOnly(`SELECT median(toFloat64(usd_per_gpu_hour)) AS usd, count() AS offers FROM gpu_price_latest WHERE gpu_model = ${quote(opts.gpu)} AND commitment = 'on_demand' AND statistic = 'list'`, 'JSONEachRow')).trim();
        const found = JSON.parse(row || '{}') as { usd?: number; offers?: string };
        if (!found.offers || found.offers === '0') throw new ConfigError(`no on-demand list price for GPU ${opts.gpu}: see SELECT DISTINCT gpu_model FROM gpu_price_latest`);
        hourly = Number(found.usd);
      }
      const r = breakEven({ gpu_usd_per_hour: hourly, tokens_per_second: Number(opts.tokensPerSecond), api_usd_per_mtok: Number(opts.apiUsdPerMtok), gpus: Number(opts.gpus) });
      const result = { ...r, gpu: opts.gpu ?? null, method: 'GPU $/hour x 730 h a month / API $ per 1M tokens, against tokens/s x 3600 x 730 the GPUs can serve' };
      out(opts.json ? JSON.stringify(result) : Object.entries(result).map(([k, v]) => `${k}: ${typeof v === 'number' ? Number(v.toFixed(4)) : String(v)}`).join('\n'));
    });
}

