import { randomUUID } from 'node:crypto';
import { describe, expect, it, inject } from 'vitest';
import { silentLogger } from '../../schemas/logger.ts';
import type { TopicSpec } from '../../schemas/topics.ts';
import { connectKafka, consumeBatches, createPublisher, ensureTopics } from '../../sinks/kafka.ts';
import { waitFor } from '../helpers/test-env.ts';

// a batch handled for longer than the consumer session (10 s: a 20 MB sheet transformed) keeps its member alive, so
// it is handled once, not again after a rebalance
describe('a batch handled for longer than the consumer session', () => {
  it('is handled once', async () => {
    const kafka = connectKafka(inject('brokers'), 'long-batch-test', silentLogger);
    const spec: TopicSpec = {
      name: `t${randomUUID().slice(0, 8)}.long-batch`,
      schema: undefined as never,
      key: 'k',
      partitions: 1,
      config: {},
      table: null,
      description: 'test',
    };
    await ensureTopics(kafka, [spec]);
    const pub = await createPublisher(kafka);
    await pub.publish(spec.name, [{ key: 'k', value: { n: 1 } }]);
    await pub.close();
    let calls = 0;
    let done = 0;
    const consumer = await consumeBatches(kafka, {
      groupId: `${spec.name}.reader`,
      topics: [spec.name],
      handle: async () => {
        calls += 1;
        await new Promise((r) => setTimeout(r, 14_000)); // past the 10 s session
        done += 1;
      },
    });
    try {
      await waitFor('the batch handled', () => done >= 1, 60_000);
      await new Promise((r) => setTimeout(r, 4_000)); // a redelivery would have started by now
      expect(calls).toBe(1);
    } finally {
      await consumer.stop();
    }
  }, 120_000);
});
