// `rebar doctor`: what this machine lacks for rebar, each check on its own and quick, and what to do about it
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Env } from '../schemas/env.ts';
import { findRunningRun } from './control-server.ts';
import { pingRedis } from './redis-client.ts';
import { KAFKA_POM, KAFKA_VERSION, kafkaJars } from './services/kafka-broker.ts';

export interface DoctorCheck {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  fix?: string;
}

const CHECK_TIMEOUT_MS = 10_000;
const GIB = 2 ** 30;
const EXISTING_CLUSTER = 'or set KAFKA_BROKERS=host:port to use an existing cluster';

export async function runDoctor(env: Env): Promise<DoctorCheck[]> {
  // KAFKA_BROKERS set (even to nothing usable) means rebar starts no broker of its own, as in start-services.ts
  const external = env.KAFKA_BROKERS !== undefined;
  const mvn = external ? undefined : exec('mvn', ['-B', '-v']);
  const jars = external ? undefined : kafkaJars(env.REBAR_CACHE_DIR).catch(() => undefined);
  const ports: Array<[string, string, string, number]> = [];
  if (env.REBAR_HTTP_PORT !== 0) ports.push(['http port', 'REBAR_HTTP_PORT', env.REBAR_HTTP_HOST, env.REBAR_HTTP_PORT]);
  if (!external) {
    ports.push(['kafka port', 'REBAR_KAFKA_PORT', '127.0.0.1', env.REBAR_KAFKA_PORT]);
    // the controller listens on the next port (kafka-broker.ts: default Kafka port + 1)
    ports.push(['kafka controller port', 'REBAR_KAFKA_PORT', '127.0.0.1', env.REBAR_KAFKA_PORT + 1]);
  }
  return Promise.all([
    guard('java', () => (external ? notNeeded('java') : checkJava())),
    guard('maven', async () => (external ? notNeeded('maven') : checkMaven(await mvn!, await jars))),
    guard('kafka jars', async () => (external ? notNeeded('kafka jars') : checkJars(await jars, await mvn!))),
    guard('redis', () => checkRedis(env)),
    guard('clickhouse', () => checkClickhouse(env)),
    guard('chromium', () => checkChromium(env.REBAR_CHROMIUM_PATH)),
    guard('disk', () => checkDisk(env.REBAR_DATA_DIR)),
    ...ports.map(([name, variable, host, port]) =>
      guard(name, () => checkPort(name, variable, host, port, env.REBAR_DATA_DIR)),
    ),
  ]);
}

const ICON = { ok: 'ok', warn: 'WARN', fail: 'FAIL' } as const;

export function formatDoctor(checks: DoctorCheck[]): string {
  const width = Math.max(0, ...checks.map((c) => c.name.length));
  const lines = checks.flatMap((c) => {
    const line = `${ICON[c.status].padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}`;
    return c.fix && c.status !== 'ok' ? [line, `${' '.repeat(6 + width)}  fix: ${c.fix}`] : [line];
  });
  const count = (s: DoctorCheck['status']): number => checks.filter((c) => c.status === s).length;
  const warnings = count('warn');
  lines.push('', `${count('fail')} failed, ${warnings} warning${warnings === 1 ? '' : 's'}, ${count('ok')} ok`);
  return lines.join('\n');
}

/** one check that throws or hangs is reported as failed; the others still run */
async function guard(name: string, fn: () => Promise<DoctorCheck>): Promise<DoctorCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DoctorCheck>((resolve) => {
    timer = setTimeout(
      () => resolve({ name, status: 'fail', detail: `no answer within ${CHECK_TIMEOUT_MS / 1000} s` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (err) {
    return { name, status: 'fail', detail: `check crashed: ${(err as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

const notNeeded = async (name: string): Promise<DoctorCheck> => ({
  name,
  status: 'ok',
  detail: 'not needed: KAFKA_BROKERS names an existing cluster',
});

interface Ran {
  ok: boolean;
  missing: boolean;
  output: string;
}

/** stdout and stderr together (java -version writes to stderr); PATH is process.env's */
function exec(cmd: string, args: string[], timeoutMs = 8_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      const output = stripVTControlCharacters(`${stdout}${stderr}`).trim();
      if (!err) return resolve({ ok: true, missing: false, output });
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.killed) return resolve({ ok: false, missing: false, output: `timed out after ${timeoutMs} ms` });
      resolve({ ok: false, missing: e.code === 'ENOENT', output: output || e.message });
    });
  });
}

/** the tool's own message, without the shell's complaints ("sh: 1: uname: not found") */
const reason = (text: string): string =>
  text
    .split('\n')
    .filter((l) => !/^\S+: \d+: /.test(l))
    .join(' ')
    .slice(0, 200);

async function checkJava(): Promise<DoctorCheck> {
  // the broker takes JAVA_HOME's java when it is set (kafka-broker.ts checkJava), else the one on PATH
  const home = process.env['JAVA_HOME'];
  const java = home ? path.join(home, 'bin', 'java') : 'java';
  const fix =
    'install Java 17+ (Debian: apt-get install -y openjdk-17-jre-headless) or put it on PATH; the local Kafka broker runs on it; ' +
    EXISTING_CLUSTER;
  const res = await exec(java, ['-version']);
  if (res.missing)
    return {
      name: 'java',
      status: 'fail',
      detail: home ? `${java} not found (JAVA_HOME)` : 'java not found on PATH',
      fix,
    };
  if (!res.ok) return { name: 'java', status: 'fail', detail: `${java} -version failed: ${reason(res.output)}`, fix };
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(res.output);
  const major = m ? Number(m[1] === '1' ? m[2] : m[1]) : NaN; // "1.8.0" is Java 8
  const first = res.output.split('\n')[0] ?? '';
  if (!(major >= 17))
    return { name: 'java', status: 'fail', detail: `${first}: Kafka ${KAFKA_VERSION} needs Java 17+`, fix };
  return { name: 'java', status: 'ok', detail: first };
}

type Jars = Awaited<ReturnType<typeof kafkaJars>>;

async function checkMaven(mvn: Ran, jars: Jars | undefined): Promise<DoctorCheck> {
  if (mvn.ok) return { name: 'maven', status: 'ok', detail: mvn.output.split('\n')[0] ?? 'mvn' };
  // Maven only fetches the jars once: with them cached, its absence does not matter
  if (jars?.cached)
    return { name: 'maven', status: 'ok', detail: 'mvn not usable, not needed: the Kafka jars are cached' };
  const detail = mvn.missing ? 'mvn not found on PATH' : `mvn -v failed: ${reason(mvn.output)}`;
  const fix = mvn.missing
    ? `apt-get install -y maven (it downloads the Kafka ${KAFKA_VERSION} jars once), ${EXISTING_CLUSTER}`
    : 'mvn runs on Java: fix the java check first, or JAVA_HOME';
  return { name: 'maven', status: 'fail', detail, fix };
}

async function checkJars(jars: Jars | undefined, mvn: Ran): Promise<DoctorCheck> {
  if (!jars) return { name: 'kafka jars', status: 'fail', detail: `cannot read ${KAFKA_POM}` };
  if (jars.cached) return { name: 'kafka jars', status: 'ok', detail: `Kafka ${KAFKA_VERSION} in ${jars.libs}` };
  if (mvn.ok)
    return {
      name: 'kafka jars',
      status: 'warn',
      detail: `not in ${jars.libs} yet: fetched by Maven on first start`,
      fix: 'nothing to do if Maven Central is reachable; the first `rebar run` takes a minute longer',
    };
  return {
    name: 'kafka jars',
    status: 'fail',
    detail: `not in ${jars.libs}, and Maven, which fetches them, is not usable`,
    fix: `fix the maven check, ${EXISTING_CLUSTER}`,
  };
}

async function checkRedis(env: Env): Promise<DoctorCheck> {
  // the same order as services/redis-server.ts startLocalRedis
  if (env.REDIS_URL) {
    if (await pingRedis(env.REDIS_URL)) return { name: 'redis', status: 'ok', detail: `${env.REDIS_URL} answers PING` };
    return {
      name: 'redis',
      status: 'fail',
      detail: `REDIS_URL=${env.REDIS_URL} does not answer PING`,
      fix: 'start that Redis, or unset REDIS_URL to let rebar use or start a local one',
    };
  }
  const local = `redis://127.0.0.1:${env.REBAR_REDIS_PORT}`;
  if (await pingRedis(local)) return { name: 'redis', status: 'ok', detail: `a Redis answers at ${local}` };
  const server = await exec('redis-server', ['--version']);
  if (server.ok)
    return {
      name: 'redis',
      status: 'ok',
      detail: `rebar starts its own (${server.output.split(' ').slice(0, 3).join(' ')})`,
    };
  return {
    name: 'redis',
    status: 'fail',
    detail: `no Redis answers at ${local} and redis-server is not on PATH`,
    fix: 'apt-get install -y redis-server, or set REDIS_URL',
  };
}

// fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND)
const errorText = (err: unknown): string => {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  const why = e.cause?.code ?? e.cause?.message;
  return why ? `${e.message} (${why})` : e.message;
};

async function checkClickhouse(env: Env): Promise<DoctorCheck> {
  if (env.CLICKHOUSE_URL) {
    const url = `${env.CLICKHOUSE_URL.replace(/\/+$/, '')}/ping`;
    const fix = 'start that ClickHouse server, or unset CLICKHOUSE_URL to use the embedded one (chDB)';
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      const body = (await res.text()).trim();
      if (res.ok && body === 'Ok.') return { name: 'clickhouse', status: 'ok', detail: `${url} says Ok.` };
      return { name: 'clickhouse', status: 'fail', detail: `${url}: HTTP ${res.status} ${body.slice(0, 80)}`, fix };
    } catch (err) {
      return { name: 'clickhouse', status: 'fail', detail: `${url}: ${errorText(err)}`, fix };
    }
  }
  try {
    const chdb = (await import('chdb')) as { version?: () => { chdb?: string; libchdb?: string } };
    const v = chdb.version?.();
    const engine = v?.libchdb?.replaceAll('"', '');
    return {
      name: 'clickhouse',
      status: 'ok',
      detail: `embedded chDB ${v?.chdb ?? '(version unknown)'}${engine && engine !== 'unknown' ? `, ClickHouse ${engine}` : ''}`,
    };
  } catch (err) {
    return {
      name: 'clickhouse',
      status: 'fail',
      detail: `the embedded chDB does not load: ${(err as Error).message.split('\n')[0]}`,
      fix: 'npm ci (chdb ships a native library for linux/macOS x64 and arm64), or set CLICKHOUSE_URL',
    };
  }
}

async function checkChromium(bin: string): Promise<DoctorCheck> {
  const fix = 'apt-get install -y chromium, or set REBAR_CHROMIUM_PATH';
  // a warning only: just the sources whose pages need rendering use it
  if (!existsSync(bin))
    return { name: 'chromium', status: 'warn', detail: `${bin} not found; pages that need rendering will fail`, fix };
  const res = await exec(bin, ['--headless', '--no-sandbox', '--version']);
  const version = res.output.split('\n').find((l) => /chrom/i.test(l) && /\d+\.\d+/.test(l));
  if (res.ok && version) return { name: 'chromium', status: 'ok', detail: `${version.trim()} (${bin})` };
  return { name: 'chromium', status: 'warn', detail: `${bin} --version failed: ${reason(res.output)}`, fix };
}

async function checkDisk(dataDir: string): Promise<DoctorCheck> {
  // the data folder may not exist yet: the filesystem it will be made on
  let dir = dataDir;
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const s = await statfs(dir);
  const free = s.bavail * s.bsize;
  const detail = `${(free / GIB).toFixed(1)} GiB free on the filesystem of ${dataDir}`;
  const fix = 'free some space, or set REBAR_DATA_DIR to a larger disk';
  if (free < GIB) return { name: 'disk', status: 'fail', detail, fix };
  if (free < 5 * GIB) return { name: 'disk', status: 'warn', detail, fix };
  return { name: 'disk', status: 'ok', detail };
}

async function checkPort(
  name: string,
  variable: string,
  host: string,
  port: number,
  dataDir: string,
): Promise<DoctorCheck> {
  const err = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
    const server = net.createServer();
    server.once('error', resolve);
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
  if (!err) return { name, status: 'ok', detail: `${host}:${port} is free` };
  const fix = `set ${variable} to another port, or stop the process using it`;
  if (err.code !== 'EADDRINUSE') return { name, status: 'warn', detail: `${host}:${port}: ${err.message}`, fix };
  // this data folder's own `rebar run` holds these ports: nothing to fix
  const running = findRunningRun(dataDir);
  if (running) return { name, status: 'ok', detail: `${host}:${port} is in use by rebar run (pid ${running.pid})` };
  return { name, status: 'warn', detail: `${host}:${port} is in use by another process`, fix };
}
