import type { FetchDeps } from '../../ingest/run-source.ts';
import { fetchJob } from '../fetch-job.ts';
import { startFetchQueue, type FetchQueue } from '../fetch-queue.ts';
import type { PipelineContext } from '../pipeline-context.ts';

/** The fetcher role: BullMQ workers that fetch and publish each source's documents (worker false: the queue alone). */
export function startFetcherRole(
  ctx: PipelineContext,
  redisUrl: string,
  http: FetchDeps['http'],
  worker = true,
): Promise<FetchQueue> {
  const { env } = ctx;
  const job = fetchJob(ctx, http);
  return startFetchQueue({
    redisUrl,
    prefix: env.REBAR_QUEUE_PREFIX,
    attempts: env.REBAR_FETCH_ATTEMPTS,
    backoffMs: env.REBAR_FETCH_BACKOFF_MS,
    concurrency: env.REBAR_FETCH_CONCURRENCY,
    log: ctx.log,
    fetch: job.fetch,
    onFinalFailure: job.onFinalFailure,
    worker,
  });
}
