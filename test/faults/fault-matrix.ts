// The fault matrix: rebar split by role (the store's process: sink and web; two transformers) on a three-node Kafka
// cluster and a Redis of its own. A fixed corpus of recorded documents is published as a fetcher publishes them, one
// fault is injected at a point of the run, and after the drain an oracle compares every fact table and topic with a
// clean run's. `npm run test:faults` runs all of it; test/integration/fault-matrix.test.ts a reduced matrix.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FetchStateStore } from '../../ingest/fetch-state-store.ts';
import { publishDocument } from '../../ingest/publish-document.ts';
import { findRunningRun, callRun } from '../../jobs/control-server.ts';
import type { LocalKafkaCluster } from '../../jobs/services/kafka-cluster.ts';
import { startThreeNodes } from '../helpers/three-nodes.ts';
import { startLocalRedis, type LocalRedis } from '../../jobs/services/redis-server.ts';
import { keptRefreshRequestsTable } from '../../schemas/kept-refresh-request.ts';
import { silentLogger } from '../../schemas/logger.ts';
import { kafkaNames, type KafkaNames } from '../../schemas/topics.ts';
import {
  connectKafka,
  createLagProbe,
  createPublisher,
  withAdmin,
  type KafkaContext,
  type Publisher,
} from '../../sinks/kafka.ts';
import { LITELLM, OPENROUTER, fixturePath, readFixture } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/free-port.ts';
import { startRole, stopRoles, type RoleProcess } from './role-process.ts';

export const FAULTS = ['transformer-kill', 'sink-kill', 'broker-restart', 'leader-kill', 'redis-restart'] as const;
export type Fault = (typeof FAULTS)[number];
export const POINTS = [0.1, 0.5, 0.9] as const;

// litellm and openrouter key different raw partitions: the two transformers each hold one
const CORPUS: Array<{ source: string; file: string; day: string }> = [
  ...Object.entries(LITELLM).map(([day, file]) => ({ source: 'litellm', file, day })),
  ...Object.entries(OPENROUTER).map(([day, file]) => ({ source: 'openrouter', file, day })),
].sort((a, b) => a.day.localeCompare(b.day));

/** What a run left: per fact table and topic, each row's id with a hash of its values, and how many rows. */
export interface Outcome {
  facts: Record<string, { rows: number; byId: Map<string, string> }>;
  topics: Record<string, { messages: number; ids: Set<string> }>;
}
export interface TrialRow {
  fault: Fault | 'none' | 'negative control';
  point: number;
  lostFacts: number;
  duplicatedFacts: number; // a row twice under one id
  extraFacts: number; // a row the clean run never made
  wrongFacts: number; // a row under the clean run's id with other values
  lostEvents: number;
  duplicatedEvents: number; // delivered twice (at least once allows it; subscribers drop a repeated event_id)
  extraEvents: number;
  recoverS: number;
}

// deterministic ids and values: what two runs of the same corpus must agree on, whatever the faults
const FACTS: Record<string, string> = {
  price_observations:
    'SELECT toString(event_id), cityHash64(series_key, toString(usd_per_mtok), observed_at) FROM price_observations',
  price_changes:
    'SELECT toString(event_id), cityHash64(series_key, kind, toString(old_usd_per_mtok), toString(new_usd_per_mtok), observed_at) FROM price_changes',
  dead_letters: 'SELECT toString(event_id), cityHash64(stage, reason, record_ref) FROM dead_letters',
  raw_documents: 'SELECT document_id, cityHash64(content_hash, observed_at) FROM raw_documents',
};

export interface Matrix {
  trial(
    fault: Fault | 'none',
    point: number,
    opts?: { dropDocument?: number },
  ): Promise<{ outcome: Outcome; recoverS: number }>;
  stop(): Promise<void>;
}

export async function startMatrix(cacheDir: string, logDir?: string): Promise<Matrix> {
  const nodes = await startThreeNodes('faults', cacheDir);
  const { cluster, dir: root } = nodes;
  const redisPort = await freePort();
  let redis: LocalRedis = await startLocalRedis({ port: redisPort, dataDir: root, log: silentLogger });
  const ctx = connectKafka(cluster.brokers, 'rebar-fault-matrix', silentLogger);
  let n = 0;

  const trial: Matrix['trial'] = async (fault, point, opts = {}) => {
    n += 1;
    const dataDir = await mkdtemp(path.join(root, `trial-${n}-`));
    const namespace = `f${n}${Date.now().toString(36)}.`;
    const names = kafkaNames(namespace);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      KAFKA_BROKERS: cluster.brokers.join(','),
      REDIS_URL: redis.url,
      REBAR_DATA_DIR: dataDir,
      REBAR_CACHE_DIR: cacheDir,
      REBAR_KAFKA_NAMESPACE: namespace,
      REBAR_QUEUE_PREFIX: namespace.slice(0, -1),
      REBAR_HTTP_PORT: '0',
      LOG_LEVEL: 'info', // the lines started() waits for are info
      REBAR_LOG_FORMAT: 'json',
    };
    let store = startRole('sink,web', env);
    const transformers = [startRole('transformer', env), startRole('transformer', env)];
    const running = (): RoleProcess[] => [store, ...transformers];
    try {
      await store.started('control server listening');
      await Promise.all(transformers.map((t) => t.started('roles running')));
      const pub = await createPublisher(ctx);
      const fetchState = new FetchStateStore(path.join(dataDir, 'harness-state'));
      const at = Math.floor(point * CORPUS.length);
      let injected = 0;
      for (const [i, doc] of CORPUS.entries()) {
        if (i === at && fault !== 'none') {
          injected = Date.now();
          const restarted = await inject(fault, { cluster, ctx, names, transformers, store, env });
          if (restarted) store = restarted;
          if (fault === 'redis-restart') {
            await redis.stop();
            await new Promise((r) => setTimeout(r, 3_000));
            redis = await startLocalRedis({ port: redisPort, dataDir: root, log: silentLogger });
          }
        }
        if (i !== opts.dropDocument) await publish(pub, names, fetchState, doc);
        await new Promise((r) => setTimeout(r, 300)); // documents arrive over the run, not all at once
      }
      await pub.close();
      const started = injected || Date.now();
      // not drained: the table says so (no time), and the oracle counts what is missing then
      const done = await drained(ctx, names, dataDir);
      const recoverS = done ? (Date.now() - started) / 1000 : Infinity;
      return { outcome: await outcomeOf(ctx, names, dataDir), recoverS };
    } finally {
      await stopRoles(running());
      if (logDir) await keepLogs(logDir, `trial-${n}-${fault}-${point}`, running());
    }
  };

  return {
    trial,
    async stop() {
      await redis.stop();
      await nodes.stop();
    },
  };
}

async function publish(
  pub: Publisher,
  names: KafkaNames,
  fetchState: FetchStateStore,
  doc: (typeof CORPUS)[number],
): Promise<void> {
  const observedAt = new Date(`${doc.day}T00:00:00Z`);
  await publishDocument(
    {
      source: doc.source,
      url: `file://${fixturePath(doc.file)}`,
      payload: readFixture(doc.file),
      contentType: 'application/json',
      etag: null,
      fetchedAt: observedAt,
      observedAt,
      complete: true,
      origin: 'import',
    },
    { pub, names, fetchState },
  );
}

async function inject(
  fault: Fault,
  d: {
    cluster: LocalKafkaCluster;
    ctx: KafkaContext;
    names: KafkaNames;
    transformers: RoleProcess[];
    store: RoleProcess;
    env: Record<string, string>;
  },
): Promise<RoleProcess | undefined> {
  if (fault === 'transformer-kill') d.transformers[0]!.kill();
  if (fault === 'sink-kill') {
    d.store.kill();
    await d.store.exited;
    const again = startRole('sink,web', d.env);
    await again.started('control server listening');
    return again;
  }
  if (fault === 'broker-restart' || fault === 'leader-kill') {
    // leader-kill: the node leading the observations' partition 0; broker-restart: one that leads nothing asked for
    const meta = await withAdmin(d.ctx, (a) => a.fetchTopicMetadata({ topics: [d.names.topic.priceObservations] }));
    const leader = meta.topics[0]!.partitions.find((p) => p.partitionId === 0)!.leader;
    const node = fault === 'leader-kill' ? leader - 1 : leader % 3;
    await d.cluster.killNode(node);
    await new Promise((r) => setTimeout(r, 3_000));
    await d.cluster.startNode(node);
  }
  return undefined;
}

const sql = async (dataDir: string, query: string): Promise<string> => {
  const run = findRunningRun(dataDir);
  if (!run) throw new Error(`no store process on ${dataDir}`);
  return callRun(run, '/sql', { query, format: 'TSV' });
};

/** Every published document transformed and stored, and the kept tables refreshed: twice in a row, a second apart. */
async function drained(ctx: KafkaContext, names: KafkaNames, dataDir: string, timeoutMs = 240_000): Promise<boolean> {
  const probe = await createLagProbe(ctx);
  const sinkTopics = names.specs.filter((t) => t.table).map((t) => t.name);
  const deadline = Date.now() + timeoutMs;
  let calm = 0;
  let last = '';
  try {
    while (calm < 2) {
      if (Date.now() > deadline) {
        process.stderr.write(`not drained after ${timeoutMs / 1000} s: ${last}\n`);
        return false;
      }
      const transform = await probe.lag(names.group.transform, [names.topic.rawDocuments]).catch(() => -1n);
      const sink = await probe.lag(names.group.sink, sinkTopics).catch(() => -1n);
      const kept = await sql(dataDir, `SELECT count() FROM ${keptRefreshRequestsTable.name} FINAL WHERE NOT done`)
        .then((t) => t.trim())
        .catch((err: Error) => err.message);
      last = `transformer lag ${transform}, sink lag ${sink}, kept refreshes pending ${kept}`;
      calm = transform === 0n && sink === 0n && kept === '0' ? calm + 1 : 0;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  } finally {
    await probe.close();
  }
  return true;
}

/** Each role process's log in dir (REBAR_FAULT_LOGS), to see what a trial's processes said. */
async function keepLogs(dir: string, trial: string, roles: RoleProcess[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [i, r] of roles.entries()) await writeFile(path.join(dir, `${trial}-${i}.log`), r.logs());
}

async function outcomeOf(ctx: KafkaContext, names: KafkaNames, dataDir: string): Promise<Outcome> {
  const facts: Outcome['facts'] = {};
  for (const [table, query] of Object.entries(FACTS)) {
    const lines = (await sql(dataDir, query)).split('\n').filter(Boolean);
    facts[table] = { rows: lines.length, byId: new Map(lines.map((l) => l.split('\t') as [string, string])) };
  }
  const topics: Outcome['topics'] = {};
  // by what the topic is: each trial has topics of its own namespace
  topics['price-changes'] = await readTopic(ctx, names.topic.priceChanges);
  topics['dead-letter'] = await readTopic(ctx, names.topic.deadLetter);
  return { facts, topics };
}

/** Every message of a topic from the start, by its event_id: each offset counted once, whatever the consumer re-reads. */
async function readTopic(ctx: KafkaContext, topic: string): Promise<{ messages: number; ids: Set<string> }> {
  const ends = await withAdmin(ctx, (a) => a.fetchTopicOffsets(topic));
  const left = new Map(ends.map((p) => [p.partition, Number(p.high) - Number(p.low)]));
  const ids = new Set<string>();
  const seen = new Set<string>();
  const remaining = (): number => [...left.values()].reduce((s, n) => s + n, 0);
  if (remaining() === 0) return { messages: 0, ids };
  const consumer = ctx.kafka.consumer({ groupId: `fault-oracle-${topic}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${remaining()} messages of ${topic} not read`)), 60_000);
    void consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          // a rebalance while reading hands a partition over from its committed offset: a message may come twice
          if (seen.has(`${partition}:${message.offset}`)) return;
          seen.add(`${partition}:${message.offset}`);
          left.set(partition, (left.get(partition) ?? 0) - 1);
          ids.add((JSON.parse(message.value!.toString()) as { event_id: string }).event_id);
          if (remaining() <= 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return { messages: seen.size, ids };
}

/** A trial's outcome against the clean run's: facts lost, doubled or changed; events lost or delivered twice. */
export function compare(clean: Outcome, got: Outcome): Omit<TrialRow, 'fault' | 'point' | 'recoverS'> {
  let lostFacts = 0;
  let duplicatedFacts = 0;
  let extraFacts = 0;
  let wrongFacts = 0;
  for (const [table, want] of Object.entries(clean.facts)) {
    const have = got.facts[table]!;
    for (const [id, hash] of want.byId) {
      const h = have.byId.get(id);
      if (h === undefined) lostFacts += 1;
      else if (h !== hash) wrongFacts += 1;
    }
    duplicatedFacts += have.rows - have.byId.size;
    extraFacts += [...have.byId.keys()].filter((id) => !want.byId.has(id)).length;
  }
  let lostEvents = 0;
  let duplicatedEvents = 0;
  let extraEvents = 0;
  for (const [topic, want] of Object.entries(clean.topics)) {
    const have = got.topics[topic]!;
    lostEvents += [...want.ids].filter((id) => !have.ids.has(id)).length;
    duplicatedEvents += have.messages - have.ids.size;
    extraEvents += [...have.ids].filter((id) => !want.ids.has(id)).length;
  }
  return { lostFacts, duplicatedFacts, extraFacts, wrongFacts, lostEvents, duplicatedEvents, extraEvents };
}

export interface MatrixResult {
  rows: TrialRow[];
  negativeControlCaught: boolean;
}

/** The clean run, each fault at each point, and the negative control (one document's facts never delivered). */
export async function runMatrix(
  cacheDir: string,
  faults: readonly Fault[],
  points: readonly number[],
  progress: (row: TrialRow) => void = () => undefined,
): Promise<MatrixResult> {
  const matrix = await startMatrix(cacheDir, process.env.REBAR_FAULT_LOGS);
  try {
    const clean = await matrix.trial('none', 0);
    const rows: TrialRow[] = [];
    const row = (fault: TrialRow['fault'], point: number, t: { outcome: Outcome; recoverS: number }): TrialRow => {
      const r = { fault, point, ...compare(clean.outcome, t.outcome), recoverS: t.recoverS };
      progress(r);
      return r;
    };
    for (const fault of faults)
      for (const point of points) rows.push(row(fault, point, await matrix.trial(fault, point)));
    const negative = row('negative control', 0.5, await matrix.trial('none', 0, { dropDocument: 3 }));
    return { rows, negativeControlCaught: negative.lostFacts > 0 };
  } finally {
    await matrix.stop();
  }
}

export const formatRow = (r: TrialRow): string =>
  `| ${r.fault} | ${Math.round(r.point * 100)} % | ${r.lostFacts} | ${r.duplicatedFacts} | ${r.extraFacts} | ${r.wrongFacts} | ${r.lostEvents} | ${r.duplicatedEvents} | ${r.extraEvents} | ${Number.isFinite(r.recoverS) ? `${r.recoverS.toFixed(1)} s` : 'not drained'} |`;
export const TABLE_HEAD =
  '| fault | at | lost facts | doubled facts | extra facts | changed facts | lost events | doubled events | extra events | drained after |\n|---|---|---|---|---|---|---|---|---|---|';

/** The line the matrix ends on. */
export const summaryLine = (m: MatrixResult): string =>
  `faults: ${m.rows.length} trials, ${m.rows.reduce((s, r) => s + r.lostFacts + r.lostEvents, 0)} lost, ${m.rows.reduce((s, r) => s + r.duplicatedFacts + r.extraFacts, 0)} duplicated; negative control: ${m.negativeControlCaught ? 'caught' : 'missed'}`;
