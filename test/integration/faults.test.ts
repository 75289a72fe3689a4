import { freePort } from '../helpers/free-port.ts';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../schemas/logger.ts';
import { startPipeline } from '../../jobs/pipeline.ts';
import { startLocalKafka } from '../../jobs/services/kafka-broker.ts';
import { loadEnv } from '../../schemas/env.ts';
import { warehouseConfig } from '../../sinks/clickhouse.ts';
import { priceTransformer } from '../../ingest/sources/index.ts';
import { transformDocument } from '../../transform/transform-document.ts';
import { rawDocument } from '../helpers/documents.ts';
import { LITELLM, fixturePath, readFixture } from '../helpers/fixtures.ts';
import { SINK_CRASH_MARK } from '../helpers/sink-crash.ts';
import { runCli, runScript, sqlValue, testEnv } from '../helpers/test-env.ts';

const expectedIds = (date: keyof typeof LITELLM): string[] =>
  transformDocument(
    rawDocument('litellm', readFixture(LITELLM[date]), '2024-01-01T00:00:00.000Z'),
    priceTransformer('litellm'),
    new Date(),
  ).observations.map((o) => o.series_key);

describe('faults', () => {
  it('the sink killed between insert and offset commit, then restarted, leaves no duplicate and no gap', async () => {
    const env = testEnv();
    const crashed = await runScript(
      'test/helpers/import-crashing-sink.ts',
      ['litellm', fixturePath(LITELLM['2024-07-29']), '2024-07-29'],
      env,
    );
    expect(crashed.stderr).toContain(SINK_CRASH_MARK);
    expect(crashed.code, crashed.stderr).toBeNull(); // killed by the signal
    // restarted: the document was published before the crash, so it is unchanged; the sink redelivers from its last commit
    const resumed = await runCli(
      ['import', 'litellm', fixturePath(LITELLM['2024-07-29']), '--observed-at', '2024-07-29'],
      env,
    );
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/unchanged 1/);
    const want = expectedIds('2024-07-29');
    const [stored, distinct, keys] = (
      await sqlValue(env, 'SELECT count(), uniqExact(event_id), uniqExact(series_key) FROM price_observations')
    ).split('\t');
    expect(Number(stored)).toBe(want.length);
    expect(Number(distinct)).toBe(want.length);
    expect(Number(keys)).toBe(want.length);
    const missing = await sqlValue(
      env,
      `SELECT count() FROM (SELECT arrayJoin([${want.map((k) => `'${k.replace(/'/g, "\\'")}'`).join(',')}]) AS k) WHERE k NOT IN (SELECT series_key FROM price_observations)`,
    );
    expect(missing).toBe('0');
    // the batch really was inserted twice: the store holds the redelivered copy until a merge, the view never shows it
    expect(Number(await sqlValue(env, 'SELECT count() FROM price_observations_store'))).toBeGreaterThanOrEqual(
      want.length,
    );
    expect(await sqlValue(env, 'SELECT count() FROM price_changes')).toBe(String(want.length));
  }, 300_000);

  it('the Kafka broker stopped and restarted mid-run loses nothing', async () => {
    const [port, controllerPort] = [await freePort(), await freePort()];
    const kafkaDir = mkdtempSync(path.join(os.tmpdir(), 'rebar-fault-kafka-'));
    const env = loadEnv(testEnv({ KAFKA_BROKERS: `127.0.0.1:${port}` }));
    const log = createLogger('fatal'); // the outage is deliberate: kafkajs's connection errors are expected here
    let kafka = await startLocalKafka({ dataDir: kafkaDir, cacheDir: env.REBAR_CACHE_DIR, port, controllerPort, log });
    const services = {
      brokers: [`127.0.0.1:${port}`],
      redisUrl: env.REDIS_URL!,
      clickhouse: warehouseConfig(env),
      stop: async () => undefined,
    };
    const pipeline = await startPipeline(env, services, log, { schedule: false });
    try {
      const first = await pipeline.importDocument(
        'litellm',
        fixturePath(LITELLM['2024-07-29']),
        new Date('2024-07-29T00:00:00Z'),
      );
      expect(first.observations).toBe(expectedIds('2024-07-29').length);

      await kafka.stop();
      const during = pipeline.importDocument(
        'litellm',
        fixturePath(LITELLM['2024-11-28']),
        new Date('2024-11-28T00:00:00Z'),
      );
      await new Promise((r) => setTimeout(r, 3_000)); // the broker stays down while the publish retries
      kafka = await startLocalKafka({ dataDir: kafkaDir, cacheDir: env.REBAR_CACHE_DIR, port, controllerPort, log });
      const second = await during;
      expect(second.published).toBe(1);
      expect(second.observations).toBe(expectedIds('2024-11-28').length);

      const rows = await pipeline.warehouse!.query<{ n: string }>('SELECT count() AS n FROM price_observations');
      expect(Number(rows[0]!.n)).toBe(first.observations + second.observations);
      const cut = await pipeline.warehouse!.query<{ pct: number }>(
        "SELECT pct_change AS pct FROM price_changes WHERE series_key = 'litellm|gpt-4o|input|standard|global|base' AND kind = 'decrease'",
      );
      expect(cut).toEqual([{ pct: -50 }]);
    } finally {
      await pipeline.stop();
      await kafka.stop();
    }
  }, 300_000);
});
