import type { SourceSpec } from '../ingest/source.ts';
import type { FetchStateStore } from '../ingest/fetch-state-store.ts';
import type { Env } from '../schemas/env.ts';
import type { Log } from '../schemas/logger.ts';
import type { KafkaNames } from '../schemas/topics.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';
import type { KafkaContext, Publisher } from '../sinks/kafka.ts';
import type { DocumentOutcome } from '../transform/run-transformer.ts';
import type { SourceStatusStore } from './source-status.ts';

/** What the roles and verbs of one process share: made once by the pipeline, passed to each unit. */
export interface PipelineContext {
  env: Env;
  log: Log;
  now: () => Date;
  names: KafkaNames;
  kafka: KafkaContext;
  pub: Publisher;
  warehouse: Warehouse;
  registry: Record<string, SourceSpec>;
  fetchState: FetchStateStore;
  status: SourceStatusStore;
  // every document this process transformed, by id: what drain waits for
  outcomes: Map<string, DocumentOutcome>;
}
