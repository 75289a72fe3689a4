import { freePort } from './free-port.ts';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../../schemas/logger.ts';
import { startLocalKafka } from '../../jobs/services/kafka-broker.ts';
import { startLocalRedis } from '../../jobs/services/redis-server.ts';
import { loadEnv } from '../../schemas/env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    brokers: string[];
    redisUrl: string;
    kafkaDataDir: string;
    kafkaPort: number;
  }
}

// the same starters as `npm start`: a real Kafka broker (or KAFKA_BROKERS) and Redis (or REDIS_URL)
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = loadEnv();
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  const kafkaDataDir = mkdtempSync(path.join(os.tmpdir(), 'rebar-test-kafka-'));
  // free ports, so two test runs on one machine never collide
  const kafkaPort = await freePort();
  const kafka = env.KAFKA_BROKERS
    ? { brokers: env.KAFKA_BROKERS, stop: async () => undefined }
    : await startLocalKafka({
        dataDir: kafkaDataDir,
        cacheDir: env.REBAR_CACHE_DIR,
        port: kafkaPort,
        controllerPort: await freePort(),
        log,
      });
  const redis = await startLocalRedis({ url: env.REDIS_URL, port: env.REBAR_REDIS_PORT, dataDir: kafkaDataDir, log });
  project.provide('brokers', kafka.brokers);
  project.provide('redisUrl', redis.url);
  project.provide('kafkaDataDir', kafkaDataDir);
  project.provide('kafkaPort', kafkaPort);
  return async () => {
    await kafka.stop();
    await redis.stop();
  };
}
