// A real Kafka (KRaft, broker+controller in one JVM per node) for local runs and tests: one node, or one node of a
// cluster that kafka-cluster.ts starts.
// The jars come from Maven Central via kafka/pom.xml and are cached per version.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { kafkaReady, replication } from '../../sinks/kafka.ts';
import type { Log } from '../../schemas/logger.ts';
import { ServiceStartError } from '../../schemas/errors.ts';
import { REPO_ROOT } from '../../schemas/repo-root.ts';
import { cachedJars, mavenJars, type CachedJars } from './maven-jars.ts';
import { runCommand, tail } from './run-command.ts';

/** must match <kafka.version> in kafka/pom.xml (test/unit/kafka-version.test.ts checks) */
export const KAFKA_VERSION = '4.2.1';

const HERE = path.join(REPO_ROOT, 'jobs', 'services');
export const KAFKA_POM = path.join(HERE, 'kafka', 'pom.xml');
const KAFKA_JARS = `kafka-${KAFKA_VERSION}`;
const LOG4J_CONFIG = path.join(HERE, 'kafka', 'log4j2.yaml');
const USE_EXISTING = 'or set KAFKA_BROKERS=host:port to use an existing cluster';

export interface LocalKafka {
  brokers: string[];
  owned: boolean;
  stop(): Promise<void>;
  /** SIGKILL, no controlled shutdown (a fault test's crash); a reused broker is not ours to kill */
  kill(): Promise<void>;
}
export interface LocalKafkaOptions {
  dataDir: string;
  cacheDir: string;
  port?: number;
  controllerPort?: number;
  log: Log;
  /** broker startup only; the first jar download is not counted */
  startTimeoutMs?: number;
  /** one node of a cluster (kafka-cluster.ts); default a cluster of one in <dataDir>/kafka */
  node?: ClusterNode;
}

/** A node's place in a cluster: its id, folder, the quorum's voters and the cluster's size and id file. */
export interface ClusterNode {
  id: number;
  dir: string;
  voters: string;
  size: number;
  clusterIdFile: string;
}

interface Paths {
  dir: string;
  logs: string;
  props: string;
  clusterId: string;
  pid: string;
  serverLog: string;
  serverOut: string;
}

export async function startLocalKafka(opts: LocalKafkaOptions): Promise<LocalKafka> {
  const port = opts.port ?? 9092;
  const controllerPort = opts.controllerPort ?? port + 1;
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  const log = opts.log.child({ service: 'kafka', port });
  const dir = opts.node?.dir ?? path.resolve(opts.dataDir, 'kafka');
  const node: ClusterNode = opts.node ?? {
    id: 1,
    dir,
    voters: `1@127.0.0.1:${controllerPort}`,
    size: 1,
    clusterIdFile: path.join(dir, 'cluster.id'),
  };
  const p: Paths = {
    dir,
    logs: path.join(dir, 'logs'),
    props: path.join(dir, 'server.properties'),
    clusterId: node.clusterIdFile,
    pid: path.join(dir, 'broker.pid'),
    serverLog: path.join(dir, 'server.log'),
    serverOut: path.join(dir, 'server.out'),
  };
  const brokers = [`127.0.0.1:${port}`];
  await mkdir(p.logs, { recursive: true });

  const running = await reuseRunning(p, port, timeoutMs, log);
  if (running) return running;
  await rm(p.pid, { force: true });
  await assertPortFree(port, `Kafka port ${port}`);
  await assertPortFree(controllerPort, `Kafka controller port ${controllerPort} (default: Kafka port + 1)`);

  const java = await checkJava();
  const libs = await fetchJars(opts.cacheDir, log);
  await writeFile(p.props, serverProperties(p, port, controllerPort, node));
  const jvmLog = [`-Dlog4j2.configurationFile=${LOG4J_CONFIG}`, `-Dkafka.server.log=${p.serverLog}`];
  const classpath = ['-cp', path.join(libs, '*')];
  if (!existsSync(path.join(p.logs, 'meta.properties'))) {
    const id = await clusterId(p.clusterId);
    const fmt = await runCommand(java, [
      ...jvmLog,
      ...classpath,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      id,
      '-c',
      p.props,
    ]);
    if (fmt.code !== 0)
      throw new ServiceStartError(`Kafka storage format failed in ${p.logs}:\n${tail(fmt.output, 30)}`);
    log.info({ clusterId: id, logDirs: p.logs }, 'formatted kafka storage');
  }

  const started = Date.now();
  const out = openSync(p.serverOut, 'a');
  const child = spawn(
    java,
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      ...jvmLog,
      ...classpath,
      'kafka.Kafka',
      p.props,
    ],
    // a process group of its own: a terminal's Ctrl-C reaches rebar alone, which stops the broker after its clients
    { stdio: ['ignore', out, out], detached: true },
  );
  closeSync(out);
  let gone = false; // 'error' (spawn failed) leaves exitCode null, so track it here
  const exited = new Promise<void>((resolve) => {
    const done = (): void => {
      gone = true;
      resolve();
    };
    child.once('exit', done);
    child.once('error', done);
  });
  // no orphaned broker when the runner dies; SIGTERM still lets Kafka shut down cleanly
  const onExit = (): void => {
    child.kill('SIGTERM');
  };
  process.on('exit', onExit);
  if (child.pid !== undefined) await writeFile(p.pid, `${child.pid}\n`);

  const alive = (): boolean => !gone;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stopChild(child, alive, exited, p.pid, onExit, log));
  const kill = (): Promise<void> =>
    (stopping ??= (async () => {
      process.off('exit', onExit);
      child.kill('SIGKILL');
      await exited;
      log.info({ pid: child.pid }, 'local kafka killed');
    })());
  if (!(await waitForBroker(port, alive, started + timeoutMs))) {
    const why = alive()
      ? `did not answer within ${timeoutMs} ms`
      : `exited early (code ${child.exitCode ?? child.signalCode})`;
    await stop();
    throw new ServiceStartError(`Kafka broker on port ${port} ${why}; see ${p.serverLog}:\n${await logTail(p)}`);
  }
  child.once('exit', (code, signal) => {
    if (!stopping) log.warn({ code, signal }, 'local kafka exited unexpectedly');
  });
  log.info({ pid: child.pid, ms: Date.now() - started, version: KAFKA_VERSION }, 'local kafka started');
  return { brokers, owned: true, stop, kill };
}

/** a broker left running on this data dir (by a killed `npm start` or another test) is reused, not owned */
async function reuseRunning(p: Paths, port: number, timeoutMs: number, log: Log): Promise<LocalKafka | undefined> {
  const pid = await ourBrokerPid(p);
  if (pid === undefined) return undefined;
  const props = await readFile(p.props, 'utf8').catch(() => '');
  const listening = /PLAINTEXT:\/\/127\.0\.0\.1:(\d+)/.exec(props)?.[1];
  if (listening !== String(port)) {
    throw new ServiceStartError(
      `A local Kafka (pid ${pid}) is still running on ${p.dir} with port ${listening}, not ${port}. ` +
        `Stop it (kill ${pid}) or use port ${listening} (REBAR_KAFKA_PORT).`,
    );
  }
  // it may still be starting (or stopping): wait for it to answer or go away
  if (await waitForBroker(port, () => isAlive(pid), Date.now() + timeoutMs)) {
    log.info({ pid }, 'reusing running local kafka');
    return { brokers: [`127.0.0.1:${port}`], owned: false, stop: async () => {}, kill: async () => {} };
  }
  if (isAlive(pid))
    throw new ServiceStartError(
      `A local Kafka (pid ${pid}) on ${p.dir} did not answer on port ${port} within ${timeoutMs} ms; stop it (kill ${pid}) and retry.`,
    );
  return undefined;
}

async function stopChild(
  child: ChildProcess,
  alive: () => boolean,
  exited: Promise<void>,
  pidFile: string,
  onExit: () => void,
  log: Log,
): Promise<void> {
  process.off('exit', onExit);
  if (alive()) {
    child.kill('SIGTERM'); // controlled shutdown
    const clean = await Promise.race([exited.then(() => true), delay(30_000, false, { ref: false })]);
    if (!clean) {
      log.warn({ pid: child.pid }, 'local kafka ignored SIGTERM for 30 s, killing');
      child.kill('SIGKILL');
      await exited;
    }
  }
  const recorded = await readFile(pidFile, 'utf8').catch(() => '');
  if (recorded.trim() === String(child.pid)) await rm(pidFile, { force: true });
  log.info({ pid: child.pid }, 'local kafka stopped');
}

function serverProperties(p: Paths, port: number, controllerPort: number, node: ClusterNode): string {
  // every internal topic replicated as rebar's own (replication()): one node may go without a loss
  const { replicationFactor: rf, minInsync: isr } = replication(node.size);
  // static voters, not `format --standalone`: the quorum then follows the configured ports on every start
  return [
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `controller.quorum.voters=${node.voters}`,
    `log.dirs=${p.logs}`,
    // one partition each (default 50): the coordinators load in a blink, and one probe group
    // proves the group coordinator is ready (waitForBroker), so clients do not crash-restart on first join
    'offsets.topic.num.partitions=1',
    `offsets.topic.replication.factor=${rf}`,
    'transaction.state.log.num.partitions=1',
    `transaction.state.log.replication.factor=${rf}`,
    `transaction.state.log.min.isr=${isr}`,
    'share.coordinator.state.topic.num.partitions=1',
    `share.coordinator.state.topic.replication.factor=${rf}`,
    `share.coordinator.state.topic.min.isr=${isr}`,
    `default.replication.factor=${rf}`,
    `min.insync.replicas=${isr}`,
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    // raw documents can be over 1 MB
    'message.max.bytes=16777216',
    'replica.fetch.max.bytes=16777216',
    'num.partitions=1',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

/** the pid in broker.pid, if that process is alive and is a kafka.Kafka for this data dir */
async function ourBrokerPid(p: Paths): Promise<number | undefined> {
  const pid = Number((await readFile(p.pid, 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8')
    .then((s) => s.replaceAll('\0', ' '))
    .catch(async () => (await runCommand('ps', ['-ww', '-p', String(pid), '-o', 'args='])).output);
  return cmdline.includes('kafka.Kafka') && cmdline.includes(p.props) ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** true once the broker is registered and its group coordinator answers; false as soon as isUp() says the process is gone */
async function waitForBroker(port: number, isUp: () => boolean, deadline: number): Promise<boolean> {
  while (Date.now() < deadline && isUp()) {
    if ((await portAnswers(port)) && (await kafkaReady([`127.0.0.1:${port}`]))) return true;
    await delay(200);
  }
  return false;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

async function assertPortFree(port: number, what: string): Promise<void> {
  const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const server = net.createServer();
    server.once('error', resolve);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
  if (!err) return;
  if (err.code !== 'EADDRINUSE') throw new ServiceStartError(`${what} cannot be used on 127.0.0.1: ${err.message}`);
  throw new ServiceStartError(
    `${what} is already in use on 127.0.0.1. Set KAFKA_BROKERS=127.0.0.1:${port} if a Kafka broker is listening there, ` +
      'set REBAR_KAFKA_PORT to another port, or stop the process using it.',
  );
}

async function checkJava(): Promise<string> {
  const java = process.env['JAVA_HOME'] ? path.join(process.env['JAVA_HOME'], 'bin', 'java') : 'java';
  const res = await runCommand(java, ['-version']);
  if (res.missing || res.code !== 0) {
    throw new ServiceStartError(
      `Java 17+ is needed to run the local Kafka broker but \`${java} -version\` failed${res.missing ? ' (not found)' : ''}. ` +
        `Install it (e.g. \`apt-get install -y openjdk-17-jre-headless maven\`), ${USE_EXISTING}.`,
    );
  }
  const m = /version "(\d+)(?:\.(\d+))?/.exec(res.output);
  const major = m ? Number(m[1] === '1' ? m[2] : m[1]) : NaN;
  if (!(major >= 17)) {
    throw new ServiceStartError(
      `Kafka ${KAFKA_VERSION} needs Java 17+, but \`${java} -version\` says: ${tail(res.output, 3)}. ` +
        `Install a newer JDK (e.g. \`apt-get install -y openjdk-17-jre-headless\`) or point JAVA_HOME at one, ${USE_EXISTING}.`,
    );
  }
  return java;
}

/** Where the broker's jars live in the cache (<cache>/kafka-<version>/libs), and whether the pom's jars are there. */
export const kafkaJars = (cacheDir: string): Promise<CachedJars> => cachedJars(KAFKA_POM, cacheDir, KAFKA_JARS);

/** jars in <root>/libs, fetched once by mvn */
export const fetchJars = (cacheDir: string, log: Log): Promise<string> =>
  mavenJars({
    pom: KAFKA_POM,
    cacheDir,
    name: KAFKA_JARS,
    what: `the Kafka ${KAFKA_VERSION} broker jars`,
    otherwise: USE_EXISTING,
    log,
  });

/** the cluster id is made once per data dir (or cluster folder) so a re-format (lost meta.properties) keeps it */
export async function clusterId(file: string): Promise<string> {
  const saved = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (saved) return saved;
  let id: string;
  // Kafka's Uuid format; a leading '-' would be read as a CLI flag
  do id = randomBytes(16).toString('base64url');
  while (id.startsWith('-'));
  await writeFile(file, `${id}\n`);
  return id;
}

async function logTail(p: Paths): Promise<string> {
  const [out, server] = await Promise.all([p.serverOut, p.serverLog].map((f) => readFile(f, 'utf8').catch(() => '')));
  // without Java stack frames, so the exception message itself is in view
  const noFrames = (text: string): string =>
    text
      .split('\n')
      .filter((l) => !/^\s+(at |\.\.\. \d+ more)/.test(l))
      .join('\n');
  return [tail(noFrames(out ?? ''), 10), tail(noFrames(server ?? ''), 30)].filter(Boolean).join('\n');
}
