import path from 'node:path';
import { loadCompanies } from '../ingest/company-registry.ts';
import { FetchStateStore } from '../ingest/fetch-state-store.ts';
import { sourceRegistry } from '../ingest/sources/index.ts';
import type { Env } from '../schemas/env.ts';
import type { Log } from '../schemas/logger.ts';
import { kafkaNames } from '../schemas/topics.ts';
import { openWarehouse, type Warehouse } from '../sinks/clickhouse.ts';
import { connectKafka, createLagProbe, createPublisher, ensureTopics } from '../sinks/kafka.ts';
import { migrate } from '../sinks/migrate.ts';
import { documentOutcomes } from './document-outcomes.ts';
import { createDrain, type DrainProgress } from './drain.ts';
import { httpOptions } from './fetch-job.ts';
import { importDocument, importPayload, type ImportedPayload } from './import-document.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { createRedis } from './redis-client.ts';
import { storeReferenceData } from './reference-data.ts';
import { replay } from './replay.ts';
import { startFetcherRole } from './roles/fetcher-role.ts';
import { startSchedulerRole } from './roles/scheduler-role.ts';
import { startSinkRole } from './roles/sink-role.ts';
import { startTransformerRole } from './roles/transformer-role.ts';
import { opensWarehouse, ROLES, type Role } from './roles/roles.ts';
import { runOnce } from './run-once.ts';
import { emptySummary, type RunSummary } from './run-summary.ts';
import { stopAll, type Services } from './services/start-services.ts';
import { sourceStatusStore } from './source-status.ts';

export interface Pipeline {
  roles: Set<Role>;
  // opened by the roles that need it (sink, web): null in a process of other roles
  warehouse: Warehouse | null;
  runOnce(sources: string[]): Promise<RunSummary>;
  importDocument(source: string, pathOrUrl: string, observedAt?: Date, progress?: DrainProgress): Promise<RunSummary>;
  importPayload(source: string, doc: ImportedPayload): Promise<RunSummary>;
  /** progress: documents transformed so far, of all archived ones */
  replay(source: string, since?: Date, progress?: DrainProgress): Promise<RunSummary>;
  totals: RunSummary;
  sinkRows(): Record<string, number>;
  stop(): Promise<void>;
}

export interface PipelineOptions {
  schedule: boolean;
  /** what this process does (jobs/roles/roles.ts); default every role */
  roles?: Set<Role>;
  // a seam for tests: called after each insert, before its offsets are committed
  afterSinkInsert?: (table: string) => void;
}

/** The roles of one process (all by default): it only composes; each role and verb lives in its own unit. */
export async function startPipeline(env: Env, services: Services, log: Log, opts: PipelineOptions): Promise<Pipeline> {
  const roles = opts.roles ?? new Set(ROLES);
  const stops: Array<() => Promise<void>> = [];
  const stopped = <T extends { stop(): Promise<void> } | { close(): Promise<void> }>(x: T): T => {
    stops.push(() => ('stop' in x ? x.stop() : x.close()));
    return x;
  };
  try {
    const now = (): Date => new Date();
    const names = kafkaNames(env.REBAR_KAFKA_NAMESPACE);
    const kafka = connectKafka(services.brokers, `rebar-${process.pid}`, log);
    await ensureTopics(kafka, names.specs);
    const pub = stopped(await createPublisher(kafka));
    const probe = stopped(await createLagProbe(kafka));
    const warehouse = opensWarehouse(roles) ? stopped(await openWarehouse(services.clickhouse, log)) : null;
    if (warehouse) await migrate(warehouse);
    const redis = createRedis(services.redisUrl, { forBullmq: true });
    redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
    stops.push(async () => redis.disconnect());

    const companies = loadCompanies();
    const ctx: PipelineContext = {
      env,
      log,
      now,
      names,
      kafka,
      pub,
      warehouse,
      registry: sourceRegistry(env, companies),
      fetchState: new FetchStateStore(path.join(env.REBAR_DATA_DIR, 'state')),
      status: sourceStatusStore(redis, env.REBAR_QUEUE_PREFIX),
      outcomes: documentOutcomes(redis, env.REBAR_QUEUE_PREFIX),
    };
    const totals = emptySummary();
    const transformer = roles.has('transformer') ? stopped(await startTransformerRole(ctx, totals)) : null;
    const sink = roles.has('sink')
      ? stopped(
          await startSinkRole(ctx, {
            afterInsert: opts.afterSinkInsert,
            upstreamBusy: () => transformer?.busy() ?? false,
          }),
        )
      : null;
    // the store's writer keeps its reference tables (companies, the model registry) as this checkout has them
    if (sink) await storeReferenceData(warehouse!, companies, ctx.registry, now());
    const http = httpOptions(ctx, redis);
    // every process may enqueue a fetch (a cycle, a scheduled tick); only fetchers run them
    const queue = stopped(await startFetcherRole(ctx, services.redisUrl, http, roles.has('fetcher')));
    if (opts.schedule && roles.has('scheduler')) startSchedulerRole(ctx, queue);

    const drain = createDrain(ctx, probe);
    return {
      roles,
      warehouse,
      totals,
      sinkRows: () => sink?.stats.rows ?? {},
      runOnce: (sources) => runOnce(ctx, queue, drain, sources),
      importDocument: (source, pathOrUrl, observedAt, progress) =>
        importDocument(ctx, drain, http, source, pathOrUrl, observedAt, progress),
      importPayload: (source, doc) => importPayload(ctx, drain, source, doc),
      replay: (source, since, progress) => replay(ctx, drain, source, since, progress),
      stop: () => stopAll(stops, log),
    };
  } catch (err) {
    await stopAll(stops, log);
    throw err;
  }
}
