import { randomUUID } from 'node:crypto';
import { describe, expect, it, inject } from 'vitest';
import { silentLogger } from '../../schemas/logger.ts';
import type { TopicSpec } from '../../schemas/topics.ts';
import { connectKafka, consumeBatches, createPublisher, ensureTopics, SEND_BYTES } from '../../sinks/kafka.ts';
import { waitFor } from '../helpers/test-env.ts';

// a broker refuses a record batch past its message.max.bytes (1 MB by default, as in docker-compose's Kafka): a
// scale-16 sheet's 87,000 change events went out as one send and were refused; a publish is split into sends below it
describe('publishing more than a broker takes at once', () => {
  it('3 MB of messages to a topic that takes 1 MB per batch all arrive, in order', async () => {
    const kafka = connectKafka(inject('brokers'), 'publish-size-test', silentLogger);
    const spec: TopicSpec = {
      name: `t${randomUUID().slice(0, 8)}.publish-size`,
      schema: undefined as never,
      key: 'k',
      partitions: 1,
      config: { 'max.message.bytes': String(1024 * 1024) },
      table: null,
      description: 'test',
    };
    await ensureTopics(kafka, [spec]);
    const pub = await createPublisher(kafka);
    const n = 3_000;
    const filler = 'x'.repeat(1_000);
    expect(n * filler.length).toBeGreaterThan(2 * SEND_BYTES);
    await pub.publish(
      spec.name,
      Array.from({ length: n }, (_, i) => ({ key: 'same', value: { i, filler }, headers: { n: String(i) } })),
    );
    await pub.close();
    const seen: number[] = [];
    const consumer = await consumeBatches(kafka, {
      groupId: `${spec.name}.reader`,
      topics: [spec.name],
      handle: async (messages) => {
        for (const m of messages) seen.push((JSON.parse(m.value) as { i: number }).i);
      },
    });
    try {
      await waitFor('every message', () => seen.length >= n, 60_000);
      expect(seen).toEqual(Array.from({ length: n }, (_, i) => i));
    } finally {
      await consumer.stop();
    }
  }, 120_000);
});
