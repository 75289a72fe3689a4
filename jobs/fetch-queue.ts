// the one bullmq import: node-cron decides when, BullMQ runs the fetch durably
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import cron, { type ScheduledTask } from 'node-cron';
import type { SourceSpec } from '../ingest/source.ts';
import { isRetriable } from '../schemas/errors.ts';
import type { Log } from '../schemas/logger.ts';
import { createRedis } from './redis-client.ts';

export interface FetchJobResult {
  source: string;
  status: 'published' | 'unchanged';
  document_ids: string[];
}
export interface FetchJob {
  source: string;
  tick: string;
}

export interface FetchQueue {
  /** Runs one fetch of the source through the queue and resolves when it finished (or failed for good). */
  runNow(source: string, runId: string): Promise<FetchJobResult>;
  startSchedules(sources: SourceSpec[]): void;
  stop(): Promise<void>;
}

// the tick, to the second, is the job id: replicas ticking at once add one job, not several
export const tickJobId = (source: string, tick: Date): string =>
  `cron.${source}.${new Date(Math.floor(tick.getTime() / 1000) * 1000).toISOString().replace(/:/g, '-')}`;

export async function startFetchQueue(opts: {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
  concurrency: number;
  log: Log;
  fetch: (job: FetchJob) => Promise<FetchJobResult>;
  onSuccess?: (job: FetchJob, result: FetchJobResult) => Promise<void>;
  onFinalFailure?: (job: FetchJob, reason: string) => Promise<void>;
  worker?: boolean; // false: schedule and enqueue only (a scheduler replica)
}): Promise<FetchQueue> {
  const log = opts.log.child({ component: 'fetch-queue' });
  const conns = [
    createRedis(opts.redisUrl, { forBullmq: true }),
    createRedis(opts.redisUrl, { forBullmq: true }),
    createRedis(opts.redisUrl, { forBullmq: true }),
  ];
  for (const c of conns) c.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const [qConn, wConn, eConn] = conns as [(typeof conns)[0], (typeof conns)[0], (typeof conns)[0]];
  const name = 'fetch';
  const queue = new Queue<FetchJob>(name, { connection: qConn, prefix: opts.prefix });
  const events = new QueueEvents(name, { connection: eConn, prefix: opts.prefix });
  // a cycle waits on every source's job at once, and each wait listens for the queue closing: one listener per
  // source (15 by default), not a leak
  queue.setMaxListeners(0);
  const worker =
    opts.worker === false
      ? null
      : new Worker<FetchJob>(
          name,
          async (job: Job<FetchJob>) => {
            try {
              return await opts.fetch(job.data);
            } catch (err) {
              log.warn(
                { source: job.data.source, attempt: job.attemptsMade + 1, err: (err as Error).message },
                'fetch failed',
              );
              if (!isRetriable(err)) throw new UnrecoverableError((err as Error).message);
              throw err;
            }
          },
          { connection: wConn, prefix: opts.prefix, concurrency: opts.concurrency },
        );
  worker?.on('error', (err) => log.warn({ err: err.message }, 'worker error'));
  worker?.on('completed', (job, result: FetchJobResult) => {
    void opts
      .onSuccess?.(job.data, result)
      .catch((err: Error) => log.warn({ err: err.message }, 'status update failed'));
  });
  worker?.on('failed', (job, err) => {
    if (!job) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) return;
    // the job stays in BullMQ's failed set (the dead-letter state); operators see it in rebar status too
    log.error(
      { source: job.data.source, tick: job.data.tick, attempts: job.attemptsMade, reason: err.message },
      'fetch failed for good',
    );
    void opts
      .onFinalFailure?.(job.data, err.message)
      .catch((e: Error) => log.warn({ err: e.message }, 'status update failed'));
  });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker?.waitUntilReady()]);
  const jobOpts = {
    attempts: opts.attempts,
    backoff: { type: 'exponential', delay: opts.backoffMs },
    removeOnComplete: { age: 7 * 86_400, count: 1000 },
    removeOnFail: { age: 30 * 86_400 },
  };
  const tasks: ScheduledTask[] = [];
  return {
    async runNow(source, runId) {
      const job = await queue.add(
        name,
        { source, tick: new Date().toISOString() },
        { ...jobOpts, jobId: `run.${source}.${runId}` },
      );
      return (await job.waitUntilFinished(events)) as FetchJobResult;
    },
    startSchedules(sources) {
      for (const s of sources) {
        tasks.push(
          cron.schedule(
            s.schedule,
            (ctx) => {
              queue
                .add(
                  name,
                  { source: s.name, tick: ctx.date.toISOString() },
                  { ...jobOpts, jobId: tickJobId(s.name, ctx.date) },
                )
                .catch((err: Error) =>
                  log.error({ source: s.name, err: err.message }, 'could not enqueue scheduled fetch'),
                );
            },
            { timezone: 'UTC', name: `fetch:${s.name}:${process.pid}`, noOverlap: false },
          ),
        );
        log.info({ source: s.name, schedule: s.schedule }, 'schedule started');
      }
    },
    async stop() {
      for (const t of tasks) await t.destroy();
      await worker?.close();
      await events.close();
      await queue.close();
      for (const c of conns) c.disconnect();
    },
  };
}
