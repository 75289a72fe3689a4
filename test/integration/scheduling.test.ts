import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startFetchQueue, type FetchJob, type FetchJobResult, type FetchQueue } from '../../jobs/fetch-queue.ts';
import { createHostLimiter } from '../../jobs/host-limiter.ts';
import { createLogger } from '../../schemas/logger.ts';
import { createRedis } from '../../jobs/redis-client.ts';
import { httpGet } from '../../ingest/http-fetch.ts';
import type { SourceSpec } from '../../ingest/source.ts';
import { waitFor } from '../helpers/test-env.ts';

const log = createLogger('fatal');
const spec = (schedule: string): SourceSpec => ({
  name: 'probe',
  description: '',
  url: '',
  urls: [],
  schedule,
  expectedRefreshMs: 60_000,
  complete: true,
  kind: 'sheet',
  render: false,
  transformerFor: () => {
    throw new Error('the probe source is never transformed');
  },
});
const ok = (job: FetchJob): FetchJobResult => ({ source: job.source, status: 'unchanged', document_ids: [] });

async function serve(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('scheduling and politeness (real Redis, BullMQ)', () => {
  const queues: FetchQueue[] = [];
  const servers: Server[] = [];
  const start = async (
    o: Partial<Parameters<typeof startFetchQueue>[0]> & Pick<Parameters<typeof startFetchQueue>[0], 'fetch' | 'prefix'>,
  ): Promise<FetchQueue> => {
    const q = await startFetchQueue({
      redisUrl: inject('redisUrl'),
      attempts: 3,
      backoffMs: 100,
      concurrency: 2,
      log,
      ...o,
    });
    queues.push(q);
    return q;
  };
  afterEach(async () => {
    for (const q of queues.splice(0)) await q.stop();
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      s.close();
    }
  });

  it('a 2-second schedule runs repeatedly, and two scheduler replicas still make one job per tick', async () => {
    const prefix = `test-${randomUUID()}`;
    const runs: string[] = [];
    const fetch = async (job: FetchJob): Promise<FetchJobResult> => {
      runs.push(job.tick);
      return ok(job);
    };
    const a = await start({ prefix, fetch });
    const b = await start({ prefix, fetch });
    a.startSchedules([spec('*/2 * * * * *')]);
    b.startSchedules([spec('*/2 * * * * *')]);
    await waitFor('four ticks', () => new Set(runs).size >= 4, 20_000);
    await new Promise((r) => setTimeout(r, 500)); // let a duplicate, if there were one, arrive
    const ticks = new Set(runs.map((t) => t.slice(0, 19)));
    expect(runs.length).toBe(ticks.size);
  }, 60_000);

  it('a cycle of 16 sources waited on at once warns of no listener leak (npm start runs 15)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const q = await start({ prefix: `test-${randomUUID()}`, fetch: async (job) => ok(job), concurrency: 4 });
      const sources = Array.from({ length: 16 }, (_, i) => `probe${i}`);
      const results = await Promise.all(sources.map((s) => q.runNow(s, randomUUID())));
      expect(results.map((r) => r.source)).toEqual(sources);
      await new Promise((r) => setImmediate(r)); // a warning is emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('503 twice then 200 ends in one success after retries', async () => {
    let hits = 0;
    const { url, server } = await serve((_req, res) => {
      hits += 1;
      res.writeHead(hits <= 2 ? 503 : 200);
      res.end(hits <= 2 ? 'busy' : '{}');
    });
    servers.push(server);
    const q = await start({
      prefix: `test-${randomUUID()}`,
      fetch: async (job) => {
        await httpGet(url, { timeoutMs: 2_000, userAgent: 'rebar-test' });
        return ok(job);
      },
    });
    await expect(q.runNow('probe', randomUUID())).resolves.toMatchObject({ source: 'probe' });
    expect(hits).toBe(3);
  });

  it('a 429 with Retry-After: 2 is waited out', async () => {
    const times: number[] = [];
    const { url, server } = await serve((_req, res) => {
      times.push(Date.now());
      if (times.length === 1) {
        res.writeHead(429, { 'retry-after': '2' });
        res.end();
        return;
      }
      res.writeHead(200);
      res.end('{}');
    });
    servers.push(server);
    const r = await httpGet(url, { timeoutMs: 5_000, userAgent: 'rebar-test' });
    expect(r.status).toBe('ok');
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_950);
  });

  it('a server that never answers times out, the job fails with the reason, and the next scheduled run still happens', async () => {
    const { url, server } = await serve(() => undefined); // accepts, never answers
    servers.push(server);
    const attempts: string[] = [];
    const failures: { tick: string; reason: string }[] = [];
    const q = await start({
      prefix: `test-${randomUUID()}`,
      attempts: 1,
      fetch: async (job) => {
        attempts.push(job.tick);
        await httpGet(url, { timeoutMs: 500, userAgent: 'rebar-test' });
        return ok(job);
      },
      onFinalFailure: async (job, reason) => {
        failures.push({ tick: job.tick, reason });
      },
    });
    q.startSchedules([spec('*/2 * * * * *')]);
    await waitFor('two failed ticks', () => failures.length >= 2, 20_000);
    expect(failures[0]!.reason).toMatch(new RegExp(`fetch ${url}/?: timed out after 500 ms`));
    expect(new Set(attempts).size).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('the per-host rate limit holds 10 requests per second across two workers', async () => {
    const seen: number[] = [];
    const { url, server } = await serve((_req, res) => {
      seen.push(Date.now());
      res.writeHead(200);
      res.end('{}');
    });
    servers.push(server);
    const prefix = `test-${randomUUID()}`;
    const workers = [
      createRedis(inject('redisUrl'), { forBullmq: true }),
      createRedis(inject('redisUrl'), { forBullmq: true }),
    ];
    try {
      const limiters = workers.map((r) => createHostLimiter(r, prefix, { perSecond: { default: 10 }, concurrency: 4 }));
      await Promise.all(
        limiters.map((acquire) =>
          Promise.all(
            Array.from({ length: 15 }, () => httpGet(url, { timeoutMs: 5_000, userAgent: 'rebar-test', acquire })),
          ),
        ),
      );
    } finally {
      for (const r of workers) r.disconnect();
    }
    expect(seen).toHaveLength(30);
    const worst = Math.max(...seen.map((t) => seen.filter((u) => u >= t && u < t + 1000).length));
    expect(worst).toBeLessThanOrEqual(10);
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThanOrEqual(1_900); // 30 requests at 10/s take 2 s at least
  }, 60_000);
});
