import type { TopicKey } from '../schemas/topics.ts';
import { parseAnalystDatapoints } from './datapoints/analyst-datapoints.ts';
import { parseCompanyFacts } from './filings/companyfacts.ts';
import { parseSubmissions } from './filings/submissions.ts';
import { parseAider } from './benchmarks/aider.ts';
import { parseEpochPrices } from './benchmarks/epoch-prices.ts';
import { parseLmarena } from './benchmarks/lmarena.ts';
import { parseOpenLlmLeaderboard } from './benchmarks/open-llm-leaderboard.ts';
import { parseSweBench } from './benchmarks/swe-bench.ts';
import { parseOpenRouterRankings } from './shares/openrouter-rankings.ts';
import { gpuSheets } from './gpu/index.ts';

export interface FactContext { source: string; url: string; observed_at: string; content_hash?: string }
export interface FactParse { rows: { series_key?: string; event_id: string }[]; rejects: { record_ref: string; reason: string; detail: string; record: unknown }[]; skipped: Record<string, number> }

/** A source whose documents become rows of one topic (no price-change detection): GPU prices, filings, datapoints. */
export interface FactDomain { topic: TopicKey; key: (row: Record<string, unknown>) => string; parse: (payload: string, ctx: FactContext) => FactParse }

const bySeries = (row: Record<string, unknown>): string => String(row.series_key ?? row.event_id);
const bySourceModel = (row: Record<string, unknown>): string => String(row.source_model_id);

export const factDomains: Record<string, FactDomain> = {
  ...Object.fromEntries(Object.entries(gpuSheets).map(([name, parse]) => [name, {
    topic: 'gpuPriceObservations' as const, key: bySeries,
    parse: (payload: string, ctx: FactContext) => { const r = parse(payload, ctx); return { rows: r.observations, rejects: r.rejects, skipped: r.skipped }; },
  }])),
  'sec-companyfacts': {
    topic: 'filingFacts', key: (row) => String(row.cik),
    parse: (payload, ctx) => { const r = parseCompanyFacts(payload, ctx); return { rows: r.facts, rejects: r.rejects, skipped: r.skipped }; },
  },
  'sec-submissions': { topic: 'secFilings', key: (row) => String(row.cik), parse: parseSubmissions },
  ...Object.fromEntries(Object.entries({ lmarena: parseLmarena, aider: parseAider, 'swe-bench': parseSweBench, 'open-llm-leaderboard': parseOpenLlmLeaderboard })
    .map(([name, parse]) => [name, { topic: 'benchmarkResults' as const, key: bySourceModel, parse: (payload: string, ctx: FactContext) => parse(payload, ctx) }])),
  'openrouter-rankings': { topic: 'marketShares', key: (row) => String(row.entity), parse: (payload, ctx) => parseOpenRouterRankings(payload, ctx) },
  epoch: { topic: 'modelPricePoints', key: (row) => String(row.model_name), parse: (payload, ctx) => parseEpochPrices(payload, ctx) },
  'analyst-datapoints': { topic: 'analystDatapoints', key: (row) => String(row.datapoint_id), parse: parseAnalystDatapoints },
};
