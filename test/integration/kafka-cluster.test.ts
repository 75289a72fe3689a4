// Three real KRaft nodes from the Maven jars (cached in <repo>/.cache) on loopback ports: a cluster, as users scale to.
import { ConfigResourceTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { startThreeNodes } from '../helpers/three-nodes.ts';
import { silentLogger } from '../../schemas/logger.ts';
import { kafkaNames } from '../../schemas/topics.ts';
import { connectKafka, createPublisher, ensureTopics, withAdmin, type KafkaContext } from '../../sinks/kafka.ts';
import { loadEnv } from '../../schemas/env.ts';

const cacheDir = loadEnv({}).REBAR_CACHE_DIR;

async function partitionsOf(ctx: KafkaContext, topic: string) {
  const meta = await withAdmin(ctx, (a) => a.fetchTopicMetadata({ topics: [topic] }));
  return meta.topics[0]!.partitions;
}

async function readAll(ctx: KafkaContext, topic: string, count: number): Promise<string[]> {
  const consumer = ctx.kafka.consumer({ groupId: `cluster-test-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => resolve(), 60_000); // fewer than count: the assertion below says how many
    consumer
      .run({
        eachMessage: async ({ message }) => {
          got.push(message.value!.toString());
          // a send retried whole after a failure writes its other partitions' messages again: count them once
          if (new Set(got).size >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return got;
}

describe('local kafka cluster', () => {
  it(
    'puts every topic on 3 brokers with min.insync.replicas 2, and loses no acknowledged message when a partition leader is killed',
    {
      timeout: 600_000,
    },
    async () => {
      const nodes = await startThreeNodes('kafka-cluster', cacheDir);
      const { cluster } = nodes;
      try {
        expect(cluster.brokers).toHaveLength(3);
        const ctx = connectKafka(cluster.brokers, 'kafka-cluster-test', silentLogger);
        const names = kafkaNames('clustertest');
        await ensureTopics(ctx, names.specs);
        const topic = names.topic.priceChanges;
        // a new topic's followers join its in-sync set within moments (longer on a busy machine)
        let before = await partitionsOf(ctx, topic);
        for (const deadline = Date.now() + 60_000; Date.now() < deadline && before.some((p) => p.isr.length < 3);)
          before = await new Promise((r) => setTimeout(r, 500)).then(() => partitionsOf(ctx, topic));
        for (const p of before) {
          expect(p.replicas).toHaveLength(3);
          expect(p.isr).toHaveLength(3);
        }
        const described = await withAdmin(ctx, (a) =>
          a.describeConfigs({ resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }], includeSynonyms: false }),
        );
        const minIsr = described.resources[0]!.configEntries.find((e) => e.configName === 'min.insync.replicas');
        expect(minIsr?.configValue).toBe('2');

        const pub = await createPublisher(ctx);
        const batch = (from: number) =>
          Array.from({ length: 100 }, (_, i) => ({ key: `series-${from + i}`, value: { n: from + i } }));
        await pub.publish(topic, batch(0));
        // the node leading partition 0 dies with no controlled shutdown; node ids are 1, 2, 3 in start order
        const leader = before.find((p) => p.partitionId === 0)!.leader;
        await cluster.killNode(leader - 1);
        await pub.publish(topic, batch(100));
        const got = await readAll(ctx, topic, 200);
        expect(new Set(got).size).toBe(200);
        expect(got.length).toBeGreaterThanOrEqual(200);
        const moved = (await partitionsOf(ctx, topic)).find((p) => p.partitionId === 0)!;
        expect(moved.leader).not.toBe(leader);

        // restarted on its ports and data, it catches up and rejoins every in-sync set
        await cluster.startNode(leader - 1);
        const deadline = Date.now() + 60_000;
        let rejoined = false;
        while (!rejoined && Date.now() < deadline) {
          rejoined = (await partitionsOf(ctx, topic)).every((p) => p.isr.includes(leader));
          if (!rejoined) await new Promise((r) => setTimeout(r, 500));
        }
        expect(rejoined).toBe(true);
        await pub.close();
      } finally {
        await nodes.stop();
      }
    },
  );
});
