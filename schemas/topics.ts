import type { z } from 'zod';
import { RawDocument, rawDocumentsTable } from './raw-document.ts';
import { PriceObservation, priceObservationsTable } from './events/price-observation.ts';
import { PriceChange, priceChangesTable } from './events/price-change.ts';
import { DeadLetter, deadLettersTable } from './events/dead-letter.ts';
import { FetchLog, fetchLogTable } from './events/fetch-log.ts';
import { GpuPriceObservation, gpuPriceObservationsTable } from './events/gpu-price-observation.ts';
import { FilingFact, filingFactsTable } from './events/filing-fact.ts';
import { AnalystDatapoint, analystDatapointsTable } from './events/analyst-datapoint.ts';
import { SecFiling, secFilingsTable } from './events/sec-filing.ts';
import { BenchmarkResult, benchmarkResultsTable } from './events/benchmark-result.ts';
import { MarketShare, marketShareObservationsTable } from './events/market-share.ts';
import { ModelPricePoint, modelPricePointsTable } from './events/model-price-point.ts';
import { NotableModel, notableModelsTable } from './events/notable-model.ts';
import type { TableSpec } from './clickhouse.ts';

export interface TopicSpec {
  name: string;
  schema: z.ZodObject;
  key: string; // which field keys the messages (and so fixes ordering)
  batched?: true; // each message a JSON array of records (an internal topic: sinks/record-batches.ts says why)
  partitions: number;
  config: Record<string, string>;
  table: TableSpec | null; // the ClickHouse table the sink writes it to
  description: string;
}

const DAY_MS = 86_400_000;

export const topics = {
  rawDocuments: {
    name: 'rebar.raw-documents',
    schema: RawDocument,
    key: 'source',
    partitions: 3,
    config: {
      'retention.ms': String(14 * DAY_MS),
      'max.message.bytes': String(16 * 1024 * 1024),
      'compression.type': 'producer',
    },
    table: rawDocumentsTable,
    description: 'every fetched or imported document, verbatim; keyed by source so one source stays in order',
  },
  priceObservations: {
    name: 'rebar.price-observations',
    schema: PriceObservation,
    key: 'document_id#part',
    batched: true,
    partitions: 6,
    config: { 'retention.ms': String(30 * DAY_MS) },
    table: priceObservationsTable,
    description:
      'internal: normalized prices, one per priced dimension, USD per 1M tokens; each message a JSON array of up to 1,000 of one document (the public feed is rebar.price-changes)',
  },
  priceChanges: {
    name: 'rebar.price-changes',
    schema: PriceChange,
    key: 'series_key',
    partitions: 3,
    config: { 'retention.ms': String(365 * DAY_MS) },
    table: priceChangesTable,
    description: 'public: first_seen, increase, decrease and removed events per series, newest observations only',
  },
  deadLetter: {
    name: 'rebar.dead-letter',
    schema: DeadLetter,
    key: 'source',
    partitions: 1,
    config: { 'retention.ms': String(90 * DAY_MS) },
    table: deadLettersTable,
    description: 'rejected documents and records with the reason',
  },
  gpuPriceObservations: {
    name: 'rebar.gpu-price-observations',
    schema: GpuPriceObservation,
    key: 'series_key',
    partitions: 3,
    config: { 'retention.ms': String(30 * DAY_MS) },
    table: gpuPriceObservationsTable,
    description: 'GPU rental prices normalized to USD per GPU-hour, by provider, GPU model, commitment and region',
  },
  filingFacts: {
    name: 'rebar.filing-facts',
    schema: FilingFact,
    key: 'cik',
    partitions: 3,
    config: { 'retention.ms': String(30 * DAY_MS) },
    table: filingFactsTable,
    description:
      'every value filed in SEC XBRL for the concepts rebar tracks (capex, revenue, PP&E, depreciation), every version kept',
  },
  secFilings: {
    name: 'rebar.sec-filings',
    schema: SecFiling,
    key: 'cik',
    partitions: 1,
    config: { 'retention.ms': String(30 * DAY_MS) },
    table: secFilingsTable,
    description:
      "the tracked companies' reports (10-K, 10-Q, 8-K, 20-F...) from SEC submissions: form, filing and report dates, document URL",
  },
  benchmarkResults: {
    name: 'rebar.benchmark-results',
    schema: BenchmarkResult,
    key: 'source_model_id',
    partitions: 3,
    config: { 'retention.ms': String(30 * DAY_MS) },
    table: benchmarkResultsTable,
    description:
      'leaderboard scores per benchmark version, model and snapshot, with CI, rank and votes where published',
  },
  marketShares: {
    name: 'rebar.market-shares',
    schema: MarketShare,
    key: 'entity',
    partitions: 1,
    config: { 'retention.ms': String(365 * DAY_MS) },
    table: marketShareObservationsTable,
    description:
      "shares measured from a source's own counts (OpenRouter weekly tokens), keeping 'other' where a top N has a total",
  },
  modelPricePoints: {
    name: 'rebar.model-price-points',
    schema: ModelPricePoint,
    key: 'model_name',
    partitions: 1,
    config: { 'retention.ms': String(365 * DAY_MS) },
    table: modelPricePointsTable,
    description:
      "Epoch AI's price-trend inputs: per model and price date, the 3:1 blended USD per 1M tokens and its benchmark scores",
  },
  notableModels: {
    name: 'rebar.notable-models',
    schema: NotableModel,
    key: 'model_name',
    partitions: 1,
    config: { 'retention.ms': String(365 * DAY_MS) },
    table: notableModelsTable,
    description:
      "Epoch AI's notable and frontier models: organization, publication date, parameters, training compute, accessibility",
  },
  analystDatapoints: {
    name: 'rebar.analyst-datapoints',
    schema: AnalystDatapoint,
    key: 'datapoint_id',
    partitions: 1,
    config: { 'retention.ms': String(365 * DAY_MS) },
    table: analystDatapointsTable,
    description:
      'analyst-entered figures not in XBRL (capex guidance, AI revenue claims, survey shares), each with its citation',
  },
  fetchLog: {
    name: 'rebar.fetch-log',
    schema: FetchLog,
    key: 'source',
    partitions: 1,
    config: { 'retention.ms': String(90 * DAY_MS) },
    table: fetchLogTable,
    description: 'every fetch and import attempt: published, unchanged or failed, with the reason',
  },
} as const satisfies Record<string, TopicSpec>;

export const allTopics: TopicSpec[] = Object.values(topics);

export const consumerGroups = {
  transform: 'rebar.transform.prices',
  sink: 'rebar.sink.clickhouse',
} as const;

export type TopicKey = keyof typeof topics;

/** Topic and group names under a namespace prefix, so several deployments (or tests) can share a cluster. */
export interface KafkaNames {
  topic: Record<TopicKey, string>;
  group: { transform: string; sink: string };
  specs: TopicSpec[];
}

export function kafkaNames(namespace = ''): KafkaNames {
  const topic = Object.fromEntries(Object.entries(topics).map(([k, t]) => [k, `${namespace}${t.name}`])) as Record<
    TopicKey,
    string
  >;
  return {
    topic,
    group: { transform: `${namespace}${consumerGroups.transform}`, sink: `${namespace}${consumerGroups.sink}` },
    specs: allTopics.map((t) => ({ ...t, name: `${namespace}${t.name}` })),
  };
}
