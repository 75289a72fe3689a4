import { warehouseConfig, type WarehouseConfig } from '../../sinks/clickhouse.ts';
import type { Env } from '../../schemas/env.ts';
import type { Log } from '../../schemas/logger.ts';
import { startLocalKafka } from './kafka-broker.ts';
import { consecutivePorts, startLocalKafkaCluster } from './kafka-cluster.ts';
import { startLocalRedis } from './redis-server.ts';

export interface Services {
  brokers: string[];
  redisUrl: string;
  clickhouse: WarehouseConfig;
  stop(): Promise<void>;
}

/** The one starter behind `npm start` and the test setup: configured services, else local ones. */
export async function startServices(env: Env, log: Log): Promise<Services> {
  const stops: Array<() => Promise<void>> = [];
  try {
    const kafkaLog = log.child({ component: 'kafka-broker' });
    const kafka = env.KAFKA_BROKERS
      ? { brokers: env.KAFKA_BROKERS, stop: async () => undefined }
      : env.REBAR_KAFKA_NODES > 1
        ? await startLocalKafkaCluster({
            dataDir: env.REBAR_DATA_DIR,
            cacheDir: env.REBAR_CACHE_DIR,
            nodes: consecutivePorts(env.REBAR_KAFKA_PORT, env.REBAR_KAFKA_NODES),
            log: kafkaLog,
          })
        : await startLocalKafka({
            dataDir: env.REBAR_DATA_DIR,
            cacheDir: env.REBAR_CACHE_DIR,
            port: env.REBAR_KAFKA_PORT,
            log: kafkaLog,
          });
    stops.push(() => kafka.stop());
    const redis = await startLocalRedis({
      url: env.REDIS_URL,
      port: env.REBAR_REDIS_PORT,
      dataDir: env.REBAR_DATA_DIR,
      log,
    });
    stops.push(() => redis.stop());
    return {
      brokers: kafka.brokers,
      redisUrl: redis.url,
      clickhouse: warehouseConfig(env),
      stop: () => stopAll(stops, log),
    };
  } catch (err) {
    await stopAll(stops, log);
    throw err;
  }
}

/** Reverse start order, and every step runs even when one fails (as bullmq's close does). */
export async function stopAll(stops: Array<() => Promise<void>>, log: Log): Promise<void> {
  for (const stop of [...stops].reverse()) {
    try {
      await stop();
    } catch (err) {
      log.error({ err }, 'stop failed');
    }
  }
}
