// the one kafkajs import: swapping the client touches this file only
import {
  Kafka,
  CompressionTypes,
  Partitioners,
  logLevel,
  type Consumer,
  type Producer,
  type Admin,
  type KafkaMessage,
  type LogEntry,
} from 'kafkajs';
import { setTimeout as delay } from 'node:timers/promises';
import type { Log } from '../schemas/logger.ts';
import { RetryableError } from '../schemas/errors.ts';
import type { TopicSpec } from '../schemas/topics.ts';

export interface KafkaContext {
  kafka: Kafka;
  log: Log;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function connectKafka(brokers: string[], clientId: string, log: Log): KafkaContext {
  const klog = log.child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId,
    brokers,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 12 },
    logLevel: logLevel.WARN,
    // kafkajs logs into our pino stream, one JSON log for the whole app
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, ...extra } = entry;
        // a topic just created is not hosted yet for a moment: ensureTopics waits it out, so this is no error
        const expected =
          (extra.error === 'This server does not host this topic-partition' && namespace === 'Connection') ||
          // a new cluster's group coordinator loads for a moment; kafkajs retries
          (extra.error === "The coordinator is loading and hence can't process requests for this group" &&
            namespace === 'Connection');
        klog[expected ? 'debug' : (LEVELS[level] ?? 'info')]({ namespace, ...extra }, message);
      },
  });
  return { kafka, log };
}

export async function withAdmin<T>(ctx: KafkaContext, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = ctx.kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** The copies of each partition on a cluster of this many brokers, and how many must hold a write before it counts. */
export const replication = (brokers: number): { replicationFactor: number; minInsync: number } => {
  const replicationFactor = Math.max(1, Math.min(3, brokers));
  return { replicationFactor, minInsync: Math.min(2, replicationFactor) };
};

/** Creates missing topics with their registry settings; existing topics are left as they are. */
export async function ensureTopics(ctx: KafkaContext, specs: TopicSpec[]): Promise<void> {
  await withAdmin(ctx, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return;
    // min(3, brokers) copies, and a write acknowledged (acks all) only once 2 hold it: one broker may go without a loss
    const { replicationFactor, minInsync } = replication((await admin.describeCluster()).brokers.length);
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor,
        configEntries: Object.entries({ 'min.insync.replicas': String(minInsync), ...t.config }).map(
          ([name, value]) => ({ name, value }),
        ),
      })),
    });
    await waitForLeaders(
      admin,
      missing.map((t) => t.name),
    );
    ctx.log.info({ topics: missing.map((t) => t.name) }, 'topics created');
  });
}

// a KRaft broker can answer for a topic just created before it hosts it (UNKNOWN_TOPIC_OR_PARTITION), which kafkajs'
// own wait does not retry: poll until every partition has a leader
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE', 'NOT_LEADER_FOR_PARTITION']);
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (err) {
      if (!NOT_YET.has((err as { type?: string }).type ?? '')) throw err;
    }
    if (Date.now() > deadline)
      throw new RetryableError(`topics ${topics.join(', ')} have no partition leaders after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface OutMessage {
  key: string;
  value: unknown;
  encoded?: string; // the value as JSON text already (a batch encoded as it was sized); value is then ignored
  headers?: Record<string, string>;
}

export interface Publisher {
  publish(topic: string, messages: OutMessage[], opts?: { compress?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Bytes of keys, values and headers per send: a send puts each partition's messages in one record batch, which a
 * broker refuses past its message.max.bytes (1 MB by default); a larger message goes alone (its topic allows it). */
export const SEND_BYTES = 768 * 1024;

type Encoded = { key: string; value: string; headers?: Record<string, string> | undefined };
function* sendSized(messages: Encoded[]): Generator<Encoded[]> {
  let part: Encoded[] = [];
  let bytes = 0;
  for (const m of messages) {
    let size = Buffer.byteLength(m.key) + Buffer.byteLength(m.value);
    for (const [k, v] of Object.entries(m.headers ?? {})) size += Buffer.byteLength(k) + Buffer.byteLength(v);
    if (part.length && bytes + size > SEND_BYTES) {
      yield part;
      part = [];
      bytes = 0;
    }
    part.push(m);
    bytes += size;
  }
  if (part.length) yield part;
}

// a send tried this many times, whole, 300 ms to 10 s apart (about 3 minutes): a broker restarting is waited out
const SEND_ATTEMPTS = 20;
const sendBackoffMs = (attempt: number): number => Math.min(300 * 2 ** (attempt - 1), 10_000);

export async function createPublisher(ctx: KafkaContext): Promise<Publisher> {
  // one request in flight keeps per-key order; duplicates from retries carry the same event ids and collapse downstream.
  // No retries inside kafkajs: a send it retries after a partition's leader moved skips the partitions that moved to a
  // broker that had already answered, and resolves as if they were written (the fault matrix lost change events when a
  // broker died). Each send is retried whole below instead. kafkajs's idempotent mode needs its own retries, so it is off.
  const producer: Producer = ctx.kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    retry: { retries: 0 },
  });
  const sendWhole = async (record: Parameters<Producer['send']>[0]): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await producer.send(record);
        return;
      } catch (err) {
        if (attempt >= SEND_ATTEMPTS) throw err;
        await delay(sendBackoffMs(attempt));
      }
    }
  };
  await producer.connect();
  return {
    async publish(topic, messages, opts) {
      if (messages.length === 0) return;
      const encoded = messages.map((m) => ({
        key: m.key,
        value: m.encoded ?? JSON.stringify(m.value),
        headers: m.headers,
      }));
      try {
        // one after another (in order), each send's record batches under a broker's default 1 MB message limit
        for (const part of sendSized(encoded))
          await sendWhole({
            topic,
            acks: -1,
            timeout: 30_000,
            compression: opts?.compress ? CompressionTypes.GZIP : CompressionTypes.None,
            messages: part,
          });
      } catch (err) {
        throw new RetryableError(`publish ${messages.length} messages to ${topic}: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },
    async close() {
      await producer.disconnect();
    },
  };
}

export interface InMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

function toIn(topic: string, partition: number, m: KafkaMessage): InMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {}))
    if (v !== undefined) headers[k] = Array.isArray(v) ? String(v[0]) : String(v);
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key?.toString() ?? null,
    value: m.value?.toString() ?? '',
    headers,
  };
}

export interface BatchConsumer {
  stop(): Promise<void>;
}

/**
 * Consumes batches per partition and commits offsets only after `handle` resolved: at-least-once,
 * so every handler must be idempotent.
 */
const COMMIT_MS = 15_000;

export async function consumeBatches(
  ctx: KafkaContext,
  opts: {
    groupId: string;
    topics: string[];
    handle: (messages: InMessage[]) => Promise<void>;
    maxBytesPerPartition?: number;
    partitionsAtOnce?: number; // batches of different partitions handled side by side (one partition stays in order)
  },
): Promise<BatchConsumer> {
  let current: Consumer | null = null;
  let stopped = false;
  let restarting = false; // one restart at a time: the batches in flight meanwhile are left for the new member
  const start = async (): Promise<void> => {
    const consumer: Consumer = ctx.kafka.consumer({
      // a short session: a crashed member leaves the group in 10 s, not 30
      groupId: opts.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      rebalanceTimeout: 30_000,
      maxBytesPerPartition: opts.maxBytesPerPartition ?? 4 * 1024 * 1024,
      maxWaitTimeInMs: 200,
      retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: 30 },
    });
    current = consumer;
    // only the client's own failures: an error from the handler keeps its meaning (a permanent one stops this consumer)
    consumer.on(consumer.events.CRASH, (e) => {
      if (!stopped && !e.payload.restart && e.payload.error.name.startsWith('KafkaJS')) restart();
    });
    await consumer.connect();
    await consumer.subscribe({ topics: opts.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: opts.partitionsAtOnce ?? 1,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (!isRunning() || isStale() || batch.messages.length === 0 || restarting) return;
        // kafkajs heartbeats only when asked: a batch handled for longer than the session (a 20 MB sheet) would
        // lose the member its partitions, and the batch would be handled again; beat whenever the loop is free
        const beat = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
        try {
          await opts.handle(batch.messages.map((m) => toIn(batch.topic, batch.partition, m)));
        } finally {
          clearInterval(beat);
        }
        const last = batch.messages[batch.messages.length - 1]!;
        resolveOffset(last.offset); // moves the fetch position; the commit below makes it durable
        // kafkajs retries a failed commit for minutes against the coordinator it knew (seen after a broker of a cluster
        // restarted: NOT_COORDINATOR each time); a commit not done in COMMIT_MS makes a new member, which finds the
        // current coordinator, and the batch not committed comes again (every handler is idempotent)
        const commit = consumer.commitOffsets([
          { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
        ]);
        const committed = await Promise.race([commit.then(() => true), delay(COMMIT_MS, false, { ref: false })]).catch(
          () => false,
        );
        if (!committed) {
          commit.catch(() => undefined);
          ctx.log.warn({ group: opts.groupId, topic: batch.topic }, 'offset commit not done; rejoining');
          restart();
          return;
        }
        await heartbeat();
      },
    });
  };
  const restart = (): void => {
    // kafkajs restarts itself after retriable errors; after any other (a coordinator lost in a broker restart) the member is dead
    if (restarting) return;
    restarting = true;
    setTimeout(() => {
      if (stopped) return;
      void (current?.disconnect() ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          restarting = false;
          return stopped ? undefined : start();
        })
        .catch(restart);
    }, 1_000);
  };
  await start();
  return {
    async stop() {
      stopped = true;
      await current?.disconnect();
    },
  };
}

export interface LagProbe {
  lag(groupId: string, topics: string[]): Promise<bigint>;
  close(): Promise<void>;
}

/** How far a group has committed against where each partition ends: the basis of `drain`. One admin, kept open. */
export async function createLagProbe(ctx: KafkaContext): Promise<LagProbe> {
  const admin = ctx.kafka.admin();
  await admin.connect();
  return {
    async lag(groupId, topics) {
      let lag = 0n;
      // one topic at a time: kafkajs's per-topic calls side by side race on its metadata, and one comes back with no
      // partitions (seen on a three-broker cluster)
      const committed = await admin.fetchOffsets({ groupId, topics });
      const allEnds = [];
      for (const topic of topics) allEnds.push(await admin.fetchTopicOffsets(topic));
      for (const [i, topic] of topics.entries()) {
        const ends = allEnds[i]!;
        const mine = committed.find((c) => c.topic === topic)?.partitions ?? [];
        for (const p of ends) {
          const done = BigInt(mine.find((m) => m.partition === p.partition)?.offset ?? '-1');
          const from = done < 0n ? BigInt(p.low) : done;
          if (BigInt(p.high) > from) lag += BigInt(p.high) - from;
        }
      }
      return lag;
    },
    close: () => admin.disconnect(),
  };
}

/** One probe: the broker is registered and its group coordinator answers (consumers can join). */
export async function kafkaReady(brokers: string[]): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'rebar-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && (await admin.describeGroups(['rebar-readiness-probe'])).groups.length === 1;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export type { Kafka };
