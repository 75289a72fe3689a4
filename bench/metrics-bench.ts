// npm run bench:metrics [-- --observations N --repeat N --timeout S --budget S --max-memory-gb N --no-generated --no-fixtures]
// (BENCH_KEEP=1: keep the generated history's data folder)
//
// What the metric computations cost, in two parts (each in a child process of its own: embedded chDB binds one data
// folder per process, and the two parts use two folders):
//
// 1. generated: a history of N price observations (10,000,000 by default) and as many market-share rows, made in
//    ClickHouse with INSERT ... SELECT FROM numbers(); then the observed price index (one series, and --all), the view
//    behind it (model_prices_by_day), and the HHI series (share_concentration) and share_changes, each read in full.
// 2. fixtures: the real fixtures loaded through the CLI (its own Kafka broker, as a user would), then each metric verb
//    timed as a whole `rebar metrics ...` process and as its computation alone (verb.run in one open session).
//
// It prints figures; it never asserts timings. A query that runs out of time or memory is reported with its error.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Command } from 'commander';
import { metricVerbs } from '../metrics/registry.ts';
import type { MetricOptions, MetricVerb, ReadOnly } from '../metrics/session.ts';
import { createLogger } from '../schemas/logger.ts';
import { createRedis } from '../jobs/redis-client.ts';
import { startServices, type Services } from '../jobs/services/start-services.ts';
import { loadEnv } from '../schemas/env.ts';
import { MODEL_PRICES_BY_DAY_COLUMNS, modelPricesByDayTable } from '../schemas/model-prices-by-day.ts';
import { kafkaNames } from '../schemas/topics.ts';
import { openWarehouse, warehouseConfig, type Warehouse } from '../sinks/clickhouse.ts';
import { connectKafka, withAdmin } from '../sinks/kafka.ts';
import { migrate, migrateIfChanged } from '../sinks/migrate.ts';
import { refreshModelPrices } from '../sinks/model-prices-store.ts';
import { refreshPriceChanges } from '../sinks/price-changes-store.ts';
import { LOOKBACK_DAYS } from '../sinks/lookback.ts';
import { refreshShareMetrics } from '../sinks/share-metrics-store.ts';
import { freePortPair } from './free-port-pair.ts';
import { fmt, load, machine, median, out, round, status, table } from './report.ts';
import {
  BENCHMARK,
  ENTITIES,
  documentsOfDay,
  generateDocuments,
  generateModels,
  generatePrices,
  generateScores,
  generateShares,
  MODELS,
  PROVIDERS,
  SEGMENTS,
  shapeOf,
  SNAPSHOTS,
} from './generated-history.ts';

const SELF = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(SELF), '..');
const FIXTURES = path.join(REPO, 'test/fixtures');

// ---------- parameters ----------
const { values: args } = parseArgs({
  options: {
    observations: { type: 'string' },
    repeat: { type: 'string' },
    timeout: { type: 'string' },
    budget: { type: 'string' },
    'max-memory-gb': { type: 'string' },
    'no-generated': { type: 'boolean' },
    'no-fixtures': { type: 'boolean' },
    // internal: which part this child process runs
    role: { type: 'string' },
    // the pipeline bench's, refused here with a pointer (npm run bench sorts them out: bench/all.ts)
    iterations: { type: 'string' },
    scale: { type: 'string' },
    warmup: { type: 'string' },
    batch: { type: 'string' },
    'no-stages': { type: 'boolean' },
  },
  allowPositionals: false,
});
const PIPELINE_ONLY = ['iterations', 'scale', 'warmup', 'batch', 'no-stages'].filter((k) => k in args);
if (PIPELINE_ONLY.length && !args.role) {
  process.stderr.write(
    `bench: --${PIPELINE_ONLY.join(', --')}: options of the pipeline bench, ignored here; use npm run bench -- ARGS (both benches) or npm run bench:pipeline -- ARGS\n`,
  );
}
function intParam(name: string, envName: string, dflt: number, min: number): number {
  const raw = (args as Record<string, string | boolean | undefined>)[name] ?? process.env[envName];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(`--${name} (${envName}) must be an integer >= ${min}, got ${String(raw)}`);
  return n;
}
const OBSERVATIONS = intParam('observations', 'BENCH_OBSERVATIONS', 10_000_000, 40_000);
const REPEAT = intParam('repeat', 'BENCH_REPEAT', 3, 1);
// per query (ClickHouse max_execution_time), so one runaway view cannot hold the bench for hours
const TIMEOUT_S = intParam('timeout', 'BENCH_TIMEOUT_S', 600, 1);
// a measurement whose first run takes longer than this is not repeated
const BUDGET_S = intParam('budget', 'BENCH_BUDGET_S', 300, 1);
// per query (ClickHouse max_memory_usage): an in-process chDB past the machine's memory would take the bench down with it
const MAX_MEMORY_GB = intParam(
  'max-memory-gb',
  'BENCH_MAX_MEMORY_GB',
  Math.max(2, Math.floor(os.totalmem() / 2 ** 30 / 2)),
  1,
);
const GENERATED = args['no-generated'] !== true && process.env.BENCH_GENERATED !== '0';
// BENCH_KEEP=1 leaves the generated history's data folder in place (its path is printed), to look into a query
const KEEP = process.env.BENCH_KEEP === '1';
const FIXTURE_PART = args['no-fixtures'] !== true && process.env.BENCH_FIXTURES !== '0';

// ---------- small helpers ----------
const lineCount = (text: string): number => text.split('\n').filter((l) => l.trim() !== '').length;
const errorText = (err: unknown): string => ((err as Error).message ?? String(err)).replace(/\s+/g, ' ').slice(0, 400);

/** The options commander would give the verb for these CLI arguments (defaults included), as `rebar metrics` does. */
function verbOptions(verb: MetricVerb, argv: string[]): MetricOptions {
  let opts: MetricOptions = {};
  const cmd = new Command(verb.name).exitOverride();
  for (const o of verb.options) cmd.option(o.flags, o.description, o.default);
  cmd.option('--json', 'one JSON object per line').action((o: MetricOptions) => {
    opts = o;
  });
  cmd.parse(argv, { from: 'user' });
  return opts;
}
const verbNamed = (name: string): MetricVerb => {
  const v = metricVerbs.find((x) => x.name === name);
  if (!v) throw new Error(`no metric verb ${name}`);
  return v;
};

/** A read-only session that counts its queries and the time spent in ClickHouse, with per-query limits if given. */
interface TimedReader {
  read: ReadOnly;
  /** a query's output (JSONEachRow, or TSV) streamed and its rows counted, never held whole (a full read at 100M is gigabytes) */
  rows(query: string, format?: 'JSONEachRow' | 'TSV'): Promise<{ rowsOut: number; note: string }>;
  sqlMs: number;
  queries: number;
  reset(): void;
}
function timedReader(wh: Warehouse): TimedReader {
  const r: TimedReader = {
    sqlMs: 0,
    queries: 0,
    reset() {
      r.sqlMs = 0;
      r.queries = 0;
    },
    read: async (query: string, format: string): Promise<string> => {
      const t0 = performance.now();
      try {
        return await wh.readOnlyText(query, format);
      } finally {
        r.sqlMs += performance.now() - t0;
        r.queries += 1;
      }
    },
    rows: async (query: string, format = 'JSONEachRow') => {
      const t0 = performance.now();
      let rowsOut = 0;
      let bytes = 0;
      try {
        // one row per line in both: TSV escapes a newline inside a value
        for await (const chunk of wh.readOnlyStream(query, format)) {
          const b = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          bytes += b.length;
          for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) rowsOut += 1;
        }
      } finally {
        r.sqlMs += performance.now() - t0;
        r.queries += 1;
      }
      return { rowsOut, note: `${(bytes / 2 ** 20).toFixed(1)} MiB of ${format === 'TSV' ? 'TSV' : 'JSON'} out` };
    },
  };
  return r;
}

/** A fresh data folder, and on a ClickHouse server (CLICKHOUSE_URL) a fresh database, both removed by the caller. */
function scratch(label: string): { runId: string; dataDir: string; database: string | undefined } {
  const runId = randomBytes(4).toString('hex');
  return {
    runId,
    dataDir: mkdtempSync(path.join(os.tmpdir(), `rebar-bench-${label}-${runId}-`)),
    database: process.env.CLICKHOUSE_URL ? `rebar_bench_${runId}` : undefined,
  };
}

/** Each part's cleanup, run once: at its end, or on SIGINT / SIGTERM (a Ctrl-C mid-run still removes the temp folder). */
let cleanup: (() => Promise<void>) | undefined;
let cleaning: Promise<void> | undefined;
const cleanupOnce = (): Promise<void> => (cleaning ??= cleanup ? cleanup() : Promise.resolve());
const cleanupStep = async (what: string, fn: () => Promise<unknown>): Promise<void> => {
  try {
    await fn();
  } catch (err) {
    status(`cleanup: ${what} failed: ${errorText(err)}`);
  }
};

// ---------- part 1: the generated history ----------
// (its tables' generators, and their shapes: bench/generated-history.ts)

interface Measured {
  name: string;
  rows_in: number;
  rows_out: number | null;
  runs_s: number[];
  min_s: number | null;
  median_s: number | null;
  rows_per_s: number | null;
  sql_s: number | null; // of the median run: time inside ClickHouse queries
  queries: number | null;
  load_1m: number;
  note: string;
  error: string | null;
}

const skipped = (name: string, rowsIn: number, note: string): Measured => ({
  name,
  rows_in: rowsIn,
  rows_out: null,
  runs_s: [],
  min_s: null,
  median_s: null,
  rows_per_s: null,
  sql_s: null,
  queries: null,
  load_1m: round(os.loadavg()[0]!, 2),
  note,
  error: null,
});

/** Runs fn up to `repeat` times; a failure, or a first run over the budget, ends the repetitions. */
async function measure(
  name: string,
  rowsIn: number,
  repeat: number,
  reader: ReturnType<typeof timedReader>,
  fn: () => Promise<{ rowsOut: number; note?: string }>,
): Promise<Measured> {
  const m: Measured = {
    name,
    rows_in: rowsIn,
    rows_out: null,
    runs_s: [],
    min_s: null,
    median_s: null,
    rows_per_s: null,
    sql_s: null,
    queries: null,
    load_1m: round(os.loadavg()[0]!, 2),
    note: '',
    error: null,
  };
  const sql: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    status(`${name}: run ${i + 1}/${repeat} (load ${load()})`);
    reader.reset();
    const t0 = performance.now();
    try {
      const r = await fn();
      m.rows_out = r.rowsOut;
      if (r.note) m.note = r.note;
    } catch (err) {
      m.error = `run ${i + 1} failed after ${round((performance.now() - t0) / 1000, 1)} s: ${errorText(err)}`;
      break;
    }
    const s = (performance.now() - t0) / 1000;
    m.runs_s.push(round(s, 3));
    sql.push(reader.sqlMs / 1000);
    m.queries = reader.queries;
    if (i === 0 && repeat > 1 && s > BUDGET_S) {
      m.note = [m.note, `not repeated: the first run took over --budget ${BUDGET_S} s`].filter(Boolean).join('; ');
      break;
    }
  }
  if (m.runs_s.length) {
    m.min_s = Math.min(...m.runs_s);
    m.median_s = round(median(m.runs_s), 3);
    m.rows_per_s = round(rowsIn / m.median_s);
    m.sql_s = round(median(sql), 3);
  }
  return m;
}

async function runGenerated(): Promise<void> {
  const { runId, dataDir, database } = scratch('metrics');
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const shape = shapeOf(OBSERVATIONS);
  let wh: Warehouse | undefined;
  cleanup = async () => {
    if (wh && database) await cleanupStep('drop database', () => wh!.command(`DROP DATABASE IF EXISTS ${database}`));
    if (wh) await cleanupStep('close', () => wh!.close());
    if (KEEP) status(`kept the generated history in ${dataDir}`);
    else await cleanupStep('temp dir', () => rm(dataDir, { recursive: true, force: true }));
  };
  try {
    const config = warehouseConfig(loadEnv());
    wh = await openWarehouse(
      {
        ...config,
        database: database ?? 'rebar',
        embeddedPath: path.join(dataDir, 'clickhouse'),
        // the analysts' limits, at the bench's: one runaway view fails with an error instead of holding the bench
        limits: { ...config.limits, timeoutS: TIMEOUT_S, maxMemoryGb: MAX_MEMORY_GB },
      },
      log,
    );
    status(
      `generated history in ${database ? `database ${database} at ${process.env.CLICKHOUSE_URL}` : dataDir} (run ${runId})`,
    );
    await migrate(wh);

    // ---------- generation ----------
    const gen: Array<[string, number, number]> = [];
    const timed = async (what: string, rows: number, fn: () => Promise<void>): Promise<void> => {
      status(`generating ${what}: ${fmt(rows)} rows`);
      const t0 = performance.now();
      await fn();
      gen.push([what, rows, (performance.now() - t0) / 1000]);
    };
    await timed('models_store', MODELS, () => generateModels(wh!, shape));
    await timed('benchmark_results_store', MODELS * SNAPSHOTS, () => generateScores(wh!, shape));
    await timed('price_observations_store', shape.priceRows, () => generatePrices(wh!, shape));
    await timed('raw_documents_store (complete, no payload)', PROVIDERS * shape.days, () =>
      generateDocuments(wh!, shape),
    );
    await timed('market_share_observations_store', shape.shareRows, () => generateShares(wh!, shape));
    // what the sink does after inserting share rows (sinks/share-metrics-store.ts): the insert-time cost of the kept share metrics
    await timed('share_changes_store, share_concentration_store (kept at insert)', shape.shareRows, () =>
      refreshShareMetrics(wh!, 'all'),
    );
    // and after price rows (sinks/price-changes-store.ts, sinks/model-prices-store.ts): the kept price tables filled
    // from scratch (what migrate does on a new schema), then what the sink pays for one more day's documents
    await timed('price_changes_store, price_change_summary_store (kept, full fill)', shape.priceRows, () =>
      refreshPriceChanges(wh!, 'all'),
    );
    await timed('model_prices_by_day_store (kept, full fill)', shape.priceRows, () => refreshModelPrices(wh!, 'all'));
    // what the sink pays per batch, side by side: each series' last observation before the batch read as the sink does
    // (price_changes: from the whole store; model_prices_by_day: from the window before it, sinks/lookback.ts) and the
    // other way
    const lastDocs = documentsOfDay(shape, shape.days - 1);
    const lastDay = [...lastDocs.values()][0]!.slice(0, 10);
    const dayRows = MODELS * PROVIDERS * 2;
    const refreshes: Array<[string, () => Promise<void>]> = [
      [
        'price_changes_store + summary: refresh of the last day (per document batch)',
        () => refreshPriceChanges(wh!, lastDocs),
      ],
      [
        `  the same, last observations from the ${LOOKBACK_DAYS} days before it`,
        () => refreshPriceChanges(wh!, lastDocs, new Date(), undefined, LOOKBACK_DAYS),
      ],
      [
        'model_prices_by_day_store: refresh of the last day (per document batch)',
        () => refreshModelPrices(wh!, lastDay),
      ],
      [
        '  the same, last observations from the whole store',
        () => refreshModelPrices(wh!, lastDay, new Date(), undefined, null),
      ],
    ];
    const took = refreshes.map((): number[] => []);
    for (let r = 0; r < REPEAT; r++)
      for (const [i, [what, fn]] of refreshes.entries()) {
        status(`${what.trim()}: run ${r + 1} of ${REPEAT}`);
        const t0 = performance.now();
        await fn();
        took[i]!.push((performance.now() - t0) / 1000);
      }
    for (const [i, [what]] of refreshes.entries()) gen.push([what, dayRows, median(took[i]!)]);
    const counts = Object.fromEntries(
      (
        await wh.query<{ t: string; n: string; parts: string; mib: number }>(
          `SELECT table AS t, sum(rows) AS n, count() AS parts, round(sum(bytes_on_disk) / 1048576, 1) AS mib FROM system.parts
       WHERE database = currentDatabase() AND active GROUP BY table`,
        )
      ).map((r) => [r.t, r]),
    );

    // the threshold: a non-reasoning model of median score (reasoning models are out of the index by default)
    const scored = await wh.query<{
      model: string;
      score: number;
    }>(`SELECT s.model AS model, toFloat64(s.score) AS score
      FROM model_scores AS s INNER JOIN models AS m ON m.model_id = s.model WHERE s.benchmark = '${BENCHMARK}' AND NOT m.reasoning ORDER BY s.score, s.model`);
    const mid = scored[Math.floor(scored.length / 2)];
    if (!mid) throw new Error('no threshold model: the generated scores did not land');

    // ---------- measurements ----------
    const reader = timedReader(wh);
    const priceIn = shape.priceRows + MODELS + MODELS * SNAPSHOTS;
    const idxArgs = [
      '--inputs',
      'observed',
      '--benchmark',
      BENCHMARK,
      '--threshold-model',
      mid.model,
      '--blend',
      '3',
      '--basis',
      'first_party',
      '--json',
    ];
    const priceIndex = verbNamed('price-index');
    const results: Measured[] = [];

    const one = await measure(
      `price-index (one series at ${mid.model}, ${mid.score})`,
      priceIn,
      REPEAT,
      reader,
      async () => {
        const text = await priceIndex.run(reader.read, verbOptions(priceIndex, idxArgs), true);
        const s = JSON.parse(text.split('\n')[0]!) as { n: number; factor_per_year: number; by_day: unknown[] };
        return {
          rowsOut: s.by_day.length,
          note: `${s.n} points, factor ${s.factor_per_year.toFixed(2)}x/yr; rows out = by_day`,
        };
      },
    );
    results.push(one);
    if (one.error) {
      // the same inputs through the same views: it would fail the same way
      results.push(
        skipped('price-index --all', priceIn, 'skipped: the one-series run failed, and --all reads the same views'),
      );
    } else {
      results.push(
        await measure('price-index --all', priceIn, REPEAT, reader, async () => {
          const text = await priceIndex.run(reader.read, verbOptions(priceIndex, [...idxArgs, '--all']), true);
          return { rowsOut: lineCount(text), note: 'rows out = series' };
        }),
      );
    }
    // the view both read (twice for one series: the prices, then cheapest_at_or_above per day); its rows counted
    // without printing them, and printed from its kept table without FINAL: what the output alone costs
    results.push(
      await measure('model_prices_by_day, read in full', shape.priceRows + MODELS, REPEAT, reader, () =>
        reader.rows('SELECT * FROM model_prices_by_day'),
      ),
      await measure('model_prices_by_day, read in full as TSV', shape.priceRows + MODELS, REPEAT, reader, () =>
        reader.rows('SELECT * FROM model_prices_by_day', 'TSV'),
      ),
      await measure('model_prices_by_day, counted (no output)', shape.priceRows + MODELS, REPEAT, reader, async () => ({
        rowsOut: Number(await reader.read('SELECT count() FROM model_prices_by_day', 'TSV')),
      })),
      await measure(
        'model_prices_by_day_store rows printed as they lie (the output alone)',
        shape.priceRows + MODELS,
        REPEAT,
        reader,
        () =>
          reader.rows(
            `SELECT ${MODEL_PRICES_BY_DAY_COLUMNS.join(', ')} FROM ${modelPricesByDayTable.name} WHERE variant = 'moves'`,
          ),
      ),
    );
    results.push(
      await measure('share_concentration (HHI series), read in full', shape.shareRows, REPEAT, reader, () =>
        reader.rows('SELECT * FROM share_concentration'),
      ),
    );
    results.push(
      await measure('share_changes, read in full', shape.shareRows, REPEAT, reader, () =>
        reader.rows('SELECT * FROM share_changes'),
      ),
    );

    results.push(
      await measure('price_dispersion (input_weight 3), read in full', shape.priceRows + MODELS, REPEAT, reader, () =>
        reader.rows('SELECT * FROM price_dispersion(input_weight = 3)'),
      ),
    );
    // what `rebar metrics dispersion` computes: the latest price day's spread, and the GPU months
    const dispersionVerb = verbNamed('dispersion');
    results.push(
      await measure('dispersion (the verb: the latest day)', shape.priceRows + MODELS, REPEAT, reader, async () => ({
        rowsOut: lineCount(await dispersionVerb.run(reader.read, verbOptions(dispersionVerb, ['--json']), true)),
      })),
    );
    results.push(
      await measure('open_closed_gap, read in full', MODELS * SNAPSHOTS + MODELS, REPEAT, reader, () =>
        reader.rows('SELECT * FROM open_closed_gap'),
      ),
    );
    results.push(
      await measure('price_change_summary, read in full', shape.priceRows, REPEAT, reader, () =>
        reader.rows('SELECT * FROM price_change_summary'),
      ),
    );
    // the floor: a plain scan of the rows the metrics read, the least any computation over them can cost (open_closed_gap
    // reads the scores, not these rows: no floor)
    const floors = {
      prices: await measure('floor: scan of price_observations_store', shape.priceRows, REPEAT, reader, () =>
        reader.rows('SELECT count(), sum(toFloat64(usd_per_mtok)) FROM price_observations_store'),
      ),
      shares: await measure('floor: scan of market_share_observations_store', shape.shareRows, REPEAT, reader, () =>
        reader.rows('SELECT count(), sum(toFloat64(share)) FROM market_share_observations_store'),
      ),
    };
    const floorOf = (m: Measured): Measured | null =>
      m.name.startsWith('floor') || m.name.startsWith('open_closed')
        ? null
        : m.name.startsWith('share')
          ? floors.shares
          : floors.prices;
    const xFloor = (m: Measured): string => {
      const f = floorOf(m);
      return f?.median_s && m.median_s !== null ? `${fmt(m.median_s / f.median_s, 1)}x` : '-';
    };
    results.push(floors.prices, floors.shares);
    const perMillion = (table: string, rows: number): string =>
      counts[table] ? fmt(round((counts[table]!.mib / rows) * 1e6, 1), 1) : '-';

    // ---------- figures ----------
    out('');
    out(
      `part 1: a generated history, ${fmt(shape.priceRows)} price observations (${MODELS} models x ${PROVIDERS} providers x 2 token classes x ${shape.days} days) ` +
        `and ${fmt(shape.shareRows)} share rows (${SEGMENTS} series x ${shape.periods} periods x ${ENTITIES} entities); ${wh.kind} ClickHouse`,
    );
    out(
      'one complete document per provider and day (source bench_<provider>), each listing all its series: the removal rule runs and removes nothing; a refresh is the median of the repeats',
    );
    out(
      `limits per query: max_execution_time ${TIMEOUT_S} s, max_memory_usage ${MAX_MEMORY_GB} GiB; repeat ${REPEAT} (a first run over ${BUDGET_S} s is not repeated)`,
    );
    out('');
    table(
      ['generation (INSERT ... SELECT FROM numbers)', 'rows', 'seconds', 'rows/s', 'parts', 'MiB on disk'],
      gen.map(([what, rows, s]) => [
        what,
        fmt(rows),
        fmt(s, 1),
        fmt(round(rows / s)),
        String(counts[what]?.parts ?? '-'),
        String(counts[what]?.mib ?? '-'),
      ]),
    );
    out(
      `on disk per million rows: price observations ${perMillion('price_observations_store', shape.priceRows)} MiB, share rows ${perMillion('market_share_observations_store', shape.shareRows)} MiB`,
    );
    out(
      `total generation ${fmt(
        gen.reduce((a, g) => a + g[2], 0),
        1,
      )} s`,
    );
    out('');
    table(
      [
        'measurement',
        'rows in',
        'rows out',
        'min s',
        'median s',
        'x floor',
        'rows in/s',
        'in SQL s',
        'queries',
        'load 1m',
        'runs s / note',
      ],
      results.map((m) => [
        m.name,
        fmt(m.rows_in),
        fmt(m.rows_out),
        fmt(m.min_s, 2),
        fmt(m.median_s, 2),
        xFloor(m),
        fmt(m.rows_per_s, 0),
        fmt(m.sql_s, 2),
        fmt(m.queries),
        m.load_1m.toFixed(2),
        m.error ? `ERROR ${m.error}` : [m.runs_s.join(' '), m.note].filter(Boolean).join('; '),
      ]),
    );
    out('');
    out(
      JSON.stringify({
        bench: 'metrics-generated',
        warehouse: wh.kind,
        price_rows: shape.priceRows,
        share_rows: shape.shareRows,
        days: shape.days,
        periods: shape.periods,
        threshold_model: mid.model,
        threshold: mid.score,
        repeat: REPEAT,
        timeout_s: TIMEOUT_S,
        max_memory_gib: MAX_MEMORY_GB,
        generation: gen.map(([table, rows, s]) => ({ table, rows, s: round(s, 2) })),
        measurements: results.map((m) => ({ ...m, x_floor: xFloor(m) })),
        mib_per_million_rows: {
          price_observations: perMillion('price_observations_store', shape.priceRows),
          share_rows: perMillion('market_share_observations_store', shape.shareRows),
        },
      }),
    );
  } finally {
    await cleanupOnce();
  }
}

// ---------- part 2: each verb on the fixtures ----------
// loaded as a user would, oldest first where it matters (backfill orders by the file names' dates)
const GPU_SHEETS = path.join(FIXTURES, 'gpu-price-sheets/becloudready-gpu-price_2026-02-11');
const LOAD_STEPS: string[][] = [
  ['backfill', 'litellm', path.join(FIXTURES, 'litellm')],
  ['backfill', 'lmarena', path.join(FIXTURES, 'lmarena')],
  ['backfill', 'openrouter-rankings', path.join(FIXTURES, 'openrouter-rankings')],
  ['run', '--once', '--source', 'analyst-datapoints'],
  ['import', 'epoch', path.join(FIXTURES, 'epoch/data__aa_data_with_math5.csv')],
  ['import', 'epoch', path.join(FIXTURES, 'epoch/data__epoch_ai_price_data_not_in_aa_with_benchmarks.csv')],
  [
    'import',
    'sec-companyfacts',
    path.join(FIXTURES, 'sec-companyfacts/companyfacts_CIK0001045810_NVIDIA__recorded-2026-07-09.json'),
  ],
  ...['lambda_gpu_prices.csv', 'coreweave_prices.csv', 'nebius_prices.csv', 'runpod_gpu_prices.csv'].map((f) => [
    'import',
    'gpu-price-sheets',
    path.join(GPU_SHEETS, f),
    '--observed-at',
    '2026-02-11T07:11:53Z',
  ]),
];

// typical invocations, as the tests and the README use them; every verb at least once
const VERB_CASES: Array<{ verb: string; args: string[] }> = [
  {
    verb: 'price-index',
    args: ['--inputs', 'observed', '--benchmark', 'lmarena_text', '--threshold-model', 'gpt-4-0613'],
  },
  { verb: 'price-index', args: ['--benchmark', 'mmlu', '--threshold-model', 'GPT-3.5'] },
  { verb: 'price-index', args: ['--all'] },
  { verb: 'price-changes', args: ['--provider', 'openai', '--model', 'gpt-4o'] },
  { verb: 'dispersion', args: ['--min-providers', '3'] },
  { verb: 'open-closed-gap', args: ['--benchmark', 'lmarena_text', '--threshold-model', 'gpt-4-0613'] },
  { verb: 'share-volatility', args: [] },
  { verb: 'leadership', args: ['--benchmark', 'lmarena_text'] },
  { verb: 'capex-intensity', args: ['--ticker', 'NVDA'] },
  { verb: 'break-even', args: ['--gpu', 'H100 SXM', '--tokens-per-second', '2000', '--api-usd-per-mtok', '0.6'] },
];
const CLI_RUNS = 3;
const IN_PROCESS_RUNS = 5;

interface CliRun {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}
function runCli(argv: string[], env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(REPO, 'bin/rebar.js'), ...argv], { env, cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - t0, stdout, stderr });
    });
  });
}
const shellWords = (argv: string[]): string => argv.map((a) => (/^[\w./=:-]+$/.test(a) ? a : `'${a}'`)).join(' ');
const rel = (argv: string[]): string[] => argv.map((a) => (a.startsWith(REPO) ? path.relative(REPO, a) : a));

async function runFixtures(): Promise<void> {
  const { runId, dataDir, database } = scratch('fixtures');
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const externalKafka = !!process.env.KAFKA_BROKERS;
  const env = loadEnv({
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    REBAR_DATA_DIR: dataDir,
    REBAR_CACHE_DIR: process.env.REBAR_CACHE_DIR ?? path.join(REPO, '.cache'),
    REBAR_KAFKA_NAMESPACE: `bench${runId}.`,
    REBAR_QUEUE_PREFIX: `bench${runId}`,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    // a free port, so the bench runs next to `npm start` or a test run
    REBAR_KAFKA_PORT: process.env.REBAR_KAFKA_PORT ?? (externalKafka ? undefined : String(await freePortPair())),
    REDIS_URL: process.env.REDIS_URL,
    REBAR_REDIS_PORT: process.env.REBAR_REDIS_PORT,
    CLICKHOUSE_URL: process.env.CLICKHOUSE_URL,
    CLICKHOUSE_USER: process.env.CLICKHOUSE_USER,
    CLICKHOUSE_PASSWORD: process.env.CLICKHOUSE_PASSWORD,
    CLICKHOUSE_DATABASE: database,
  });
  let services: Services | undefined;
  let wh: Warehouse | undefined;
  const stopServices = async (): Promise<void> => {
    if (!services) return;
    const s = services;
    services = undefined;
    if (externalKafka) {
      const names = kafkaNames(env.REBAR_KAFKA_NAMESPACE);
      await withAdmin(connectKafka(s.brokers, `bench-cleanup-${runId}`, log), async (admin) => {
        await admin.deleteTopics({ topics: names.specs.map((t) => t.name) });
        await admin.deleteGroups([names.group.transform, names.group.sink]).catch(() => undefined);
      }).catch((err: unknown) => status(`cleanup: topics: ${errorText(err)}`));
    }
    // BullMQ keys under the bench's prefix, on a Redis that may be shared
    const r = createRedis(s.redisUrl);
    r.on('error', () => undefined);
    try {
      await r.connect();
      const keys: string[] = [];
      for await (const batch of r.scanStream({ match: `${env.REBAR_QUEUE_PREFIX}:*`, count: 500 }))
        keys.push(...(batch as string[]));
      if (keys.length) await r.del(...keys);
    } catch (err) {
      status(`cleanup: redis keys: ${errorText(err)}`);
    } finally {
      r.disconnect();
    }
    await s.stop();
  };
  cleanup = async () => {
    if (wh && database) await cleanupStep('drop database', () => wh!.command(`DROP DATABASE IF EXISTS ${database}`));
    if (wh) await cleanupStep('close', () => wh!.close());
    await cleanupStep('services', stopServices);
    await cleanupStep('temp dir', () => rm(dataDir, { recursive: true, force: true }));
  };

  try {
    // one broker (and Redis) for all the loading steps, instead of one per CLI process
    status(`fixtures in ${dataDir}; starting the Kafka broker and Redis`);
    const tServices = performance.now();
    services = await startServices(env, log);
    const servicesS = (performance.now() - tServices) / 1000;
    const cliEnv: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: env.LOG_LEVEL,
      REBAR_DATA_DIR: dataDir,
      REBAR_CACHE_DIR: env.REBAR_CACHE_DIR,
      REBAR_KAFKA_NAMESPACE: env.REBAR_KAFKA_NAMESPACE,
      REBAR_QUEUE_PREFIX: env.REBAR_QUEUE_PREFIX,
      KAFKA_BROKERS: services.brokers.join(','),
      REDIS_URL: services.redisUrl,
      ...(database ? { CLICKHOUSE_DATABASE: database } : {}),
    };

    const loads: Array<[string, number]> = [];
    for (const step of LOAD_STEPS) {
      status(`loading: rebar ${shellWords(rel(step))}`);
      const r = await runCli(step, cliEnv);
      if (r.code !== 0) throw new Error(`rebar ${shellWords(rel(step))} exited ${r.code}: ${r.stderr.slice(-2000)}`);
      loads.push([shellWords(rel(step)), r.ms / 1000]);
    }
    // the verbs need no broker: stopping it leaves the machine to them
    await stopServices();

    // (i) whole processes: `rebar metrics VERB ... --json`, one warm-up then the median of CLI_RUNS; `rebar sql 'SELECT 1'`
    // is the floor every read-only verb pays (node, tsx, the CLI's imports, opening ClickHouse)
    const cli: Array<{ label: string; ms: number[]; error: string | null; lines: number; load: number }> = [];
    for (const c of [{ verb: 'sql', args: ['SELECT 1', '--format', 'TSV'] }, ...VERB_CASES]) {
      const argv = c.verb === 'sql' ? ['sql', ...c.args] : ['metrics', c.verb, ...c.args, '--json'];
      const label = shellWords(argv);
      status(`cli: rebar ${label} (load ${load()})`);
      const rec = { label, ms: [] as number[], error: null as string | null, lines: 0, load: os.loadavg()[0]! };
      for (let i = 0; i <= CLI_RUNS; i += 1) {
        const r = await runCli(argv, cliEnv);
        if (r.code !== 0) {
          rec.error = `exit ${r.code}: ${errorText(r.stderr)}`;
          break;
        }
        rec.lines = lineCount(r.stdout);
        if (i > 0) rec.ms.push(r.ms);
      }
      cli.push(rec);
    }

    // (ii) the computation alone: verb.run in one open session (the CLIs above have exited: embedded chDB is ours now)
    wh = await openWarehouse({ ...warehouseConfig(env), embeddedPath: path.join(dataDir, 'clickhouse') }, log);
    await migrateIfChanged(wh);
    const reader = timedReader(wh);
    const inProc: Array<{ ms: number[]; sqlMs: number[]; queries: number; error: string | null }> = [];
    for (const c of VERB_CASES) {
      const verb = verbNamed(c.verb);
      const opts = verbOptions(verb, [...c.args, '--json']);
      const rec = { ms: [] as number[], sqlMs: [] as number[], queries: 0, error: null as string | null };
      for (let i = 0; i <= IN_PROCESS_RUNS; i += 1) {
        reader.reset();
        const t0 = performance.now();
        try {
          await verb.run(reader.read, opts, true);
        } catch (err) {
          rec.error = errorText(err);
          break;
        }
        if (i === 0) continue; // warm-up: the first read of each view
        rec.ms.push(performance.now() - t0);
        rec.sqlMs.push(reader.sqlMs);
        rec.queries = reader.queries;
      }
      inProc.push(rec);
    }

    // ---------- figures ----------
    out('');
    out(
      `part 2: each metric verb on the fixtures (${wh.kind} ClickHouse); loaded through the CLI in ${fmt(
        loads.reduce((a, l) => a + l[1], 0),
        1,
      )} s ` + `(+ ${fmt(servicesS, 1)} s to start ${externalKafka ? 'Redis' : 'the Kafka broker and Redis'})`,
    );
    out('');
    table(
      ['loading step', 'seconds'],
      loads.map(([l, s]) => [`rebar ${l}`, fmt(s, 1)]),
    );
    out('');
    table(
      ['rebar ...', 'process median s', 'min s', 'lines out', 'load 1m', 'note'],
      cli.map((c) => [
        c.label,
        fmt(median(c.ms) / 1000, 2),
        fmt(c.ms.length ? Math.min(...c.ms) / 1000 : NaN, 2),
        fmt(c.lines),
        c.load.toFixed(2),
        c.error ? `ERROR ${c.error}` : `${c.ms.length} runs after 1 warm-up`,
      ]),
    );
    out('');
    table(
      ['verb.run(...) in one session', 'median ms', 'min ms', 'in SQL ms', 'queries', 'under 1 s', 'note'],
      VERB_CASES.map((c, i) => {
        const r = inProc[i]!;
        const med = median(r.ms);
        return [
          `${c.verb} ${shellWords(c.args)}`.trim(),
          fmt(med, 1),
          fmt(r.ms.length ? Math.min(...r.ms) : NaN, 1),
          fmt(median(r.sqlMs), 1),
          String(r.queries),
          r.error ? '-' : med < 1000 ? 'yes' : 'NO',
          r.error ? `ERROR ${r.error}` : `${r.ms.length} runs after 1 warm-up`,
        ];
      }),
    );
    out('');
    out(
      JSON.stringify({
        bench: 'metrics-fixtures',
        warehouse: wh.kind,
        services_s: round(servicesS, 2),
        loading: loads.map(([step, s]) => ({ step, s: round(s, 2) })),
        cli: cli.map((c) => ({
          command: `rebar ${c.label}`,
          median_s: round(median(c.ms) / 1000, 3),
          min_s: c.ms.length ? round(Math.min(...c.ms) / 1000, 3) : null,
          lines_out: c.lines,
          error: c.error,
        })),
        in_process: VERB_CASES.map((c, i) => ({
          verb: c.verb,
          args: c.args,
          median_ms: round(median(inProc[i]!.ms), 1),
          min_ms: inProc[i]!.ms.length ? round(Math.min(...inProc[i]!.ms), 1) : null,
          sql_ms: round(median(inProc[i]!.sqlMs), 1),
          queries: inProc[i]!.queries,
          error: inProc[i]!.error,
        })),
      }),
    );
  } finally {
    await cleanupOnce();
  }
}

// ---------- the parent: runs each part in a child process ----------
async function runPart(role: 'generated' | 'fixtures'): Promise<{ code: number | null; figures: unknown }> {
  const child = spawn(
    process.execPath,
    [path.join(REPO, 'bin/run-ts.js'), SELF, ...process.argv.slice(2), '--role', role],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  // SIGINT reaches the child through the process group; SIGTERM is passed on; either way the parent waits for the
  // child to remove its temp folder
  const forward = (): void => {
    child.kill('SIGTERM');
  };
  const wait = (): void => {
    status('SIGINT: waiting for the part to clean up');
  };
  process.on('SIGTERM', forward);
  process.on('SIGINT', wait);
  let figures: unknown = null;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('{"bench":')) figures = JSON.parse(line) as unknown;
    else out(line);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c, sig) => resolve(sig ? 128 : c)));
  process.off('SIGTERM', forward);
  process.off('SIGINT', wait);
  return { code, figures };
}

/** The commit measured, and whether the code the figures depend on had uncommitted changes: the views change often. */
function revision(): string {
  const git = (...a: string[]): string => spawnSync('git', a, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git('rev-parse', '--short', 'HEAD') || 'unknown';
  const dirty = git('status', '--porcelain', '--', 'sinks', 'jobs', 'schemas', 'transform', 'bin')
    .split('\n')
    .filter(Boolean).length;
  return dirty ? `${head} + ${dirty} uncommitted file(s) in sinks, jobs, schemas, transform, bin` : head;
}

async function runAll(): Promise<void> {
  const loadStart = load();
  const rev = revision();
  out(
    `rebar metrics bench: metric verbs on the fixtures, and the price index and HHI over a generated history of ${fmt(OBSERVATIONS)} observations`,
  );
  out(`date          ${new Date().toISOString()}`);
  out(`revision      ${rev}`);
  out(`machine       ${machine()}`);
  out(`load average  ${loadStart} (1, 5, 15 min) at start`);
  const parts: Record<string, unknown> = {};
  let failed = false;
  for (const [role, on] of [
    ['generated', GENERATED],
    ['fixtures', FIXTURE_PART],
  ] as const) {
    if (!on) {
      out('');
      out(`part ${role === 'generated' ? 1 : 2} (${role}): skipped (--no-${role})`);
      continue;
    }
    const r = await runPart(role);
    parts[role] = r.figures;
    if (r.code !== 0) {
      failed = true;
      status(`part ${role} exited ${r.code}`);
    }
    if (r.code === 130) break; // interrupted: no next part
  }
  out('');
  out(`load average  ${load()} (1, 5, 15 min) at end`);
  out(
    JSON.stringify({
      bench: 'metrics',
      date: new Date().toISOString(),
      revision: rev,
      observations: OBSERVATIONS,
      cpus: os.cpus().length,
      load_start: loadStart,
      load_end: load(),
      ...parts,
    }),
  );
  if (failed) process.exitCode = 1;
}

if (args.role) {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      status(`${sig}: cleaning up`);
      void cleanupOnce().then(() => process.exit(130));
    });
  }
}
try {
  if (args.role === 'generated') await runGenerated();
  else if (args.role === 'fixtures') await runFixtures();
  else await runAll();
} catch (err) {
  status(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
}
// chDB and the Kafka clients can keep handles open
process.exit(process.exitCode ?? 0);
