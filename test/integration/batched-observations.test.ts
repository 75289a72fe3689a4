import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../schemas/env.ts';
import { silentLogger } from '../../schemas/logger.ts';
import { kafkaNames } from '../../schemas/topics.ts';
import { openWarehouse, warehouseConfig } from '../../sinks/clickhouse.ts';
import { connectKafka, createPublisher } from '../../sinks/kafka.ts';
import { batchMessages } from '../../sinks/record-batches.ts';
import { LITELLM, fixturePath } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

// rebar.price-observations carries batches of a document's observations (sinks/record-batches.ts): a bad record of a
// batch is dead-lettered alone with its place, the rest of the batch lands, and a message that is no batch is refused
describe('batched observations in the sink', () => {
  it('lands the good records of a batch, dead-letters the bad one by its place and a non-batch whole', async () => {
    const env = testEnv();
    const first = await runCli(['import', 'litellm', fixturePath(LITELLM['2024-07-29'])], env);
    expect(first.code, first.stderr).toBe(0);
    const observations = Number(await sqlValue(env, 'SELECT count() FROM price_observations'));
    expect(observations).toBeGreaterThan(100);

    // a stored observation, a day later under a new id: the good record; the same with a price that is no number
    const wh = await openWarehouse(warehouseConfig(loadEnv(env)), silentLogger);
    const [stored] = await wh.query<Record<string, unknown>>(
      "SELECT * EXCEPT (ingested_at) FROM price_observations_store WHERE series_key = 'litellm|gpt-4o|input|standard|global|base'",
    );
    await wh.close();
    const iso = (t: unknown): string => new Date(`${String(t).replace(' ', 'T')}Z`).toISOString();
    const later = new Date(Date.parse(iso(stored!.observed_at)) + 86_400_000).toISOString();
    const good = { ...stored, event_id: randomUUID(), observed_at: later, transformed_at: iso(stored!.transformed_at) };
    const bad = { ...good, event_id: randomUUID(), usd_per_mtok: 'five dollars' };

    const names = kafkaNames(env.REBAR_KAFKA_NAMESPACE);
    const kafka = connectKafka(env.KAFKA_BROKERS!.split(','), 'batch-test', silentLogger);
    const pub = await createPublisher(kafka);
    await pub.publish(names.topic.priceObservations, [
      ...batchMessages('crafted-doc', [good, bad]),
      { key: 'crafted-doc#9', value: { not: 'a batch' } },
    ]);
    await pub.close();

    // the next import drains the sink, the crafted messages with it
    const second = await runCli(['import', 'litellm', fixturePath(LITELLM['2024-11-28'])], env);
    expect(second.code, second.stderr).toBe(0);
    expect(await sqlValue(env, `SELECT count() FROM price_observations WHERE event_id = '${good.event_id}'`)).toBe('1');
    expect(await sqlValue(env, `SELECT count() FROM price_observations WHERE event_id = '${bad.event_id}'`)).toBe('0');
    const sinkDeadLetters = await sqlValue(
      env,
      "SELECT arrayStringConcat(groupArray(concat(source, ' ', reason, ' ', extract(record_ref, '#\\\\d+$'), ' ', toString(detail LIKE '%usd_per_mtok%'))), ',') FROM (SELECT * FROM dead_letters WHERE stage = 'sink' ORDER BY reason)",
    );
    expect(sinkDeadLetters).toBe('crafted-doc#9 not_a_batch  0,litellm schema_invalid #1 1');
  }, 240_000);
});
