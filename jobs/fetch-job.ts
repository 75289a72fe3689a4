import path from 'node:path';
import { fetchLogEntry } from '../ingest/fetch-log.ts';
import type { PublishOutcome } from '../ingest/publish-document.ts';
import { fetchSource, type FetchDeps } from '../ingest/run-source.ts';
import type { FetchLog } from '../schemas/events/fetch-log.ts';
import type { ParseContext } from '../transform/transformer.ts';
import { deadLetter } from '../transform/dead-letters.ts';
import { publishDeadLetters } from '../transform/run-transformer.ts';
import type { FetchJob, FetchJobResult } from './fetch-queue.ts';
import { createHostLimiter, parseHostLimits } from './host-limiter.ts';
import type { PipelineContext } from './pipeline-context.ts';
import type { RedisConnection } from './redis-client.ts';

export const toJobResult = (source: string, os: PublishOutcome[]): FetchJobResult => {
  const document_ids = os.flatMap((o) => (o.status === 'published' ? [o.document.document_id] : []));
  return { source, status: document_ids.length ? 'published' : 'unchanged', document_ids };
};

export const logFetch = (ctx: PipelineContext, e: Omit<FetchLog, 'event_id'>): Promise<void> =>
  ctx.pub.publish(ctx.names.topic.fetchLog, [{ key: e.source, value: fetchLogEntry(e) }]);

/** The HTTP settings of every fetch: timeouts, User-Agent, and the per-host limits shared through Redis. */
export function httpOptions(ctx: PipelineContext, redis: RedisConnection): FetchDeps['http'] {
  const { env } = ctx;
  const acquire = createHostLimiter(redis, env.REBAR_QUEUE_PREFIX, {
    perSecond: parseHostLimits(env.REBAR_HOST_RATE_LIMITS),
    concurrency: env.REBAR_HOST_CONCURRENCY,
  });
  return { timeoutMs: env.REBAR_HTTP_TIMEOUT_MS, userAgent: env.REBAR_USER_AGENT, acquire };
}

/** One fetch of one source, as the queue runs it: status before and after, the fetch log, a dead letter when it fails for good. */
export function fetchJob(ctx: PipelineContext, http: FetchDeps['http']) {
  const { env, registry, now } = ctx;
  const deps: FetchDeps = {
    pub: ctx.pub,
    names: ctx.names,
    fetchState: ctx.fetchState,
    http,
    log: ctx.log,
    now,
    respectRobots: env.REBAR_RESPECT_ROBOTS,
    chromiumPath: env.REBAR_CHROMIUM_PATH,
    failedDir: path.join(env.REBAR_DATA_DIR, 'failed-documents'),
    // a page is read before it is published: layout drift fails the fetch, not the transform
    validate: (source, url, payload) => {
      const t = source.transformerFor(url);
      const doc: ParseContext = { source: source.name, url, observed_at: now().toISOString() };
      if (t.output === 'prices') t.parse(payload, doc);
    },
  };
  const urlOf = (source: string): string => registry[source]?.url ?? '';
  return {
    fetch: async (job: FetchJob): Promise<FetchJobResult> => {
      await ctx.status.update(job.source, { last_attempt_at: now().toISOString() });
      const spec = registry[job.source];
      if (!spec) throw new Error(`fetch ${job.source}: not a configured source`);
      const r = toJobResult(job.source, await fetchSource(spec, deps));
      // recorded before the job completes, so a drained --once run has its fetch log stored too
      const at = now().toISOString();
      await ctx.status.update(job.source, {
        last_success_at: at,
        last_status: r.status,
        last_document_id: r.document_ids.join(','),
      });
      const document_id = r.document_ids.join(',');
      await logFetch(ctx, {
        source: job.source,
        url: urlOf(job.source),
        attempted_at: at,
        observed_at: at,
        status: r.status,
        reason: '',
        document_id,
      });
      return r;
    },
    onFinalFailure: async (job: FetchJob, reason: string): Promise<void> => {
      const at = now().toISOString();
      await ctx.status.update(job.source, { last_failure_at: at, last_failure_reason: reason });
      await logFetch(ctx, {
        source: job.source,
        url: urlOf(job.source),
        attempted_at: at,
        observed_at: at,
        status: 'failed',
        reason,
        document_id: '',
      });
      const doc = { source: job.source, url: urlOf(job.source), content_hash: '', observed_at: job.tick };
      await publishDeadLetters(ctx.pub, ctx.names, [
        deadLetter(doc, 'fetch', job.tick, 'fetch_failed', reason, job, now()),
      ]);
    },
  };
}
