import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FetchStateStore } from '../ingest/fetch-state-store.ts';
import { httpGet } from '../ingest/http-fetch.ts';
import { publishDocument, type PublishOutcome } from '../ingest/publish-document.ts';
import { fetchSource, type FetchDeps } from '../ingest/run-source.ts';
import { fetchLogEntry } from '../ingest/fetch-log.ts';
import type { FetchLog } from '../schemas/events/fetch-log.ts';
import { defaultSources, pickSources, sourceRegistry } from '../ingest/sources/index.ts';
import { loadCompanies } from '../ingest/company-registry.ts';
import { modelEntries, sharedModelRegistry } from '../transform/models/model-registry.ts';
import type { Env } from '../schemas/env.ts';
import { PermanentError } from '../schemas/errors.ts';
import { kafkaNames } from '../schemas/topics.ts';
import { openWarehouse, type Warehouse } from '../sinks/clickhouse.ts';
import { startClickhouseSink, type SinkRejection } from '../sinks/clickhouse-sink.ts';
import { connectKafka, createLagProbe, createPublisher, ensureTopics } from '../sinks/kafka.ts';
import { migrate } from '../sinks/migrate.ts';
import { archivedDocuments } from '../sinks/raw-archive.ts';
import { deadLetter } from '../transform/dead-letters.ts';
import { publishDeadLetters, startTransformer, type DocumentOutcome } from '../transform/run-transformer.ts';
import { SeriesStateStore } from '../transform/series-state-store.ts';
import { sheets } from '../transform/sheets/index.ts';
import { startFetchQueue, type FetchJobResult } from './fetch-queue.ts';
import { createHostLimiter, parseHostLimits } from './host-limiter.ts';
import { createRedis } from './redis-client.ts';
import { sourceStatusStore } from './source-status.ts';
import type { Log } from '../schemas/logger.ts';
import { addOutcome, emptySummary, type RunSummary } from './run-summary.ts';
import { stopAll, type Services } from './services/start-services.ts';

export interface Pipeline {
  warehouse: Warehouse;
  runOnce(sources: string[]): Promise<RunSummary>;
  importDocument(source: string, pathOrUrl: string, observedAt?: Date): Promise<RunSummary>;
  importPayload(
    source: string,
    doc: { payload: string; url: string; contentType?: string; observedAt?: Date },
  ): Promise<RunSummary>;
  replay(source: string, since?: Date): Promise<RunSummary>;
  totals: RunSummary;
  sinkRows(): Record<string, number>;
  stop(): Promise<void>;
}

/** All roles in one process: fetch (BullMQ), transform and sink (Kafka consumers), and the warehouse. */
export async function startPipeline(
  env: Env,
  services: Services,
  log: Log,
  opts: { schedule: boolean },
): Promise<Pipeline> {
  const stops: Array<() => Promise<void>> = [];
  const now = (): Date => new Date();
  try {
    const names = kafkaNames(env.REBAR_KAFKA_NAMESPACE);
    const sinkTopics = names.specs.filter((t) => t.table);
    const kafka = connectKafka(services.brokers, `rebar-${process.pid}`, log);
    await ensureTopics(kafka, names.specs);
    const pub = await createPublisher(kafka);
    stops.push(() => pub.close());
    const probe = await createLagProbe(kafka);
    stops.push(() => probe.close());
    const warehouse = await openWarehouse(services.clickhouse, log);
    stops.push(() => warehouse.close());
    await migrate(warehouse);

    const stateDir = path.join(env.REBAR_DATA_DIR, 'state');
    const fetchState = new FetchStateStore(stateDir);
    const outcomes = new Map<string, DocumentOutcome>();
    const totals = emptySummary();
    const redis = createRedis(services.redisUrl, { forBullmq: true });
    redis.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
    stops.push(async () => {
      redis.disconnect();
    });
    const status = sourceStatusStore(redis, env.REBAR_QUEUE_PREFIX);
    const transformer = await startTransformer(kafka, {
      pub,
      names,
      store: new SeriesStateStore(stateDir),
      log,
      now,
      fx: env.REBAR_FX_RATES,
      onDocument: (o) => {
        outcomes.set(o.document_id, o);
        addOutcome(totals, o);
        void status.update(o.source, {
          last_observations: String(o.observations),
          last_changes: String(o.changes),
          last_dead_lettered: String(o.dead_lettered),
        });
      },
    });
    stops.push(() => transformer.stop());
    const rejectInSink = async (rs: SinkRejection[]): Promise<void> => {
      await publishDeadLetters(
        pub,
        names,
        rs.map((r) =>
          deadLetter(
            { source: r.key ?? 'unknown', url: '', content_hash: '', observed_at: now().toISOString() },
            'sink',
            `${r.topic}:${r.offset}`,
            r.reason,
            r.detail,
            r.value,
            now(),
          ),
        ),
      );
    };
    const sink = await startClickhouseSink(kafka, warehouse, {
      groupId: names.group.sink,
      topics: sinkTopics,
      log,
      reject: rejectInSink,
      // test-only: die between insert and offset commit, to prove redelivery leaves no duplicate
      afterInsert:
        env.REBAR_FAULT_INJECTION === 'sink-exit-after-insert'
          ? (table) => {
              if (table === 'price_observations_store') process.exit(86);
            }
          : undefined,
    });
    stops.push(() => sink.stop());

    const companies = loadCompanies();
    await warehouse.insert('companies_store', companies);
    await warehouse.insert('models_store', modelEntries(sharedModelRegistry(), now()));
    const registry = sourceRegistry(env, companies);
    await warehouse.insert(
      'sources_store',
      Object.values(registry).map((s) => ({
        source: s.name,
        description: s.description,
        url: s.url,
        schedule: s.schedule,
        expected_refresh_s: Math.round(s.expectedRefreshMs / 1000),
        updated_at: now().toISOString(),
      })),
    );
    const logFetch = (e: Omit<FetchLog, 'event_id'>): Promise<void> =>
      pub.publish(names.topic.fetchLog, [{ key: e.source, value: fetchLogEntry(e) }]);
    const acquire = createHostLimiter(redis, env.REBAR_QUEUE_PREFIX, {
      perSecond: parseHostLimits(env.REBAR_HOST_RATE_LIMITS),
      concurrency: env.REBAR_HOST_CONCURRENCY,
    });
    const http = { timeoutMs: env.REBAR_HTTP_TIMEOUT_MS, userAgent: env.REBAR_USER_AGENT, acquire };
    const fetchDeps: FetchDeps = {
      pub,
      names,
      fetchState,
      http,
      log,
      now,
      respectRobots: env.REBAR_RESPECT_ROBOTS,
      chromiumPath: env.REBAR_CHROMIUM_PATH,
      failedDir: path.join(env.REBAR_DATA_DIR, 'failed-documents'),
      validate: (source, payload) => {
        sheets[source.name]?.parse(payload);
      },
    };
    const toJobResult = (source: string, os: PublishOutcome[]): FetchJobResult => {
      const document_ids = os.flatMap((o) => (o.status === 'published' ? [o.document.document_id] : []));
      return { source, status: document_ids.length ? 'published' : 'unchanged', document_ids };
    };
    const queue = await startFetchQueue({
      redisUrl: services.redisUrl,
      prefix: env.REBAR_QUEUE_PREFIX,
      attempts: env.REBAR_FETCH_ATTEMPTS,
      backoffMs: env.REBAR_FETCH_BACKOFF_MS,
      concurrency: env.REBAR_FETCH_CONCURRENCY,
      log,
      fetch: async (job) => {
        await status.update(job.source, { last_attempt_at: now().toISOString() });
        const r = toJobResult(job.source, await fetchSource(pickSources(registry, [job.source])[0]!, fetchDeps));
        // recorded before the job completes, so a drained --once run has its fetch log stored too
        const at = now().toISOString();
        await status.update(job.source, {
          last_success_at: at,
          last_status: r.status,
          last_document_id: r.document_ids.join(','),
        });
        await logFetch({
          source: job.source,
          url: registry[job.source]?.url ?? '',
          attempted_at: at,
          observed_at: at,
          status: r.status,
          reason: '',
          document_id: r.document_ids.join(','),
        });
        return r;
      },
      onFinalFailure: async (job, reason) => {
        const at = now().toISOString();
        await status.update(job.source, { last_failure_at: at, last_failure_reason: reason });
        await logFetch({
          source: job.source,
          url: registry[job.source]?.url ?? '',
          attempted_at: at,
          observed_at: at,
          status: 'failed',
          reason,
          document_id: '',
        });
        const spec = registry[job.source];
        await publishDeadLetters(pub, names, [
          deadLetter(
            { source: job.source, url: spec?.url ?? '', content_hash: '', observed_at: job.tick },
            'fetch',
            job.tick,
            'fetch_failed',
            reason,
            job,
            now(),
          ),
        ]);
      },
    });
    stops.push(() => queue.stop());
    if (opts.schedule) {
      const { run, waiting } = defaultSources(registry, env.REBAR_SOURCES, env.REBAR_USER_AGENT);
      for (const s of waiting)
        log.warn(
          { source: s },
          `${s} not scheduled: its host requires a User-Agent with a contact e-mail; set REBAR_USER_AGENT`,
        );
      queue.startSchedules(pickSources(registry, run));
    }

    const waitFor = async (what: string, ok: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      while (!(await ok())) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // drained: every document of this run transformed, and the sink has committed everything published
    const drain = async (summary: RunSummary, ids: string[]): Promise<RunSummary> => {
      await waitFor('the transformer', async () => ids.every((id) => outcomes.has(id)));
      await waitFor(
        'the transformer group',
        async () => (await probe.lag(names.group.transform, [names.topic.rawDocuments])) === 0n,
      );
      await waitFor(
        'the ClickHouse sink',
        async () =>
          (await probe.lag(
            names.group.sink,
            sinkTopics.map((t) => t.name),
          )) === 0n,
      );
      for (const id of ids) addOutcome(summary, outcomes.get(id)!);
      return summary;
    };
    const count = (summary: RunSummary, r: FetchJobResult, ids: string[]): void => {
      summary.fetched += 1;
      if (r.status === 'published') {
        summary.published += 1;
        ids.push(...r.document_ids);
      } else summary.unchanged += 1;
    };

    const self: Pipeline = {
      warehouse,
      totals,
      sinkRows: () => sink.stats.rows,
      async runOnce(names) {
        const summary = emptySummary();
        const ids: string[] = [];
        const runId = randomUUID();
        const results = await Promise.allSettled(pickSources(registry, names).map((s) => queue.runNow(s.name, runId)));
        results.forEach((r, i) => {
          if (r.status === 'fulfilled') count(summary, r.value, ids);
          else summary.failed.push({ source: names[i]!, reason: (r.reason as Error).message });
        });
        return drain(summary, ids);
      },
      async importDocument(source, pathOrUrl, observedAt) {
        const isUrl = /^https?:\/\//.test(pathOrUrl);
        if (!isUrl) {
          const payload = await readFile(pathOrUrl, 'utf8').catch((err: Error) => {
            throw new PermanentError(`import ${pathOrUrl}: ${err.message}`, { cause: err });
          });
          return self.importPayload(source, { payload, url: `file://${path.resolve(pathOrUrl)}`, observedAt });
        }
        const res = await httpGet(pathOrUrl, http);
        if (res.status !== 'ok') throw new PermanentError(`import ${pathOrUrl}: not modified`);
        return self.importPayload(source, {
          payload: res.body,
          url: pathOrUrl,
          contentType: res.contentType,
          observedAt,
        });
      },
      async importPayload(source, doc) {
        const spec = pickSources(registry, [source])[0]!;
        const at = doc.observedAt ?? now();
        const outcome = await publishDocument(
          {
            source,
            url: doc.url,
            payload: doc.payload,
            contentType: doc.contentType ?? 'application/json',
            etag: null,
            fetchedAt: now(),
            observedAt: at,
            complete: spec.complete,
            origin: 'import',
          },
          { pub, names, fetchState },
        );
        const summary = emptySummary();
        const ids: string[] = [];
        const result = toJobResult(source, [outcome]);
        count(summary, result, ids);
        await logFetch({
          source,
          url: doc.url,
          attempted_at: now().toISOString(),
          observed_at: at.toISOString(),
          status: result.status,
          reason: '',
          document_id: result.document_ids.join(','),
        });
        return drain(summary, ids);
      },
      async replay(source, since) {
        pickSources(registry, [source]);
        // the archive, oldest first, back through the current transformer: same ids, corrected values replace old rows
        const docs = await archivedDocuments(warehouse, source, since);
        const summary = emptySummary();
        for (const doc of docs) {
          await pub.publish(
            names.topic.rawDocuments,
            [{ key: doc.source, value: doc, headers: { content_hash: doc.content_hash, replay: 'true' } }],
            { compress: true },
          );
          outcomes.delete(doc.document_id);
          summary.fetched += 1;
          summary.published += 1;
        }
        return drain(
          summary,
          docs.map((d) => d.document_id),
        );
      },
      stop: () => stopAll(stops, log),
    };
    return self;
  } catch (err) {
    await stopAll(stops, log);
    throw err;
  }
}
