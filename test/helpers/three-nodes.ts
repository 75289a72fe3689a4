import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalKafkaCluster, type LocalKafkaCluster } from '../../jobs/services/kafka-cluster.ts';
import { silentLogger } from '../../schemas/logger.ts';
import { freePort } from './free-port.ts';

/** Three local Kafka nodes on free loopback ports, in a temp folder of their own that stop() removes with them. */
export async function startThreeNodes(
  label: string,
  cacheDir: string,
): Promise<{ cluster: LocalKafkaCluster; dir: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `rebar-${label}-`));
  const nodes = [];
  for (let i = 0; i < 3; i++) nodes.push({ port: await freePort(), controllerPort: await freePort() });
  // three JVMs beside the other test files on two cores: a node may take minutes to register
  const cluster = await startLocalKafkaCluster({
    dataDir: dir,
    cacheDir,
    nodes,
    log: silentLogger,
    startTimeoutMs: 300_000,
  });
  return {
    cluster,
    dir,
    async stop() {
      await cluster.kill(); // a test's cluster: no controlled shutdown needed
      await rm(dir, { recursive: true, force: true });
    },
  };
}
