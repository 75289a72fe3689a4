// npm run bench:dashboard [-- --runs N --points N --no-demo --screenshot FILE.png --help]
// (BENCH_KEEP=1: keep the data folder)
//
// What the analyst dashboard (/dashboard) costs in a browser at tens of thousands of points per chart. A scratch data
// folder gets the demo's recorded documents (`rebar demo`, its own Kafka broker and Redis), then a generated history
// (bench/generated-history.ts, in a child process: embedded chDB binds one data folder per process) sized so each large
// panel plots about --points points; `rebar serve --port 0` serves it, and Debian's Chromium (headless, through
// playwright) opens /dashboard --runs times, each in a fresh context, after one warm-up. Per panel: the time from
// navigation to drawn (data-points set, and the frame after it painted), to ready (its table below too), the bytes its
// requests fetched and their time, the points drawn; for the page: all panels drawn, the JS heap after a GC, DOM
// nodes, Chromium's script, layout and style time; then three interactions, each a select changed and the chart
// redrawn; and the server alone: the load's requests sent again one at a time from Node (the page sends them at once,
// the server answers in turn). It prints medians; it never asserts timings.
import type { PanelSpec } from '../dashboard/panels.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page, type Request } from 'playwright';
import { loadEnv } from '../schemas/env.ts';
import { createLogger } from '../schemas/logger.ts';
import { openWarehouse, warehouseConfig, type Warehouse } from '../sinks/clickhouse.ts';
import { migrateIfChanged } from '../sinks/migrate.ts';
import { refreshModelPrices } from '../sinks/model-prices-store.ts';
import { refreshPriceChanges } from '../sinks/price-changes-store.ts';
import { refreshShareMetrics } from '../sinks/share-metrics-store.ts';
import { freePortPair } from './free-port-pair.ts';
import { fmt as fmtDigits, load, machine, median, out, round, status, table } from './report.ts';
import { serve } from '../test/helpers/serve.ts';
import {
  generateGpuPrices,
  generateModels,
  generatePricePoints,
  generatePrices,
  generateScores,
  generateShares,
  shape,
  type Shape,
} from './generated-history.ts';

const SELF = fileURLToPath(import.meta.url);
const REPO = path.resolve(path.dirname(SELF), '..');
const REBAR = path.join(REPO, 'bin/rebar.js');
const VIEWPORT = { width: 1400, height: 2000 }; // the demo test's
const LOAD_TIMEOUT_MS = 600_000;

// ---------- parameters ----------
const HELP = `npm run bench:dashboard -- [options]

  --runs N             page loads measured, each in a fresh browser context, after one warm-up (default 5)
  --points N           points the generator aims at per large panel (default 21000): N/3 price days, N/8 share
                       periods, N GPU series, N Epoch price points
  --no-demo            skip rebar demo (the recorded documents): the generated history only, quicker
  --screenshot FILE    a full-page PNG of the last run
  --help               this text

BENCH_KEEP=1 keeps the data folder (its path is printed). It prints figures; it never asserts timings.
`;
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string' },
    points: { type: 'string' },
    'no-demo': { type: 'boolean' },
    screenshot: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    // internal: the generator child
    role: { type: 'string' },
    'data-dir': { type: 'string' },
  },
  allowPositionals: false,
});
function intParam(name: string, raw: string | undefined, dflt: number, min: number): number {
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${raw}`);
  return n;
}
const RUNS = intParam('runs', args.runs, 5, 1);
const POINTS = intParam('points', args.points, 21_000, 100);
const DEMO = args['no-demo'] !== true;
const KEEP = process.env.BENCH_KEEP === '1';
// counts and milliseconds: whole numbers unless asked
const fmt = (n: number | null | undefined, digits = 0): string => fmtDigits(n, digits);

// ---------- the generated history (child process: --role generate) ----------
const DAY_MS = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const GPU_MODELS = 100;

/** The sizes for --points: a dispersion line has 3 series, a share chart 8 entities, the HHI chart 8 series. */
function dashboardShape(points: number): Shape {
  const days = Math.ceil(points / 3);
  const periods = Math.ceil(points / 8);
  const end = Date.UTC(2026, 1, 1);
  return shape({
    // more hosts than any recorded model has, so a generated model heads the dispersion panel's list
    models: 4,
    providers: 32, // llama-3.3-70b-instruct has 28 in the demo's documents
    days,
    priceStart: isoDay(end - days * DAY_MS),
    // 8x to 512x over the history, not 2x to 8x a year: at a fall a year over 19 years the prices round to 0
    declineDays: Math.round(days / 3),
    segments: 8,
    entities: 20,
    periods,
    shareStart: isoDay(end - periods * 7 * DAY_MS),
  });
}
// Epoch's points a day each, ending by 2025 where the range allows (ClickHouse's Date starts in 1970)
const pointsStart = (points: number): string => isoDay(Math.max(0, Date.UTC(2025, 0, 1) - points * DAY_MS));

async function runGenerate(dataDir: string): Promise<void> {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const env = loadEnv({ ...process.env, REBAR_DATA_DIR: dataDir });
  const s = dashboardShape(POINTS);
  const gpuProviders = Math.ceil(POINTS / GPU_MODELS);
  const wh: Warehouse = await openWarehouse(
    { ...warehouseConfig(env), embeddedPath: path.join(dataDir, 'clickhouse') },
    log,
  );
  try {
    await migrateIfChanged(wh);
    const steps: Array<{ what: string; rows: number; s: number }> = [];
    const timed = async (what: string, rows: number, fn: () => Promise<void>): Promise<void> => {
      status(`generating ${what}: ${fmt(rows)} rows`);
      const t0 = performance.now();
      await fn();
      steps.push({ what, rows, s: round((performance.now() - t0) / 1000, 1) });
    };
    await timed('models_store', s.models, () => generateModels(wh, s));
    await timed('benchmark_results_store', s.models * 3, () => generateScores(wh, s));
    await timed(
      `price_observations_store (${s.models} models x ${s.providers} providers x 2 x ${s.days} days from ${s.priceStart})`,
      s.priceRows,
      () => generatePrices(wh, s),
    );
    await timed(
      `market_share_observations_store (${s.segments} series x ${s.periods} weeks x ${s.entities} entities from ${s.shareStart})`,
      s.shareRows,
      () => generateShares(wh, s),
    );
    await timed(
      `gpu_price_observations_store (${GPU_MODELS} GPU models x ${gpuProviders} providers)`,
      GPU_MODELS * gpuProviders,
      () => generateGpuPrices(wh, GPU_MODELS, gpuProviders, '2026-02-11 08:00:00'),
    );
    await timed(`model_price_points_store (a day each from ${pointsStart(POINTS)})`, POINTS, () =>
      generatePricePoints(wh, POINTS, pointsStart(POINTS)),
    );
    // what the sinks keep at insert time, filled as migrate fills them
    await timed('kept share metrics', s.shareRows, () => refreshShareMetrics(wh, 'all'));
    await timed('kept price changes', s.priceRows, () => refreshPriceChanges(wh, 'all'));
    await timed('kept model_prices_by_day', s.priceRows, () => refreshModelPrices(wh, 'all'));
    out(JSON.stringify({ generated: steps }));
  } finally {
    await wh.close();
  }
}

// ---------- child processes ----------
interface Ran {
  code: number | null;
  ms: number;
  stdout: string;
  stderr: string;
}
function run(argv: string[], env: NodeJS.ProcessEnv, timeoutMs = 1_200_000): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { env, cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // the generator's progress, as it goes
      for (const line of d.toString().split('\n')) if (line.startsWith('bench: ')) process.stderr.write(`${line}\n`);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: performance.now() - t0, stdout, stderr });
    });
  });
}

// ---------- in the page ----------
// installed before the page's scripts: when each chart's data-points and each panel's data-ready is set, timed at
// the first task after the next frame (so uPlot's drawing, a microtask, and the browser's layout and paint are in)
const OBSERVER = `(() => {
  const b = (window.__bench = { drawn: {}, ready: {}, body: null });
  const painted = (f) => requestAnimationFrame(() => setTimeout(() => f(performance.now()), 0));
  new MutationObserver((records) => {
    for (const r of records) {
      const e = r.target;
      if (r.attributeName === 'data-points') {
        const id = e.getAttribute('data-chart');
        if (!(id in b.drawn)) { b.drawn[id] = null; painted((t) => (b.drawn[id] = t)); }
      } else if (e === document.body) {
        if (b.body === null) { b.body = 0; painted((t) => (b.body = t)); }
      } else if (e.id && !(e.id in b.ready)) {
        b.ready[e.id] = null;
        painted((t) => (b.ready[e.id] = t));
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-points', 'data-ready'] });
})();`;

/** A select of a panel changed (to an option's value, or the option at an index), timed until the chart redrew. */
const interaction = (panel: string, select: string, to: { value?: string; index?: number }): string => `(() =>
  new Promise((resolve) => {
    const chart = document.querySelector('[data-chart="${panel}"]');
    const select = document.querySelector('#${panel} select[name="${select}"]');
    const value = ${JSON.stringify(to.value ?? null)} ?? select.options[${to.index ?? 0}]?.value;
    if (value === undefined) return resolve({ error: 'no such option' });
    const section = document.getElementById('${panel}');
    const timer = setTimeout(() => resolve({ error: 'no redraw in 300 s: ' + section.querySelector('.error').textContent }), 300000);
    const t0 = performance.now();
    new MutationObserver((_, obs) => {
      obs.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        clearTimeout(timer);
        resolve({ ms: performance.now() - t0, points: Number(chart.getAttribute('data-points')), value });
      }, 0));
    }).observe(chart, { attributes: true, attributeFilter: ['data-points'] });
    select.value = value;
    select.dispatchEvent(new Event('change'));
  }))()`;
const INTERACTIONS: Array<{ label: string; script: string }> = [
  { label: 'dispersion: model -> the 2nd option', script: interaction('dispersion', 'model', { index: 1 }) },
  {
    label: 'price-changes: provider -> the 2nd option',
    script: interaction('price-changes', 'provider', { index: 1 }),
  },
  { label: 'price-index: inputs -> observed', script: interaction('price-index', 'inputs', { value: 'observed' }) },
];

interface Marks {
  drawn: Record<string, number | null>;
  ready: Record<string, number | null>;
  body: number | null;
}

// quoted strings and {params} out: a request's SQL names its panel whatever the selects hold
const shapeOfSql = (sql: string): string =>
  sql
    .replace(/'(?:[^'\\]|\\.)*'/g, '?')
    .replace(/\{\w+\}/g, '?')
    .trim();

interface PanelRun {
  drawnMs: number | null;
  readyMs: number | null;
  points: number;
  x: number;
  bytes: number;
  requests: number;
  fetchMs: number;
  pageMs: number | null; // drawn, less its rows' response end: parsing, drawing, and waiting for the main thread
}
interface Fetched {
  panel: string;
  bytes: number;
  ms: number;
  endAt: number;
  replay: { url: string; method: string; body: string | null };
}
interface PageRun {
  loaded: Fetched[]; // the load's requests
  panels: Record<string, PanelRun>;
  bodyMs: number | null;
  bytes: number;
  requests: number;
  metrics: Record<string, number>;
  interactions: Array<{ ms?: number; points?: number; value?: string; error?: string }>;
  problems: string[];
}

async function measurePage(browser: Browser, url: string, panels: PanelSpec[], shot?: string): Promise<PageRun> {
  const bySql = new Map<string, string>();
  for (const p of panels)
    for (const q of [p.sql, p.table, ...Object.values(p.params ?? {})]) if (q) bySql.set(shapeOfSql(q), p.id);
  const panelOf = (r: Request): string => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/dashboard/metric/')) return 'price-index';
    if (u.pathname === '/' && r.method() === 'POST') return bySql.get(shapeOfSql(r.postData() ?? '')) ?? '(other SQL)';
    return '(page)';
  };
  const context = await browser.newContext({ viewport: VIEWPORT });
  const page: Page = await context.newPage();
  try {
    await page.addInitScript({ content: OBSERVER });
    const problems: string[] = [];
    page.on('console', (m) => void (['error', 'warning'].includes(m.type()) && problems.push(m.text())));
    page.on('pageerror', (e) => problems.push(String(e)));
    const done: Array<Promise<Fetched>> = [];
    page.on('requestfinished', (r) => {
      const t = r.timing();
      done.push(
        r.sizes().then((s) => ({
          panel: panelOf(r),
          bytes: s.responseBodySize + s.responseHeadersSize,
          ms: t.responseEnd,
          endAt: t.startTime + t.responseEnd, // epoch ms
          replay: { url: r.url(), method: r.method(), body: r.postData() },
        })),
      );
    });
    // Chromium counts script, layout and style time from Performance.enable on
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${url}dashboard`);
    // predicates as functions: a string one is eval'd in the page, which its CSP refuses
    // (each runs in the page: it can name nothing of this file's)
    await page.waitForFunction(() => ((globalThis as unknown as { __bench?: Marks }).__bench?.body ?? 0) > 0, null, {
      timeout: LOAD_TIMEOUT_MS,
      polling: 100,
    });
    // the frame-after timestamps of the last panels
    await page.waitForFunction(
      () => {
        const b = (globalThis as unknown as { __bench: Marks }).__bench;
        return [...Object.values(b.drawn), ...Object.values(b.ready)].every((t) => t !== null);
      },
      null,
      { timeout: 30_000 },
    );
    const b = (await page.evaluate('window.__bench')) as Marks;
    const charts = (await page.evaluate(
      `Object.fromEntries([...document.querySelectorAll('[data-chart]')].map((e) => [e.getAttribute('data-chart'), [Number(e.getAttribute('data-points')), Number(e.getAttribute('data-x') ?? 0)]]))`,
    )) as Record<string, [number, number]>;
    const origin = (await page.evaluate('performance.timeOrigin')) as number;
    await cdp.send('HeapProfiler.collectGarbage');
    const metrics = Object.fromEntries(
      (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
    ) as Record<string, number>;
    if (shot) await page.screenshot({ path: shot, fullPage: true });
    // the load's requests have all finished by now (the page drew their rows); the interactions' come after
    const loaded = done.length;
    const interactions: PageRun['interactions'] = [];
    for (const i of INTERACTIONS) interactions.push((await page.evaluate(i.script)) as PageRun['interactions'][0]);
    const fetched = await Promise.all(done);
    const result: PageRun = {
      loaded: fetched.slice(0, loaded),
      panels: {},
      bodyMs: b.body,
      bytes: fetched.reduce((a, f) => a + f.bytes, 0),
      requests: fetched.length,
      metrics,
      interactions,
      problems,
    };
    for (const p of panels) {
      const mine = fetched.slice(0, loaded).filter((f) => f.panel === p.id);
      const drawn = b.drawn[p.id] ?? null;
      // the chart's rows: its last response before it was drawn (the table's comes after)
      const before = mine.map((f) => f.endAt - origin).filter((t) => drawn !== null && t <= drawn);
      result.panels[p.id] = {
        drawnMs: drawn,
        pageMs: drawn !== null && before.length ? drawn - Math.max(...before) : null,
        readyMs: b.ready[p.id] ?? null,
        points: charts[p.id]?.[0] ?? 0,
        x: charts[p.id]?.[1] ?? 0,
        bytes: mine.reduce((a, f) => a + f.bytes, 0),
        requests: mine.length,
        fetchMs: mine.reduce((a, f) => a + f.ms, 0),
      };
    }
    return result;
  } finally {
    await context.close();
  }
}

// ---------- the parent ----------
/** The commit the page's files are at, read from .git (no git process); the dashboard's files may differ from it. */
function revision(): string {
  try {
    const git = path.join(REPO, '.git');
    const head = readFileSync(path.join(git, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head.slice(0, 7);
    const ref = head.slice(5);
    const loose = path.join(git, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim().slice(0, 7);
    const packed = readFileSync(path.join(git, 'packed-refs'), 'utf8')
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`));
    return packed?.slice(0, 7) ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function runAll(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `rebar-bench-dashboard-${runId}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    REBAR_DATA_DIR: dataDir,
    REBAR_CACHE_DIR: process.env.REBAR_CACHE_DIR ?? path.join(REPO, '.cache'),
    REBAR_KAFKA_NAMESPACE: `bench${runId}.`,
    REBAR_QUEUE_PREFIX: `bench${runId}`,
  };
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const cleanup = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (KEEP) status(`kept the data folder ${dataDir}`);
    else await rm(dataDir, { recursive: true, force: true });
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      status(`${sig}: cleaning up`);
      void cleanup().then(() => process.exit(130));
    });
  const loadStart = load();
  try {
    status(`data folder ${dataDir}`);
    let demoS: number | null = null;
    if (DEMO) {
      status('loading the recorded documents: rebar demo (its own Kafka broker and Redis, on free ports)');
      const [kafka, redis] = [await freePortPair(), await freePortPair()];
      const r = await run([REBAR, 'demo'], {
        ...env,
        REBAR_KAFKA_PORT: String(kafka),
        REBAR_REDIS_PORT: process.env.REDIS_URL ? undefined : String(redis),
      });
      if (r.code !== 0) throw new Error(`rebar demo exited ${r.code}: ${r.stderr.slice(-2000)}`);
      demoS = r.ms / 1000;
    }
    const gen = await run(
      [path.join(REPO, 'bin/run-ts.js'), SELF, '--role', 'generate', '--data-dir', dataDir, '--points', String(POINTS)],
      env,
    );
    if (gen.code !== 0) throw new Error(`the generator exited ${gen.code}: ${gen.stderr.slice(-2000)}`);
    const generated = (
      JSON.parse(gen.stdout.trim().split('\n').pop()!) as {
        generated: Array<{ what: string; rows: number; s: number }>;
      }
    ).generated;

    const panels = (
      (await import(pathToFileURL(path.join(REPO, 'dashboard/panels.js')).href)) as { PANELS: PanelSpec[] }
    ).PANELS;
    const s = await serve(env);
    server = s.child;
    status(`serving at ${s.url}; Chromium at ${loadEnv(env).REBAR_CHROMIUM_PATH}`);
    browser = await chromium.launch({ executablePath: loadEnv(env).REBAR_CHROMIUM_PATH, args: ['--no-sandbox'] });
    const runs: PageRun[] = [];
    for (let i = 0; i <= RUNS; i += 1) {
      status(`page load ${i === 0 ? 'warm-up' : `${i}/${RUNS}`} (load ${load()})`);
      const r = await measurePage(browser, s.url, panels, i === RUNS ? args.screenshot : undefined);
      if (i > 0) runs.push(r);
    }

    // the server alone: the last load's requests again, one at a time from here (the page sends them all at once, and
    // the server answers them in turn)
    const last = runs[runs.length - 1]!;
    const alone = new Map<string, number>();
    let serverMs = 0;
    for (const f of last.loaded.filter((x) => x.panel !== '(page)')) {
      const ms: number[] = [];
      for (let k = 0; k < RUNS; k += 1) {
        const t0 = performance.now();
        const res = await fetch(f.replay.url, { method: f.replay.method, body: f.replay.body ?? undefined });
        await res.arrayBuffer();
        ms.push(performance.now() - t0);
      }
      alone.set(f.panel, (alone.get(f.panel) ?? 0) + median(ms));
      serverMs += median(ms);
    }

    // ---------- figures ----------
    const med = (f: (r: PageRun) => number | null): number =>
      median(runs.map(f).filter((v): v is number => v !== null && Number.isFinite(v)));
    out(`rebar dashboard bench: /dashboard in Chromium, each large panel at about ${fmt(POINTS)} points`);
    out(`date          ${new Date().toISOString()}`);
    out(`revision      ${revision()} (the dashboard's files as on disk)`);
    out(`machine       ${machine()}`);
    out(`browser       Chromium ${browser.version()} (headless), viewport ${VIEWPORT.width} x ${VIEWPORT.height}`);
    out(`load average  ${loadStart} (1, 5, 15 min) at start`);
    out(
      `data          ${demoS === null ? 'no demo (--no-demo)' : `rebar demo in ${fmt(demoS, 1)} s`}; generated (INSERT ... SELECT FROM numbers) in ${fmt(
        generated.reduce((a, g) => a + g.s, 0),
        1,
      )} s:`,
    );
    for (const g of generated) out(`                ${g.what}: ${fmt(g.rows)} rows, ${fmt(g.s, 1)} s`);
    out(`runs          ${RUNS} page loads after 1 warm-up, each in a fresh browser context (no cache); medians`);
    out('');
    table(
      [
        'panel',
        'kind',
        'points',
        'x values',
        'requests',
        'KiB fetched',
        'in fetch ms',
        'server alone ms',
        'fetched to drawn ms',
        'drawn ms',
        'ready ms',
        'runs drawn ms',
      ],
      panels.map((p) => {
        const of = (r: PageRun): PanelRun => r.panels[p.id]!;
        return [
          p.id,
          p.kind,
          fmt(of(last).points),
          fmt(of(last).x),
          String(of(last).requests),
          fmt(med((r) => of(r).bytes) / 1024, 1),
          fmt(med((r) => of(r).fetchMs)),
          fmt(alone.get(p.id)),
          fmt(med((r) => of(r).pageMs)),
          fmt(med((r) => of(r).drawnMs)),
          fmt(med((r) => of(r).readyMs)),
          runs.map((r) => fmt(of(r).drawnMs)).join(' '),
        ];
      }),
    );
    out('');
    const mib = (name: string) => (r: PageRun) => (r.metrics[name] ?? NaN) / 2 ** 20;
    const secs = (name: string) => (r: PageRun) => r.metrics[name] ?? NaN;
    table(
      ['page', 'median', 'runs'],
      [
        ['all panels drawn (body data-ready), ms', (r: PageRun) => r.bodyMs, 0],
        ['the server alone: its requests one at a time, ms', () => serverMs, 0],
        ['requests', (r: PageRun) => r.requests, 0],
        ['KiB fetched (with the interactions)', (r: PageRun) => r.bytes / 1024, 0],
        ['JS heap used after GC, MiB', mib('JSHeapUsedSize'), 1],
        ['JS heap total, MiB', mib('JSHeapTotalSize'), 1],
        ['DOM nodes', secs('Nodes'), 0],
        ['script s (Chromium ScriptDuration)', secs('ScriptDuration'), 2],
        ['layout s (LayoutDuration)', secs('LayoutDuration'), 2],
        ['style s (RecalcStyleDuration)', secs('RecalcStyleDuration'), 2],
        ['task s (TaskDuration)', secs('TaskDuration'), 2],
      ].map(([label, f, d]) => [
        label as string,
        fmt(med(f as (r: PageRun) => number), d as number),
        runs.map((r) => fmt((f as (r: PageRun) => number)(r), d as number)).join(' '),
      ]),
    );
    out('');
    table(
      ['interaction (after the load)', 'median ms', 'points after', 'runs ms'],
      INTERACTIONS.map((it, i) => {
        const errors = runs.map((r) => r.interactions[i]?.error).filter(Boolean);
        return [
          it.label,
          fmt(med((r) => r.interactions[i]?.ms ?? null)),
          fmt(last.interactions[i]?.points),
          errors.length ? `ERROR ${errors[0]}` : runs.map((r) => fmt(r.interactions[i]?.ms)).join(' '),
        ];
      }),
    );
    const problems = [...new Set(runs.flatMap((r) => r.problems))];
    if (problems.length) out(`\nthe page's console: ${problems.slice(0, 5).join(' | ')}`);
    if (args.screenshot) out(`\nscreenshot of the last run: ${args.screenshot}`);
    out('');
    out(`load average  ${load()} (1, 5, 15 min) at end`);
    out(
      JSON.stringify({
        bench: 'dashboard',
        date: new Date().toISOString(),
        revision: revision(),
        cpus: os.cpus().length,
        cpu_model: os.cpus()[0]?.model.trim() ?? 'unknown',
        chromium: browser.version(),
        points_target: POINTS,
        runs: RUNS,
        demo_s: demoS === null ? null : round(demoS, 1),
        generated,
        panels: panels.map((p) => ({
          id: p.id,
          points: last.panels[p.id]!.points,
          x: last.panels[p.id]!.x,
          requests: last.panels[p.id]!.requests,
          bytes: med((r) => r.panels[p.id]!.bytes),
          fetch_ms: round(med((r) => r.panels[p.id]!.fetchMs)),
          server_alone_ms: round(alone.get(p.id) ?? NaN),
          fetched_to_drawn_ms: round(med((r) => r.panels[p.id]!.pageMs)),
          drawn_ms: round(med((r) => r.panels[p.id]!.drawnMs)),
          ready_ms: round(med((r) => r.panels[p.id]!.readyMs)),
        })),
        page_ms: round(med((r) => r.bodyMs)),
        server_alone_ms: round(serverMs),
        heap_used_mib: round(med(mib('JSHeapUsedSize')), 1),
        nodes: med(secs('Nodes')),
        interactions: INTERACTIONS.map((it, i) => ({
          label: it.label,
          median_ms: round(med((r) => r.interactions[i]?.ms ?? null)),
        })),
        problems,
        load_start: loadStart,
        load_end: load(),
      }),
    );
  } finally {
    await cleanup();
  }
}

if (args.help) process.stdout.write(HELP);
else {
  try {
    if (args.role === 'generate') await runGenerate(args['data-dir']!);
    else await runAll();
  } catch (err) {
    status(`failed: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  }
  // chDB and playwright can keep handles open
  process.exit(process.exitCode ?? 0);
}
