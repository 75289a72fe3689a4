import { PermanentError } from '../schemas/errors.ts';
import type { TopicKey } from '../schemas/topics.ts';
import { parseAnalystDatapoints } from '../ingest/sources/analyst-datapoints/parse.ts';
import { parseCompanyFacts } from '../ingest/sources/sec-companyfacts/parse.ts';
import { parseSubmissions } from '../ingest/sources/sec-submissions/parse.ts';
import { parseAider } from '../ingest/sources/aider/parse.ts';
import { parseEpochPrices } from '../ingest/sources/epoch/parse-prices.ts';
import { parseEpochRuns } from '../ingest/sources/epoch/parse-runs.ts';
import { parseEpochNotableModels } from '../ingest/sources/epoch/parse-notable-models.ts';
import { parseLmarena } from '../ingest/sources/lmarena/parse.ts';
import { parseOpenLlmLeaderboard } from '../ingest/sources/open-llm-leaderboard/parse.ts';
import { parseSweBench } from '../ingest/sources/swe-bench/parse.ts';
import { parseOpenRouterRankings } from '../ingest/sources/openrouter-rankings/parse.ts';
import { gpuSheets } from './gpu/index.ts';

export interface FactContext {
  source: string;
  url: string;
  observed_at: string;
  content_hash?: string;
}
export interface FactParse {
  rows: { series_key?: string; event_id: string }[];
  rejects: { record_ref: string; reason: string; detail: string; record: unknown }[];
  skipped: Record<string, number>;
}

/** A source whose documents become rows of one topic (no price-change detection): GPU prices, filings, datapoints. */
export interface FactDomain {
  topic: TopicKey;
  key: (row: Record<string, unknown>) => string;
  parse: (payload: string, ctx: FactContext) => FactParse;
}

const bySeries = (row: Record<string, unknown>): string => String(row.series_key ?? row.event_id);
const bySourceModel = (row: Record<string, unknown>): string => String(row.source_model_id);

export const factDomains: Record<string, FactDomain> = {
  ...Object.fromEntries(
    Object.entries(gpuSheets).map(([name, parse]) => [
      name,
      {
        topic: 'gpuPriceObservations' as const,
        key: bySeries,
        parse: (payload: string, ctx: FactContext) => {
          const r = parse(payload, ctx);
          return { rows: r.observations, rejects: r.rejects, skipped: r.skipped };
        },
      },
    ]),
  ),
  'sec-companyfacts': {
    topic: 'filingFacts',
    key: (row) => String(row.cik),
    parse: (payload, ctx) => {
      const r = parseCompanyFacts(payload, ctx);
      return { rows: r.facts, rejects: r.rejects, skipped: r.skipped };
    },
  },
  'sec-submissions': { topic: 'secFilings', key: (row) => String(row.cik), parse: parseSubmissions },
  ...Object.fromEntries(
    Object.entries({
      lmarena: parseLmarena,
      aider: parseAider,
      'swe-bench': parseSweBench,
      'open-llm-leaderboard': parseOpenLlmLeaderboard,
    }).map(([name, parse]) => [
      name,
      {
        topic: 'benchmarkResults' as const,
        key: bySourceModel,
        parse: (payload: string, ctx: FactContext) => parse(payload, ctx),
      },
    ]),
  ),
  'openrouter-rankings': {
    topic: 'marketShares',
    key: (row) => String(row.entity),
    parse: (payload, ctx) => parseOpenRouterRankings(payload, ctx),
  },
  'analyst-datapoints': {
    topic: 'analystDatapoints',
    key: (row) => String(row.datapoint_id),
    parse: parseAnalystDatapoints,
  },
};

// Epoch publishes several datasets, each file its own document: the file name says which table it feeds
const EPOCH_FILES: { match: RegExp; domain: FactDomain }[] = [
  {
    match: /aa_data_with_math5|price_data_not_in_aa/,
    domain: {
      topic: 'modelPricePoints',
      key: (row) => String(row.model_name),
      parse: (payload, ctx) => parseEpochPrices(payload, ctx),
    },
  },
  {
    match: /benchmarks_runs|external_benchmark_/,
    domain: { topic: 'benchmarkResults', key: bySourceModel, parse: (payload, ctx) => parseEpochRuns(payload, ctx) },
  },
  {
    match: /notable_ai_models|frontier_ai_models/,
    domain: {
      topic: 'notableModels',
      key: (row) => String(row.model_name),
      parse: (payload, ctx) => parseEpochNotableModels(payload, ctx),
    },
  },
];
const unknownEpochFile: FactDomain = {
  topic: 'modelPricePoints',
  key: (row) => String(row.event_id),
  parse: (_payload, ctx) => {
    throw new PermanentError(
      `${ctx.url}: not an Epoch file rebar reads (aa_data_with_math5.csv, epoch_ai_price_data_not_in_aa_with_benchmarks.csv, benchmarks_runs.csv, external_benchmark_*.csv, notable_ai_models.csv, frontier_ai_models.csv)`,
    );
  },
};

/** The fact domain a document belongs to, by its source (and, for Epoch, its file); undefined for price sheets. */
export function factDomainFor(source: string, url: string): FactDomain | undefined {
  if (source === 'epoch') return EPOCH_FILES.find((f) => f.match.test(url))?.domain ?? unknownEpochFile;
  return factDomains[source];
}
