// Starts a real Kafka broker from Maven jars (cached in <repo>/.cache): needs Java 17+ and, the first time, mvn.
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { Kafka, Partitioners, logLevel, type KafkaMessage } from 'kafkajs';
import { startLocalKafka, type LocalKafkaOptions } from '../../jobs/services/kafka-broker.ts';
import { silentLogger } from '../../schemas/logger.ts';
import { ServiceStartError } from '../../schemas/errors.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cacheDir = path.resolve(repoRoot, '.cache');
const TOPIC = 'raw-documents';
const BIG = 'x'.repeat(1_500_000); // over Kafka's 1 MB default message.max.bytes

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve(server));
  });
}

function close(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

async function freePort(): Promise<number> {
  const server = await listen(0);
  const { port } = server.address() as net.AddressInfo;
  await close(server);
  return port;
}

function client(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'kafka-broker-test', brokers, logLevel: logLevel.NOTHING });
}

async function consume(kafka: Kafka, groupId: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  const got: KafkaMessage[] = [];
  await new Promise<void>((resolve, reject) => {
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) reject(e.payload.error);
    });
    consumer
      .run({
        eachMessage: async ({ message }) => {
          got.push(message);
          if (got.length >= count) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return got;
}

const values = (messages: KafkaMessage[]): (string | undefined)[] => messages.map((m) => m.value?.toString());

describe('local kafka broker', () => {
  it(
    'produces and consumes, then keeps topics, data and group offsets across a restart',
    { timeout: 300_000 },
    async () => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rebar-kafka-'));
      const port = await freePort();
      const opts: LocalKafkaOptions = { dataDir, cacheDir, port, controllerPort: await freePort(), log: silentLogger };
      let broker = await startLocalKafka(opts);
      try {
        expect(broker.owned).toBe(true);
        // a second start on the same data dir finds the running broker and leaves it alone
        const reused = await startLocalKafka(opts);
        expect(reused).toMatchObject({ owned: false, brokers: broker.brokers });
        await reused.stop();

        let kafka = client(broker.brokers);
        const admin = kafka.admin();
        await admin.connect();
        expect(await admin.createTopics({ topics: [{ topic: TOPIC }], waitForLeaders: true })).toBe(true);
        const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
        await producer.connect();
        await producer.send({
          topic: TOPIC,
          messages: [
            { key: 'a', value: 'hello' },
            { key: 'b', value: BIG },
          ],
        });
        await producer.disconnect();

        expect(values(await consume(kafka, 'first', 2))).toEqual(['hello', BIG]);
        expect(await admin.fetchTopicOffsets(TOPIC)).toEqual([{ partition: 0, offset: '2', high: '2', low: '0' }]);
        expect(await admin.fetchOffsets({ groupId: 'first', topics: [TOPIC] })).toEqual([
          { topic: TOPIC, partitions: [{ partition: 0, offset: '2', metadata: null }] },
        ]);
        await admin.disconnect();

        // stop is idempotent and frees the port
        await Promise.all([broker.stop(), broker.stop()]);
        await broker.stop();
        await close(await listen(port));

        broker = await startLocalKafka(opts);
        expect(broker.owned).toBe(true);
        kafka = client(broker.brokers);
        const admin2 = kafka.admin();
        await admin2.connect();
        expect(await admin2.listTopics()).toContain(TOPIC);
        expect(await admin2.fetchOffsets({ groupId: 'first', topics: [TOPIC] })).toEqual([
          { topic: TOPIC, partitions: [{ partition: 0, offset: '2', metadata: null }] },
        ]);
        await admin2.disconnect();
        expect(values(await consume(kafka, 'second', 2))).toEqual(['hello', BIG]);
      } finally {
        await broker.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('refuses a taken port with a ServiceStartError naming it', { timeout: 30_000 }, async () => {
    const squatter = await listen(0);
    const { port } = squatter.address() as net.AddressInfo;
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rebar-kafka-'));
    try {
      const err: unknown = await startLocalKafka({ dataDir, cacheDir, port, log: silentLogger }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ServiceStartError);
      expect((err as Error).message).toContain(String(port));
      expect((err as Error).message).toContain('KAFKA_BROKERS');
    } finally {
      await close(squatter);
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
