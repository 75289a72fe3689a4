// A local Kafka cluster: several KRaft nodes (each broker and controller) from the same jars on loopback ports, for
// tests and for users who want replication on one machine. KAFKA_BROKERS still points rebar at any cluster.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Log } from '../../schemas/logger.ts';
import { ServiceStartError } from '../../schemas/errors.ts';
import { clusterId, fetchJars, startLocalKafka, type LocalKafka } from './kafka-broker.ts';

export interface NodePorts {
  port: number;
  controllerPort: number;
}

export interface LocalKafkaCluster extends LocalKafka {
  nodes: NodePorts[];
  /** node i (from 0) stopped cleanly, killed, or started again on its ports and its data */
  stopNode(i: number): Promise<void>;
  killNode(i: number): Promise<void>;
  startNode(i: number): Promise<void>;
}

/** Consecutive ports from base: node i listens on base + 2i, its controller on base + 2i + 1. */
export const consecutivePorts = (base: number, nodes: number): NodePorts[] =>
  Array.from({ length: nodes }, (_, i) => ({ port: base + 2 * i, controllerPort: base + 2 * i + 1 }));

export async function startLocalKafkaCluster(opts: {
  dataDir: string;
  cacheDir: string;
  nodes: NodePorts[];
  log: Log;
  startTimeoutMs?: number;
}): Promise<LocalKafkaCluster> {
  const size = opts.nodes.length;
  if (size < 1) throw new ServiceStartError('a Kafka cluster needs at least one node');
  const root = path.resolve(opts.dataDir, 'kafka-cluster');
  await mkdir(root, { recursive: true });
  const clusterIdFile = path.join(root, 'cluster.id');
  await clusterId(clusterIdFile); // made once, before the nodes format their storage with it
  await fetchJars(opts.cacheDir, opts.log); // once: the nodes start side by side, and one download fills the cache
  const voters = opts.nodes.map((n, i) => `${i + 1}@127.0.0.1:${n.controllerPort}`).join(',');
  const running: Array<LocalKafka | undefined> = [];
  const start = async (i: number): Promise<void> => {
    const n = opts.nodes[i]!;
    running[i] = await startLocalKafka({
      dataDir: opts.dataDir,
      cacheDir: opts.cacheDir,
      port: n.port,
      controllerPort: n.controllerPort,
      log: opts.log,
      startTimeoutMs: opts.startTimeoutMs,
      node: { id: i + 1, dir: path.join(root, `node-${i + 1}`), voters, size, clusterIdFile },
    });
  };
  const each = async (fn: (k: LocalKafka) => Promise<void>): Promise<void> => {
    await Promise.all(running.map((k) => (k ? fn(k) : undefined)));
  };
  const ended = async (i: number, how: 'stop' | 'kill'): Promise<void> => {
    const k = running[i];
    running[i] = undefined;
    await k?.[how]();
  };
  // the nodes wait for each other (the quorum, the internal topics' replicas): they start side by side
  const started = await Promise.allSettled(opts.nodes.map((_, i) => start(i)));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await each((k) => k.stop());
    throw failed.reason;
  }
  return {
    brokers: opts.nodes.map((n) => `127.0.0.1:${n.port}`),
    owned: running.some((k) => k?.owned),
    nodes: opts.nodes,
    stop: () => each((k) => k.stop()),
    kill: () => each((k) => k.kill()),
    stopNode: (i) => ended(i, 'stop'),
    killNode: (i) => ended(i, 'kill'),
    startNode: (i) => start(i),
  };
}
