import type { SourceSpec } from '../ingest/source.ts';
import type { FetchStateStore } from '../ingest/fetch-state-store.ts';
import type { Env } from '../schemas/env.ts';
import type { Log } from '../schemas/logger.ts';
import type { KafkaNames } from '../schemas/topics.ts';
import { ConfigError } from '../schemas/errors.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';
import type { KafkaContext, Publisher } from '../sinks/kafka.ts';
import type { DocumentOutcomes } from './document-outcomes.ts';
import type { SourceStatusStore } from './source-status.ts';

/** What the roles and verbs of one process share: made once by the pipeline, passed to each unit. */
export interface PipelineContext {
  env: Env;
  log: Log;
  now: () => Date;
  names: KafkaNames;
  kafka: KafkaContext;
  pub: Publisher;
  // opened by the roles that need it (sink, web): null in a process of other roles
  warehouse: Warehouse | null;
  registry: Record<string, SourceSpec>;
  fetchState: FetchStateStore;
  status: SourceStatusStore;
  // every document transformed, here or in another process, by id: what drain waits for
  outcomes: DocumentOutcomes;
}

/** The warehouse of a process whose roles opened it; what needs it elsewhere is a configuration error, said as one. */
export function warehouseOf(ctx: PipelineContext, what: string): Warehouse {
  if (ctx.warehouse) return ctx.warehouse;
  throw new ConfigError(`${what} needs the warehouse, which only a process with --role sink or web opens`);
}
