// a downstream service in its own process: subscribes to rebar.price-changes and prints each event as a JSON line
import { createLogger } from '../../schemas/logger.ts';
import { loadEnv } from '../../schemas/env.ts';
import { kafkaNames } from '../../schemas/topics.ts';
import { connectKafka, consumeBatches } from '../../sinks/kafka.ts';

const env = loadEnv();
const log = createLogger('warn');
const names = kafkaNames(env.REBAR_KAFKA_NAMESPACE);
const kafka = connectKafka(env.KAFKA_BROKERS ?? ['127.0.0.1:9092'], 'subscriber', log);
const consumer = await consumeBatches(kafka, {
  groupId: `${names.topic.priceChanges}.subscriber-${process.pid}`,
  topics: [names.topic.priceChanges],
  handle: async (messages) => {
    for (const m of messages) process.stdout.write(`${m.value}\n`);
  },
});
process.stdout.write('{"subscribed":true}\n');
process.on('SIGTERM', () => {
  void consumer.stop().then(() => process.exit(0));
});
