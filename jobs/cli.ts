import { Command, Option } from 'commander';
import { loadEnv, type Env } from '../schemas/env.ts';
import { ConfigError, PipelineError } from '../schemas/errors.ts';
import { openWarehouse, warehouseConfig } from '../sinks/clickhouse.ts';
import { callRun, findRunningRun } from './control-server.ts';
import { allRoles, opensWarehouse, parseRoles } from './roles/roles.ts';
import { createLogger, type Log, type LogFormat } from '../schemas/logger.ts';
import { emptySummary, formatSummary, mergeSummary, type RunSummary } from './run-summary.ts';
import { progressBar, stagedBars } from './progress.ts';
import { listSnapshots } from './snapshots.ts';
import { once } from 'node:events';
import path from 'node:path';
import { registerMetrics } from './metric-commands.ts';
import { migrateIfChanged } from '../sinks/migrate.ts';
import type { startPipeline } from './pipeline.ts';
import type { ReadOnly } from '../metrics/session.ts';
import type * as SourcesModule from '../ingest/sources/index.ts';

// kafkajs, bullmq, ioredis and playwright load only in the verbs that use them: read-only verbs start in a fraction of the time
const sources = (): Promise<typeof SourcesModule> => import('../ingest/sources/index.ts');

// on a terminal a result line first clears the line it lands on: a progress bar (stderr) may be drawn there
const CLEAR = process.stdout.isTTY && process.stderr.isTTY ? '\x1b[2K\r' : '';
const out = (text: string): void => {
  process.stdout.write(`${CLEAR}${text.endsWith('\n') ? text : `${text}\n`}`);
};

function context(): { env: Env; log: Log } {
  const env = loadEnv();
  const chosen = (program.opts<{ logFormat?: string }>().logFormat ?? env.REBAR_LOG_FORMAT) as LogFormat | 'auto';
  // readable on a terminal, JSON lines when stderr goes to a file, a pipe or a collector
  const format: LogFormat = chosen === 'auto' ? (process.stderr.isTTY ? 'text' : 'json') : chosen;
  return { env, log: createLogger(env.LOG_LEVEL, 2, format) };
}

async function withPipeline<T>(
  env: Env,
  log: Log,
  fn: (p: Awaited<ReturnType<typeof startPipeline>>) => Promise<T>,
): Promise<T> {
  const [{ startServices }, { startPipeline: start }] = await Promise.all([
    import('./services/start-services.ts'),
    import('./pipeline.ts'),
  ]);
  const services = await startServices(env, log);
  try {
    const pipeline = await start(env, services, log, { schedule: false });
    try {
      return await fn(pipeline);
    } finally {
      await pipeline.stop();
    }
  } finally {
    await services.stop();
  }
}

function refuseWhileRunning(env: Env, verb: string): void {
  const running = findRunningRun(env.REBAR_DATA_DIR);
  if (running && !env.CLICKHOUSE_URL) {
    throw new ConfigError(
      `rebar run (pid ${running.pid}) owns ${env.REBAR_DATA_DIR}: the embedded ClickHouse binds its data folder to one process. ${verb} cannot run beside it; use rebar import / rebar sql, which go through it, or stop it first. Beside it may run --role scheduler, fetcher or transformer; several sinks need a ClickHouse server (CLICKHOUSE_URL)`,
    );
  }
}

const program = new Command('rebar')
  .description(
    'market and pricing intelligence for the AI stack: price sheets -> Kafka -> ClickHouse -> price-change events',
  )
  .addOption(
    new Option(
      '--log-format <format>',
      'logs on stderr: text (readable) or json; default REBAR_LOG_FORMAT (auto: text on a terminal)',
    ).choices(['text', 'json']),
  )
  .showHelpAfterError();

program
  .command('run')
  .description(
    "run rebar's roles (scheduler, fetcher, transformer, sink, web; all in one process by default); without --once it keeps running on each source's cron schedule",
  )
  .option('--once', 'one cycle of every enabled source, drain, print a summary, exit 0 when nothing failed')
  .addOption(new Option('--source <name...>', 'only these sources (repeatable); default REBAR_SOURCES'))
  .option(
    '--role <roles>',
    'this process runs only these roles, comma-separated (scheduler,fetcher,transformer,sink,web) or all; several processes share the work through Kafka and Redis',
    'all',
  )
  .action(async (opts: { once?: boolean; source?: string[]; role: string }) => {
    const { env, log } = context();
    const roles = parseRoles(opts.role);
    if (opts.once && !allRoles(roles))
      throw new ConfigError(`--once runs a whole cycle in one process: it takes every role, not --role ${opts.role}`);
    const { defaultSources, sourceRegistry } = await sources();
    // named sources must run; default ones needing a contact e-mail wait for one, with a warning
    const defaults = defaultSources(sourceRegistry(env), env);
    if (!opts.source && opts.once)
      for (const s of defaults.waiting)
        log.warn(
          { source: s },
          `${s} skipped: its host requires a User-Agent with a contact e-mail; set REBAR_USER_AGENT`,
        );
    const picked = opts.source ?? defaults.run;
    if (opensWarehouse(roles)) refuseWhileRunning(env, `rebar run --role ${[...roles].join(',')}`);
    if (!opts.once) return (await import('./run-forever.ts')).runForever(env, log, picked, roles);
    const summary = await withPipeline(env, log, (p) => p.runOnce(picked));
    out(formatSummary(summary));
    process.exitCode = summary.failed.length ? 1 : 0;
  });

program
  .command('import')
  .description(
    'push a recorded document through the same path as if SOURCE had fetched it (at --observed-at), wait until stored, print the summary',
  )
  .argument('<source>', 'source name, e.g. litellm or openrouter')
  .argument('<path-or-url>', 'file path or http(s) URL of the document')
  .option('--observed-at <iso-date>', 'the time the document describes (default: now)')
  .action(async (source: string, pathOrUrl: string, opts: { observedAt?: string }) => {
    const { env, log } = context();
    const observedAt = opts.observedAt ? new Date(opts.observedAt) : undefined;
    if (observedAt && Number.isNaN(observedAt.getTime()))
      throw new ConfigError(
        `--observed-at ${opts.observedAt} is not a date (use ISO 8601, e.g. 2024-11-28 or 2024-11-28T12:00:00Z)`,
      );
    const running = findRunningRun(env.REBAR_DATA_DIR);
    const absolute = /^https?:\/\//.test(pathOrUrl) ? pathOrUrl : path.resolve(pathOrUrl);
    const summary: RunSummary = running
      ? (JSON.parse(
          await callRun(running, '/import', { source, path: absolute, observed_at: observedAt?.toISOString() }),
        ) as RunSummary)
      : await withPipeline(env, log, (p) =>
          p.importDocument(source, absolute, observedAt, stagedBars(`import ${source}`)),
        );
    out(formatSummary(summary));
    process.exitCode = summary.failed.length ? 1 : 0;
  });

const FORMAT_OPTION = [
  '--format <format>',
  'any ClickHouse output format: PrettyCompactMonoBlock, CSVWithNames, TSVWithNames, JSONEachRow, Markdown...',
  'PrettyCompactMonoBlock',
] as const;

/** The warehouse this data folder (or CLICKHOUSE_URL) names, migrated if its schema moved: for readers and for a verb that writes only there. */
async function withWarehouse<T>(fn: (wh: Awaited<ReturnType<typeof openWarehouse>>) => Promise<T>): Promise<T> {
  const { env, log } = context();
  const wh = await openWarehouse(warehouseConfig(env), log);
  try {
    await migrateIfChanged(wh);
    return await fn(wh);
  } finally {
    await wh.close();
  }
}

const formatOf = (opts: { format: string; json?: boolean }): string => (opts.json ? 'JSONEachRow' : opts.format);
const checked = (format: string): string => {
  if (!/^\w+$/.test(format)) throw new ConfigError(`--format ${format} is not a ClickHouse format name`);
  return format;
};

/** Read-only SQL in one session (one embedded ClickHouse open for all the queries), through a running `rebar run` when one owns the data folder. */
async function withReader<T>(fn: (read: ReadOnly) => Promise<T>): Promise<T> {
  const { env } = context();
  const running = env.CLICKHOUSE_URL ? null : findRunningRun(env.REBAR_DATA_DIR);
  if (running) return fn((query, format) => callRun(running, '/sql', { query, format: checked(format) }));
  return withWarehouse((wh) => fn((query, format) => wh.readOnlyText(query, checked(format))));
}
/** `rebar sql`: printed as ClickHouse formats it, chunk by chunk (a result of any size, never held whole). */
async function readOnlySql(query: string, format: string, params: Record<string, string> = {}): Promise<void> {
  const { env } = context();
  const running = env.CLICKHOUSE_URL ? null : findRunningRun(env.REBAR_DATA_DIR);
  if (running) return out(await callRun(running, '/sql', { query, format: checked(format), params }));
  return withWarehouse((wh) => printStream(wh.readOnlyStream(query, checked(format), { params })));
}
/** --param name=value, repeated: the values of {name:Type} placeholders, as ClickHouse's param_<name> takes them */
function paramOption(text: string, all: Record<string, string>): Record<string, string> {
  const m = /^(\w+)=(.*)$/s.exec(text);
  if (!m) throw new ConfigError(`--param ${text}: expected name=value, for a {name:Type} placeholder in the query`);
  return { ...all, [m[1]!]: m[2]! };
}
async function printStream(chunks: AsyncIterable<Uint8Array>): Promise<void> {
  let last = -1; // an empty result prints one newline, as before
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    last = chunk[chunk.length - 1]!;
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
  if (last !== 10) process.stdout.write('\n');
}

program
  .command('sql')
  .description(
    "read-only SQL against rebar's ClickHouse (embedded or CLICKHOUSE_URL): rebar's tables only; files, the network, other databases and writes are refused",
  )
  .argument('<query>', 'a SELECT (or SHOW, DESCRIBE, EXISTS, EXPLAIN) query')
  .option(...FORMAT_OPTION)
  .option('--json', 'one JSON object per row (--format JSONEachRow)')
  .option('--param <name=value>', "a value for the query's {name:Type} placeholder (repeatable)", paramOption, {})
  .action((query: string, opts: { format: string; json?: boolean; param: Record<string, string> }) =>
    readOnlySql(query, formatOf(opts), opts.param),
  );

program
  .command('serve')
  .description(
    "ClickHouse's HTTP interface over rebar's data, read-only (curl, @clickhouse/client, JDBC and BI tools); rebar run serves it too",
  )
  .option('--port <port>', 'default REBAR_HTTP_PORT (8123); 0 takes a free one')
  .option('--host <host>', 'default REBAR_HTTP_HOST (127.0.0.1); any other needs REBAR_HTTP_TOKEN')
  .action(async (opts: { port?: string; host?: string }) => {
    const { env, log } = context();
    refuseWhileRunning(env, 'rebar serve (rebar run serves the same port itself)');
    const port = Number(opts.port ?? env.REBAR_HTTP_PORT);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port ${opts.port}: not a port`);
    const { startAnalystServer } = await import('./analyst-server.ts');
    await withWarehouse(async (wh) => {
      const server = await startAnalystServer(wh, {
        host: opts.host ?? env.REBAR_HTTP_HOST,
        port,
        token: env.REBAR_HTTP_TOKEN,
        log,
      });
      out(`rebar serve: ClickHouse's HTTP interface at ${server.url} (read-only; Ctrl-C to stop)`);
      const signal = await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      log.info({ signal }, 'stopping');
      await server.stop();
    });
  });

program
  .command('models')
  .description(
    'the model registry: `rebar models unresolved` lists the names sources published that no alias resolves yet, for review',
  )
  .argument('<what>', "'unresolved'")
  .option(...FORMAT_OPTION)
  .option('--json', 'one JSON object per row (--format JSONEachRow)')
  .action((what: string, opts: { format: string; json?: boolean }) => {
    if (what !== 'unresolved') throw new ConfigError(`rebar models ${what}: unknown; try rebar models unresolved`);
    return readOnlySql('SELECT * FROM unresolved_models ORDER BY source, rows DESC, source_model_id', formatOf(opts));
  });

const parseDate = (flag: string, text: string | undefined): Date | undefined => {
  if (text === undefined) return undefined;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new ConfigError(`${flag} ${text} is not a date (use ISO 8601, e.g. 2024-11-28)`);
  return d;
};

program
  .command('backfill')
  .description(
    "import archived snapshots of SOURCE, oldest first, each at its own observed time (from the file name's date, or the git commit)",
  )
  .argument('<source>', 'source name, e.g. litellm')
  .argument('<path>', 'a folder of dated snapshot files, or with --git one file tracked by git')
  .option('--git', 'use every committed version of the file in its git history')
  .action(async (source: string, target: string, opts: { git?: boolean }) => {
    const { env, log } = context();
    const snaps = listSnapshots(target, { git: opts.git });
    const running = findRunningRun(env.REBAR_DATA_DIR);
    const total = emptySummary();
    const bar = progressBar(`backfill ${source}`, snaps.length);
    const each = async (one: (s: (typeof snaps)[number]) => Promise<RunSummary>): Promise<void> => {
      for (const [i, s] of snaps.entries()) {
        const r = await one(s);
        mergeSummary(total, r);
        out(
          `${s.observedAt.toISOString()}  ${s.url}: ${r.published ? 'published' : 'unchanged'}, ${r.observations} observations, ${r.dead_lettered} dead-lettered`,
        );
        bar.update(i + 1, `${total.observations.toLocaleString('en-US')} observations`);
      }
      bar.done();
    };
    if (running)
      await each(
        async (s) =>
          JSON.parse(
            await callRun(running, '/import-payload', {
              source,
              payload: s.read(),
              url: s.url,
              observed_at: s.observedAt.toISOString(),
            }),
          ) as RunSummary,
      );
    else
      await withPipeline(env, log, (p) =>
        each((s) => p.importPayload(source, { payload: s.read(), url: s.url, observedAt: s.observedAt })),
      );
    out(formatSummary(total));
  });

program
  .command('replay')
  .description(
    're-run the current transformer over the archived raw documents of SOURCE (no refetch): facts come out the same or corrected, never doubled',
  )
  .argument('<source>', 'source name')
  .option('--since <iso-date>', 'only documents observed at or after this time')
  .action(async (source: string, opts: { since?: string }) => {
    const { env, log } = context();
    const since = parseDate('--since', opts.since);
    const running = findRunningRun(env.REBAR_DATA_DIR);
    const summary: RunSummary = running
      ? (JSON.parse(await callRun(running, '/replay', { source, since: since?.toISOString() })) as RunSummary)
      : await withPipeline(env, log, (p) => p.replay(source, since, stagedBars(`replay ${source}`)));
    out(formatSummary(summary));
  });

program
  .command('reclassify')
  .description(
    "judge the stored price steps again by every source's history as of each step: a class given before another source was imported comes out as if all had been there (the store only; the topic keeps what it published)",
  )
  .action(async () => {
    const { env } = context();
    const { reclassify, formatReclassify } = await import('./reclassify.ts');
    const running = env.CLICKHOUSE_URL ? null : findRunningRun(env.REBAR_DATA_DIR);
    const summary = running
      ? (JSON.parse(await callRun(running, '/reclassify', {})) as Awaited<ReturnType<typeof reclassify>>)
      : await withWarehouse(reclassify);
    out(formatReclassify(summary));
  });

program
  .command('status')
  .description('per source: schedule, last success, last failure and why, next run, last run counts, staleness')
  .option('--json', 'one JSON object per source per line')
  .action(async (opts: { json?: boolean }) => {
    const { env } = context();
    const [
      { createRedis, pingRedis },
      { sourceStatusStore },
      { formatReports, report },
      { pickSources, sourceRegistry },
    ] = await Promise.all([
      import('./redis-client.ts'),
      import('./source-status.ts'),
      import('./status-report.ts'),
      sources(),
    ]);
    const url = env.REDIS_URL ?? `redis://127.0.0.1:${env.REBAR_REDIS_PORT}`;
    if (!(await pingRedis(url)))
      throw new ConfigError(`no Redis answers at ${url}: source status lives there; start rebar run, or set REDIS_URL`);
    const redis = createRedis(url);
    try {
      await redis.connect();
      const store = sourceStatusStore(redis, env.REBAR_QUEUE_PREFIX);
      const rows = [];
      for (const spec of pickSources(sourceRegistry(env), Object.keys(sourceRegistry(env))))
        rows.push(report(spec, await store.get(spec.name), new Date()));
      out(opts.json ? rows.map((r) => JSON.stringify(r)).join('\n') : formatReports(rows));
    } finally {
      redis.disconnect();
    }
  });

program
  .command('demo')
  .description(
    'a first look without the network: loads the recorded documents the repo ships (test/fixtures, registry/), each at the date it was recorded, through the normal path',
  )
  .action(async () => {
    const { env, log } = context();
    refuseWhileRunning(env, 'rebar demo');
    const { runDemo } = await import('./demo.ts');
    const t0 = Date.now();
    const total = await withPipeline(env, log, (p) => runDemo(p, out, progressBar));
    out(formatSummary(total));
    out(
      `loaded in ${Math.round((Date.now() - t0) / 1000)} s into ${env.CLICKHOUSE_URL ?? env.REBAR_DATA_DIR}: try rebar metrics price-index --all, rebar metrics share-volatility, or rebar serve`,
    );
    process.exitCode = total.failed.length ? 1 : 0;
  });

program
  .command('doctor')
  .description('checks Java, Maven, the Kafka jars, Redis, ClickHouse, Chromium, disk and ports, and says what to fix')
  .option('--json', 'one JSON object per check per line')
  .action(async (opts: { json?: boolean }) => {
    const { env } = context();
    const { formatDoctor, runDoctor } = await import('./doctor.ts');
    const checks = await runDoctor(env);
    out(opts.json ? checks.map((c) => JSON.stringify(c)).join('\n') : formatDoctor(checks));
    process.exitCode = checks.some((c) => c.status === 'fail') ? 1 : 0;
  });

registerMetrics(program, withReader, out);

program.parseAsync(process.argv).catch((err: unknown) => {
  const e = err as Error;
  process.stderr.write(`rebar: ${e instanceof PipelineError ? e.message : (e.stack ?? e.message)}\n`);
  process.exitCode = e instanceof ConfigError ? 1 : 2;
});
