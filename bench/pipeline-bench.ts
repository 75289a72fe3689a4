// npm run bench [-- --iterations N --scale N --warmup N --batch N --no-stages]
//
// Runs the real pipeline (local Kafka broker, transformer, ClickHouse sink, warehouse; or the services named
// by KAFKA_BROKERS / REDIS_URL / CLICKHOUSE_URL) and prints figures: end-to-end observations per second,
// the latency from raw publish to price-change event, and the rate of a plain insert of the same rows into
// the same warehouse in the same run (the ceiling). It prints; it never asserts timings.
//
// The price-change subscriber runs in a child process (this file with --role observer), as a downstream
// service would: in the pipeline's process its receive times would wait on the transformer's and the
// sink's synchronous work on the one event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, type Log } from '../schemas/logger.ts';
import { startPipeline, type Pipeline } from '../jobs/pipeline.ts';
import { createRedis } from '../jobs/redis-client.ts';
import { startServices, type Services } from '../jobs/services/start-services.ts';
import { ddl } from '../schemas/clickhouse.ts';
import { loadEnv, type Env } from '../schemas/env.ts';
import { priceObservationsTable, type PriceObservation } from '../schemas/events/price-observation.ts';
import type { TokenUnit } from '../schemas/price-dimensions.ts';
import { kafkaNames, topics } from '../schemas/topics.ts';
import {
  connectKafka,
  consumeBatches,
  createLagProbe,
  withAdmin,
  type BatchConsumer,
  type InMessage,
} from '../sinks/kafka.ts';
import { litellmFieldMeaning } from '../ingest/sources/litellm/fields.ts';
import { priceTransformer } from '../ingest/sources/index.ts';
import { transformDocument } from '../transform/transform-document.ts';
import { rawDocument } from '../test/helpers/documents.ts';
import { freePortPair } from './free-port-pair.ts';
import { kcatRead } from './kcat-ceiling.ts';

const SELF = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(SELF), '..');
const FIXTURE = path.join(
  REPO,
  'test/fixtures/litellm/litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json',
);
const BASE_OBSERVED_AT = Date.UTC(2026, 2, 1);
const MAX_USD_PER_MTOK = 1000; // the magnitude guard's upper band: perturbed prices stay under it
// to USD per 1M tokens, from the unit's name ('per_token', 'per_1k_tokens', 'per_1m_tokens')
const perMtok = (unit: TokenUnit): number => (/1m_tokens$/.test(unit) ? 1 : /1k_tokens$/.test(unit) ? 1e3 : 1e6);

// ---------- parameters ----------
const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string' },
    scale: { type: 'string' },
    warmup: { type: 'string' },
    batch: { type: 'string' },
    'at-once': { type: 'string' },
    'no-stages': { type: 'boolean' },
    // internal: the observer child
    role: { type: 'string' },
    brokers: { type: 'string' },
    namespace: { type: 'string' },
    run: { type: 'string' },
  },
  allowPositionals: false,
});
function intParam(name: string, flag: string | undefined, envName: string, dflt: number, min: number): number {
  const raw = flag ?? process.env[envName];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} (${envName}) must be an integer >= ${min}, got ${raw}`);
  return n;
}

// ---------- small helpers ----------
/** Epoch milliseconds with sub-millisecond resolution, comparable between this process and the observer. */
const epochNow = (): number => performance.timeOrigin + performance.now();
const quantile = (sorted: number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]! : NaN;
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const round = (n: number, digits = 0): number => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n);
const mib = (bytes: number): number => round(bytes / 1024 / 1024, 1);
const fmt = (n: number | null): string =>
  n !== null && Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 2 }) : String(n);
const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
const status = (s: string): void => {
  process.stderr.write(`bench: ${s}\n`);
};

// the top-level observed_at of an event, without parsing a 1 MB raw document: it precedes the payload
const OBSERVED_AT = '"observed_at":"';
function observedAtOf(value: string): number {
  const i = value.indexOf(OBSERVED_AT);
  return i < 0 ? NaN : Date.parse(value.slice(i + OBSERVED_AT.length, value.indexOf('"', i + OBSERVED_AT.length)));
}

const observerGroups = (namespace: string, run: string): { changes: string; stages: string } => ({
  changes: `${namespace}rebar.price-changes.bench-${run}`,
  stages: `${namespace}bench-stages-${run}`,
});

// ---------- the observer (child process) ----------
// one line per batch and observed_at: {"k":"change"|"raw"|"obs","o":<observed_at ms>,"n":<events>,"at":<epoch ms>}
type ObserverLine = { k: 'change' | 'raw' | 'obs'; o: number; n: number; at: number } | { ready: true };

async function runObserver(): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const names = kafkaNames(args.namespace ?? '');
  const groups = observerGroups(args.namespace ?? '', args.run ?? 'x');
  const brokers = (args.brokers ?? '').split(',').filter(Boolean);
  const report = (k: 'change' | 'raw' | 'obs', messages: InMessage[]): void => {
    const at = epochNow();
    const counts = new Map<number, number>();
    for (const m of messages) {
      const o = observedAtOf(m.value);
      counts.set(o, (counts.get(o) ?? 0) + 1);
    }
    for (const [o, n] of counts) process.stdout.write(`${JSON.stringify({ k, o, n, at } satisfies ObserverLine)}\n`);
  };
  const consumers: BatchConsumer[] = [];
  consumers.push(
    await consumeBatches(connectKafka(brokers, `bench-subscriber-${args.run}`, log), {
      groupId: groups.changes,
      topics: [names.topic.priceChanges],
      handle: async (messages) => {
        report('change', messages);
      },
    }),
  );
  if (args['no-stages'] !== true) {
    consumers.push(
      await consumeBatches(connectKafka(brokers, `bench-stages-${args.run}`, log), {
        groupId: groups.stages,
        topics: [names.topic.rawDocuments, names.topic.priceObservations],
        handle: async (messages) => {
          report(messages[0]!.topic === names.topic.rawDocuments ? 'raw' : 'obs', messages);
        },
      }),
    );
  }
  process.stdout.write(`${JSON.stringify({ ready: true } satisfies ObserverLine)}\n`);
  // the bench closes stdin to stop us; so does its death
  await new Promise<void>((resolve) => {
    process.stdin.on('end', resolve);
    process.stdin.on('close', resolve);
    process.stdin.resume();
  });
  for (const c of consumers) await c.stop().catch(() => undefined);
  process.exit(0);
}

// ---------- the synthetic sheet ----------
type Sheet = Record<string, Record<string, unknown>>;

/** The fixture, its entries replicated `scale` times under suffixed model ids. */
function buildSheet(scale: number): Sheet {
  const base = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Sheet;
  const sheet: Sheet = {};
  for (let k = 0; k < scale; k += 1) {
    for (const [id, entry] of Object.entries(base)) {
      if (k > 0 && id === 'sample_spec') continue;
      sheet[k === 0 ? id : `${id}~${k}`] = entry;
    }
  }
  return sheet;
}

// factors 1.001, 1.002, ...: every document differs from every other, so every non-zero price changes and none is
// skipped as already seen (a source's documents are told apart by their content hash, also side by side)
const factorOf = (i: number): number => 1 + 0.001 * (i + 1);

/** A copy with every token price multiplied by the factor (left alone where it would leave the plausible band). */
function perturb(sheet: Sheet, factor: number): Sheet {
  const next: Sheet = {};
  for (const [id, entry] of Object.entries(sheet)) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      next[id] = entry;
      continue;
    }
    const copy: Record<string, unknown> = { ...entry };
    for (const [field, value] of Object.entries(entry)) {
      if (typeof value !== 'number' || value <= 0 || !/cost|price/.test(field)) continue;
      const meaning = litellmFieldMeaning(field);
      if (meaning.kind !== 'token') continue;
      const v = Number((value * factor).toPrecision(6));
      if (v * perMtok(meaning.unit) <= MAX_USD_PER_MTOK) copy[field] = v;
    }
    next[id] = copy;
  }
  return next;
}

// ---------- the bench ----------
interface Iteration {
  index: number;
  warmup: boolean;
  publishAt: number; // epoch ms just before importDocument
  doneAt: number; // importDocument resolved: transformed, and the sink drained
  observations: number;
  changes: number;
  received: number; // change events the subscriber got
  firstChangeAt: number;
  lastChangeAt: number;
  rawSeenAt: number; // the raw document readable on Kafka (stage tracer)
  firstObsAt: number; // the first observation readable on Kafka (stage tracer)
  obsSeen: number;
}

async function runBench(): Promise<void> {
  const ITERATIONS = intParam('iterations', args.iterations, 'BENCH_ITERATIONS', 20, 1);
  const SCALE = intParam('scale', args.scale, 'BENCH_SCALE', 1, 1);
  const WARMUP = intParam('warmup', args.warmup, 'BENCH_WARMUP', 1, 0);
  // documents imported side by side per iteration (10: the issue's 10x load); each its own observed_at and prices
  const AT_ONCE = intParam('at-once', args['at-once'], 'BENCH_AT_ONCE', 1, 1);
  const BATCH_OVERRIDE = intParam('batch', args.batch, 'BENCH_BATCH', 0, 0);
  // a second consumer in the observer timestamps the raw document and the observations: where the time goes
  const STAGES = args['no-stages'] !== true && process.env.BENCH_STAGES !== '0';

  const runId = randomBytes(4).toString('hex');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `rebar-bench-${runId}-`));
  const external = { kafka: !!process.env.KAFKA_BROKERS, clickhouse: !!process.env.CLICKHOUSE_URL };
  let env: Env;
  try {
    env = loadEnv({
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      REBAR_DATA_DIR: dataDir,
      REBAR_CACHE_DIR: process.env.REBAR_CACHE_DIR ?? path.join(REPO, '.cache'),
      REBAR_KAFKA_NAMESPACE: `bench${runId}.`,
      REBAR_QUEUE_PREFIX: `bench${runId}`,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
      // a free port, so the bench runs next to `npm start` or a test run
      REBAR_KAFKA_PORT: process.env.REBAR_KAFKA_PORT ?? (external.kafka ? undefined : String(await freePortPair())),
      REDIS_URL: process.env.REDIS_URL,
      REBAR_REDIS_PORT: process.env.REBAR_REDIS_PORT,
      CLICKHOUSE_URL: process.env.CLICKHOUSE_URL,
      CLICKHOUSE_USER: process.env.CLICKHOUSE_USER,
      CLICKHOUSE_PASSWORD: process.env.CLICKHOUSE_PASSWORD,
      // a server's database is shared: the bench writes to its own, and drops it
      CLICKHOUSE_DATABASE: external.clickhouse ? `rebar_bench_${runId}` : undefined,
      REBAR_SINK_BATCH_ROWS: process.env.REBAR_SINK_BATCH_ROWS,
    });
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const log: Log = createLogger(env.LOG_LEVEL);
  const names = kafkaNames(env.REBAR_KAFKA_NAMESPACE);
  const groups = observerGroups(env.REBAR_KAFKA_NAMESPACE, runId);

  // the JavaScript heap beside the whole process: the rest is mostly chDB's (its engine alone is ~250 MiB resident)
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const rssTimer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  rssTimer.unref();

  let services: Services | undefined;
  let pipeline: Pipeline | undefined;
  let observer: ChildProcess | undefined;
  let cleaning: Promise<void> | undefined;

  const cleanup = async (): Promise<void> => {
    const step = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
      try {
        await fn();
      } catch (err) {
        status(`cleanup: ${what} failed: ${(err as Error).message}`);
      }
    };
    clearInterval(rssTimer);
    if (observer && observer.exitCode === null && observer.signalCode === null) {
      const child = observer;
      await step('observer', async () => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.stdin?.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      });
    }
    if (pipeline && external.clickhouse)
      await step('drop database', () =>
        pipeline!.warehouse!.command(`DROP DATABASE IF EXISTS ${env.CLICKHOUSE_DATABASE}`),
      );
    if (pipeline) await step('pipeline', () => pipeline!.stop());
    if (services && external.kafka) {
      await step('delete topics', () =>
        withAdmin(connectKafka(services!.brokers, `bench-cleanup-${runId}`, log), async (admin) => {
          await admin.deleteTopics({ topics: names.specs.map((t) => t.name) });
          await admin
            .deleteGroups([names.group.transform, names.group.sink, groups.changes, groups.stages])
            .catch(() => undefined);
        }),
      );
    }
    if (services) {
      // BullMQ keys under the bench's prefix, on a Redis that may be shared
      await step('redis keys', async () => {
        const r = createRedis(services!.redisUrl);
        r.on('error', () => undefined);
        await r.connect();
        try {
          const keys: string[] = [];
          for await (const batch of r.scanStream({ match: `${env.REBAR_QUEUE_PREFIX}:*`, count: 500 }))
            keys.push(...(batch as string[]));
          if (keys.length) await r.del(...keys);
        } finally {
          r.disconnect();
        }
      });
      await step('services', () => services!.stop());
    }
    await step('temp dir', () => rm(dataDir, { recursive: true, force: true }));
  };
  const cleanupOnce = (): Promise<void> => (cleaning ??= cleanup());
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      status(`${sig}: cleaning up`);
      void cleanupOnce().then(() => process.exit(130));
    });
  }

  try {
    status(`data dir ${dataDir}, namespace ${env.REBAR_KAFKA_NAMESPACE}`);
    const litellm = priceTransformer('litellm');
    if (!litellm) throw new Error('no litellm sheet reader');
    const sheet = buildSheet(SCALE);
    const entries = Object.keys(sheet).filter((k) => k !== 'sample_spec').length;

    // the pure transform of one perturbed sheet: a document's observation rows, and its cost in-process
    const sample = JSON.stringify(perturb(sheet, factorOf(0)), null, 4);
    const transformMs: number[] = [];
    let sampleRows: PriceObservation[] = [];
    for (let i = 0; i < 3; i += 1) {
      const t0 = performance.now();
      sampleRows = transformDocument(
        rawDocument('litellm', sample, new Date(BASE_OBSERVED_AT).toISOString()),
        litellm,
        new Date(),
      ).observations;
      transformMs.push(performance.now() - t0);
    }
    const obsPerDoc = sampleRows.length;
    const payloadBytes = Buffer.byteLength(sample);

    status('starting services (Kafka broker, Redis) and the pipeline');
    const tStart = performance.now();
    services = await startServices(env, log);
    pipeline = await startPipeline(env, services, log, { schedule: false });
    const startupMs = performance.now() - tStart;

    // the observer: the price-change subscriber (and the stage tracer), in its own process
    const iterations: Iteration[] = [];
    const byObservedAt = new Map<number, Iteration>();
    const latencies: number[] = [];
    let unmatched = 0;
    const child = spawn(
      process.execPath,
      [
        path.join(REPO, 'bin/run-ts.js'),
        SELF,
        '--role',
        'observer',
        '--brokers',
        services.brokers.join(','),
        '--namespace',
        env.REBAR_KAFKA_NAMESPACE,
        '--run',
        runId,
        ...(STAGES ? [] : ['--no-stages']),
      ],
      { cwd: REPO, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: env.LOG_LEVEL } },
    );
    observer = child;
    const ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the observer exited (${code}) before it was ready`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const msg = JSON.parse(line) as ObserverLine;
        if ('ready' in msg) {
          resolve();
          return;
        }
        const it = byObservedAt.get(msg.o);
        if (!it) {
          if (msg.k === 'change') unmatched += msg.n;
          return;
        }
        if (msg.k === 'raw') {
          it.rawSeenAt = Math.min(it.rawSeenAt, msg.at);
          return;
        }
        if (msg.k === 'obs') {
          it.obsSeen += msg.n;
          it.firstObsAt = Math.min(it.firstObsAt, msg.at);
          return;
        }
        it.received += msg.n;
        it.firstChangeAt = Math.min(it.firstChangeAt, msg.at);
        it.lastChangeAt = Math.max(it.lastChangeAt, msg.at);
        if (!it.warmup) for (let k = 0; k < msg.n; k += 1) latencies.push(msg.at - it.publishAt);
      });
    });
    await Promise.race([
      ready,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('the observer did not start within 60 s')), 60_000).unref(),
      ),
    ]);

    // the ceiling: the same rows, as many, straight into a table of the same DDL with a plain insert, in
    // batches of the sink's size (one Kafka fetch per partition of price-observations). Interleaved with the
    // pipeline's iterations, so both see the same machine; the pipeline is idle by then (drained).
    const batchRows = BATCH_OVERRIDE || Math.ceil(obsPerDoc / topics.priceObservations.partitions);
    const scratch = `bench_ceiling_${runId}`;
    await pipeline.warehouse!.command(ddl({ ...priceObservationsTable, name: scratch }));
    let ceilingMs = 0;
    let ceilingRows = 0;
    const insertCeiling = async (it: Iteration): Promise<void> => {
      // distinct rows per document, as the pipeline stores them: each iteration has its own observed_at
      const observedAt = new Date(BASE_OBSERVED_AT + it.index * 60_000).toISOString();
      const rows: PriceObservation[] = [];
      for (let r = 0; r < it.observations; r += 1)
        rows.push({ ...sampleRows[r % obsPerDoc]!, observed_at: observedAt });
      const t0 = performance.now();
      for (let off = 0; off < rows.length; off += batchRows)
        await pipeline!.warehouse!.insert(scratch, rows.slice(off, off + batchRows));
      ceilingMs += performance.now() - t0;
      ceilingRows += rows.length;
    };

    const total = WARMUP + ITERATIONS;
    for (let n = 0; n < total; n += 1) {
      const warmup = n < WARMUP;
      const batch: Array<{ it: Iteration; file: string; observedAt: Date }> = [];
      for (let j = 0; j < AT_ONCE; j += 1) {
        const i = n * AT_ONCE + j;
        const file = path.join(dataDir, `sheet-${j}.json`);
        await writeFile(file, JSON.stringify(perturb(sheet, factorOf(i)), null, 4));
        const observedAt = new Date(BASE_OBSERVED_AT + i * 60_000);
        const it: Iteration = {
          index: i,
          warmup,
          publishAt: 0,
          doneAt: 0,
          observations: 0,
          changes: 0,
          received: 0,
          firstChangeAt: Infinity,
          lastChangeAt: -Infinity,
          rawSeenAt: Infinity,
          firstObsAt: Infinity,
          obsSeen: 0,
        };
        byObservedAt.set(observedAt.getTime(), it);
        iterations.push(it);
        batch.push({ it, file, observedAt });
      }
      const publishAt = epochNow();
      await Promise.all(
        batch.map(async ({ it, file, observedAt }) => {
          it.publishAt = publishAt;
          const summary = await pipeline!.importDocument('litellm', file, observedAt);
          it.doneAt = epochNow();
          if (summary.published !== 1)
            throw new Error(`document ${it.index}: it was not published (${JSON.stringify(summary)})`);
          it.observations = summary.observations;
          it.changes = summary.changes;
        }),
      );
      const doneAt = Math.max(...batch.map((b) => b.it.doneAt));
      status(
        `${warmup ? 'warmup' : 'iteration'} ${warmup ? n + 1 : n - WARMUP + 1}/${warmup ? WARMUP : ITERATIONS}: ` +
          `${AT_ONCE > 1 ? `${AT_ONCE} documents at once, ` : ''}${batch.reduce((a, b) => a + b.it.observations, 0)} observations, ` +
          `${batch.reduce((a, b) => a + b.it.changes, 0)} changes, ${round(doneAt - publishAt)} ms`,
      );
      if (!warmup) for (const b of batch) await insertCeiling(b.it);
    }

    // every change event published must reach the subscriber
    const expected = iterations.reduce((a, t) => a + t.changes, 0);
    const deadline = Date.now() + 120_000;
    while (iterations.reduce((a, t) => a + t.received, 0) < expected && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));

    // the Kafka read ceiling: the observations topic from its start, every document's (the warmup's too)
    const kcat = await kcatRead(services.brokers, names.topic.priceObservations);
    const observationsOnTopic = iterations.reduce((a, t) => a + t.observations, 0);

    // what one drain probe costs: importDocument polls the groups' lag, every 100 ms, until the sink caught up
    const probeMs: number[] = [];
    const probeCtx = connectKafka(services.brokers, `bench-probe-${runId}`, log);
    const sinkTopics = names.specs.filter((t) => t.table).map((t) => t.name);
    const probe = await createLagProbe(probeCtx);
    for (let i = 0; i < 5; i += 1) {
      const t0 = performance.now();
      await probe.lag(names.group.sink, sinkTopics);
      probeMs.push(performance.now() - t0);
    }
    await probe.close();

    // and one insert per whole document, for comparison
    const reps = 5;
    let wholeDocMs = 0;
    for (let i = 0; i < reps; i += 1) {
      const rows = sampleRows.map((r) => ({
        ...r,
        observed_at: new Date(BASE_OBSERVED_AT - (i + 1) * 60_000).toISOString(),
      }));
      const t0 = performance.now();
      await pipeline.warehouse!.insert(scratch, rows);
      wholeDocMs += (performance.now() - t0) / reps;
    }
    await pipeline.warehouse!.command(`DROP TABLE IF EXISTS ${scratch}`);

    // ---------- figures ----------
    const measured = iterations.filter((t) => !t.warmup);
    const warm = iterations.filter((t) => t.warmup);
    const perDoc = measured.map((t) => t.doneAt - t.publishAt);
    // iterations run one after another: the sum of their longest documents is the pipeline's wall time, without the
    // bench's own work between them (writing the next sheets, the ceiling inserts)
    const rounds = new Map<number, number>();
    for (const t of measured) rounds.set(t.publishAt, Math.max(rounds.get(t.publishAt) ?? 0, t.doneAt - t.publishAt));
    const wallMs = [...rounds.values()].reduce((a, b) => a + b, 0);
    const totalObs = measured.reduce((a, t) => a + t.observations, 0);
    const e2eRate = totalObs / (wallMs / 1000);
    const ceilingRate = ceilingRows / (ceilingMs / 1000);
    const sorted = [...latencies].sort((a, b) => a - b);
    const stage = (f: (t: Iteration) => number): number => round(mean(measured.map(f).filter(Number.isFinite)));
    const stages = {
      stage_publish_to_raw_readable_ms: STAGES ? stage((t) => t.rawSeenAt - t.publishAt) : null,
      stage_raw_to_first_observation_ms: STAGES ? stage((t) => t.firstObsAt - t.rawSeenAt) : null,
      stage_first_observation_to_first_change_ms: STAGES ? stage((t) => t.firstChangeAt - t.firstObsAt) : null,
      stage_first_to_last_change_ms: stage((t) => t.lastChangeAt - t.firstChangeAt),
      stage_last_change_to_drained_ms: stage((t) => t.doneAt - t.lastChangeAt),
    };

    const figures = {
      iterations: ITERATIONS,
      at_once: AT_ONCE,
      warmup: WARMUP,
      scale: SCALE,
      sheet_entries: entries,
      sheet_bytes: payloadBytes,
      observations_per_doc: obsPerDoc,
      observations_total: totalObs,
      changes_published: measured.reduce((a, t) => a + t.changes, 0),
      changes_received: measured.reduce((a, t) => a + t.received, 0),
      changes_unmatched: unmatched,
      e2e_pipeline_s: round(wallMs / 1000, 2),
      e2e_obs_per_s: round(e2eRate),
      e2e_ms_per_doc_mean: round(mean(perDoc)),
      e2e_ms_per_doc_p50: round(
        quantile(
          [...perDoc].sort((a, b) => a - b),
          0.5,
        ),
      ),
      e2e_ms_per_doc_max: round(Math.max(...perDoc)),
      latency_ms_p50: round(quantile(sorted, 0.5)),
      latency_ms_p99: round(quantile(sorted, 0.99)),
      latency_ms_max: round(sorted[sorted.length - 1] ?? NaN),
      ...stages,
      pure_transform_ms_per_doc: round(Math.min(...transformMs)),
      drain_probe_ms: round(mean(probeMs)),
      ceiling_batch_rows: batchRows,
      ceiling_rows: ceilingRows,
      ceiling_s: round(ceilingMs / 1000, 2),
      ceiling_rows_per_s: round(ceilingRate),
      ceiling_whole_doc_insert_ms: round(wholeDocMs),
      ratio_e2e_to_ceiling: round(e2eRate / ceilingRate, 4),
      kcat_obs_per_s: kcat ? round(observationsOnTopic / kcat.seconds) : null,
      kcat_messages: kcat?.messages ?? null,
      kcat_mib: kcat ? mib(kcat.bytes) : null,
      kcat_s: kcat ? round(kcat.seconds, 2) : null,
      warmup_ms_per_doc: warm.length ? round(mean(warm.map((t) => t.doneAt - t.publishAt))) : null,
      startup_s: round(startupMs / 1000, 1),
      rss_peak_mib: mib(peakRss),
      heap_peak_mib: mib(peakHeap),
      warehouse: pipeline.warehouse!.kind,
      kafka: external.kafka ? 'KAFKA_BROKERS' : 'local broker',
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model.trim() ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
    };

    const rows: Array<[string, string]> = [
      ['machine', `${figures.cpus} x ${figures.cpu_model}, ${figures.platform}, Node ${figures.node}`],
      ['services', `Kafka: ${figures.kafka}, ClickHouse: ${figures.warehouse}; startup ${figures.startup_s} s`],
      [
        'sheet',
        `${fmt(entries)} entries (largest LiteLLM fixture x${SCALE}), ${mib(payloadBytes)} MiB, ${fmt(obsPerDoc)} observations per doc`,
      ],
      [
        'iterations',
        `${ITERATIONS} (+${WARMUP} warmup${warm.length ? `, ${fmt(figures.warmup_ms_per_doc)} ms per doc` : ''})${AT_ONCE > 1 ? `, ${AT_ONCE} documents at once in each` : ''}`,
      ],
      ['observations', fmt(totalObs)],
      [
        'changes published / received',
        `${fmt(figures.changes_published)} / ${fmt(figures.changes_received)}${unmatched ? ` (+${unmatched} unmatched)` : ''}`,
      ],
      [
        'end to end',
        `${fmt(figures.e2e_obs_per_s)} obs/s (${figures.e2e_pipeline_s} s in importDocument; per doc ${fmt(figures.e2e_ms_per_doc_mean)} ms mean, ${fmt(figures.e2e_ms_per_doc_max)} max)`,
      ],
      ['publish -> price change p50', `${fmt(figures.latency_ms_p50)} ms`],
      ['publish -> price change p99', `${fmt(figures.latency_ms_p99)} ms`],
      ['publish -> price change max', `${fmt(figures.latency_ms_max)} ms`],
      [
        'ceiling: plain insert',
        `${fmt(figures.ceiling_rows_per_s)} rows/s (${fmt(ceilingRows)} rows in batches of ${fmt(batchRows)}, ${figures.ceiling_s} s)`,
      ],
      [
        'ratio end to end / ceiling',
        `${figures.ratio_e2e_to_ceiling} (${round(100 * figures.ratio_e2e_to_ceiling, 1)} %)`,
      ],
      [
        'Kafka read ceiling (kcat)',
        kcat
          ? `${fmt(figures.kcat_obs_per_s)} obs/s (${fmt(observationsOnTopic)} observations in ${fmt(kcat.messages)} messages, ${fmt(figures.kcat_mib)} MiB, ${figures.kcat_s} s, from the topic's start)`
          : 'not measured: kcat is not installed (apt-get install kcat)',
      ],
      [
        'stages per doc, mean ms',
        STAGES
          ? `publish ${fmt(stages.stage_publish_to_raw_readable_ms)} raw doc readable ${fmt(stages.stage_raw_to_first_observation_ms)} first observation`
          : 'publish ... first change (--no-stages)',
      ],
      [
        '',
        `${STAGES ? `${fmt(stages.stage_first_observation_to_first_change_ms)} ` : ''}first change ${fmt(stages.stage_first_to_last_change_ms)} last change ${fmt(stages.stage_last_change_to_drained_ms)} drained`,
      ],
      [
        'pure transform, in-process',
        `${fmt(figures.pure_transform_ms_per_doc)} ms per doc (parse + normalize, no Kafka)`,
      ],
      ['one drain probe (group lag)', `${fmt(figures.drain_probe_ms)} ms (importDocument polls it until drained)`],
      [
        'one insert of a whole doc',
        `${fmt(figures.ceiling_whole_doc_insert_ms)} ms (${fmt(round(obsPerDoc / (wholeDocMs / 1000)))} rows/s)`,
      ],
      [
        'RSS peak (pipeline process)',
        `${fmt(figures.rss_peak_mib)} MiB (JavaScript heap used at most ${fmt(figures.heap_peak_mib)} MiB)`,
      ],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    out('');
    out(
      'rebar pipeline bench: LiteLLM sheet -> Kafka -> transformer -> ClickHouse sink; price changes to a subscriber',
    );
    for (const [k, v] of rows) out(`${k.padEnd(width)}  ${v}`);
    out('');
    out(JSON.stringify({ bench: 'pipeline', ...figures }));
  } catch (err) {
    status(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  } finally {
    await cleanupOnce();
  }
}

if (args.role === 'observer') await runObserver();
else await runBench();
process.exit(process.exitCode ?? 0);
