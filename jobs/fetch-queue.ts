// the one bullmq import: node-cron decides when, BullMQ runs the fetch durably
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from 'bullmq';
import cron, { type ScheduledTask } from 'node-cron';
import type { SourceSpec } from '../ingest/source.ts';
import { isRetriable } from '../schemas/errors.ts';
import type { Log } from './logger.ts';
import { createRedis } from './redis-client.ts';

export interface FetchJobResult { source: string; status: 'published' | 'unchanged'; document_id: string | null; content_hash: string }

export interface FetchQueue {
  /** Runs one fetch of the source through the queue and resolves when it finished (or failed for good). */
  runNow(source: string, runId: string): Promise<FetchJobResult>;
  startSchedules(sources: SourceSpec[]): void;
  stop(): Promise<void>;
}

export async function startFetchQueue(opts: {
  redisUrl: string;
  prefix: string;
  attempts: number;
  backoffMs: number;
  concurrency?: number;
  log: Log;
  fetch: (source: string) => Promise<FetchJobResult>;
}): Promise<FetchQueue> {
  const log = opts.log.child({ component: 'fetch-queue' });
  const conns = [createRedis(opts.redisUrl, { forBullmq: true }), createRedis(opts.redisUrl, { forBullmq: true }), createRedis(opts.redisUrl, { forBullmq: true })];
  for (const c of conns) c.on('error', (err) => log.warn({ err: err.message }, 'redis connection error'));
  const [qConn, wConn, eConn] = conns as [typeof conns[0], typeof conns[0], typeof conns[0]];
  const name = 'fetch';
  const queue = new Queue(name, { connection: qConn, prefix: opts.prefix });
  const events = new QueueEvents(name, { connection: eConn, prefix: opts.prefix });
  const worker = new Worker(name, async (job: Job<{ source: string }>) => {
    try {
      return await opts.fetch(job.data.source);
    } catch (err) {
      log.warn({ source: job.data.source, attempt: job.attemptsMade + 1, err: (err as Error).message }, 'fetch failed');
      if (!isRetriable(err)) throw new UnrecoverableError((err as Error).message);
      throw err;
    }
  }, { connection: wConn, prefix: opts.prefix, concurrency: opts.concurrency ?? 2 });
  worker.on('error', (err) => log.warn({ err: err.message }, 'worker error'));
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady(), worker.waitUntilReady()]);
  const jobOpts = { attempts: opts.attempts, backoff: { type: 'exponential', delay: opts.backoffMs }, removeOnComplete: { age: 7 * 86_400, count: 1000 }, removeOnFail: { age: 30 * 86_400 } };
  const tasks: ScheduledTask[] = [];
  return {
    async runNow(source, runId) {
      const job = await queue.add(name, { source }, { ...jobOpts, jobId: `run.${source}.${runId}` });
      return (await job.waitUntilFinished(events)) as FetchJobResult;
    },
    startSchedules(sources) {
      for (const s of sources) {
        // every replica may tick: the minute in the job id makes the tick run once
        tasks.push(cron.schedule(s.schedule, (ctx) => {
          const tick = new Date(Math.floor(ctx.date.getTime() / 60_000) * 60_000).toISOString();
          queue.add(name, { source: s.name }, { ...jobOpts, jobId: `cron.${s.name}.${tick.replace(/:/g, "-")}` })
            .catch((err: Error) => log.error({ source: s.name, err: err.message }, 'could not enqueue scheduled fetch'));
        }, { timezone: 'UTC', name: `fetch:${s.name}` }));
        log.info({ source: s.name, schedule: s.schedule }, 'schedule started');
      }
    },
    async stop() {
      for (const t of tasks) await t.stop();
      await worker.close();
      await events.close();
      await queue.close();
      for (const c of conns) c.disconnect();
    },
  };
}
