import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KAFKA_VERSION } from '../../jobs/services/kafka-broker.ts';
import { ROLES } from '../../jobs/roles/roles.ts';
import { Env, loadEnv } from '../../schemas/env.ts';
import { readYaml } from '../../transform/yaml.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const ROLE_SERVICES = ROLES.map((r) => `rebar-${r}`);
const SERVICES = ['kafka', 'kafka-2', 'kafka-3', 'redis', 'clickhouse', ...ROLE_SERVICES];

interface Service {
  image?: string;
  command?: string[];
  profiles?: string[];
  environment?: Record<string, string | number>;
  healthcheck?: { test: string[] };
  volumes?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
}
// parsed as compose reads it: anchors and `<<` merge keys resolved
const compose = readYaml(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
};
const service = (name: string): Service => compose.services[name] ?? {};

/** ${NAME:-default} as compose fills it from an env file's values (else the default) */
const interpolated = (value: string | number, vars: Record<string, string> = {}): string =>
  String(value).replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, dflt: string) => vars[name] ?? dflt);
function environment(name: string, vars: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, interpolated(v, vars)]),
  );
}
const envFile = (rel: string): Record<string, string> =>
  Object.fromEntries(
    readFileSync(path.join(REPO, rel), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('docker-compose.yml', () => {
  const rebarEnv = environment('rebar-sink');

  it('sets only settings rebar knows, for every role', () => {
    for (const name of ROLE_SERVICES) {
      const ours = Object.keys(environment(name)).filter(
        (k) => /^(REBAR_|CLICKHOUSE_)/.test(k) || ['KAFKA_BROKERS', 'REDIS_URL', 'LOG_LEVEL'].includes(k),
      );
      expect(ours).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'REDIS_URL', 'CLICKHOUSE_URL', 'REBAR_DATA_DIR']));
      for (const key of ours) expect(Object.keys(Env.shape), `${name} ${key}`).toContain(key);
    }
  });

  it('runs each role as a service of its own, with an environment loadEnv accepts', () => {
    for (const role of ROLES) {
      expect(service(`rebar-${role}`).command).toEqual(['run', '--role', role]);
      const env = loadEnv(environment(`rebar-${role}`));
      expect(env.KAFKA_BROKERS).toEqual(['kafka:9092']);
      expect(env.REBAR_DATA_DIR).toBe('/data');
      // the healthcheck asks the role's readiness on the port rebar is told to use
      expect(service(`rebar-${role}`).healthcheck?.test.join(' ')).toContain(
        `http://127.0.0.1:${env.REBAR_CONTROL_PORT}/readyz`,
      );
      expect(service(`rebar-${role}`).volumes).toEqual(['rebar-data:/data']);
    }
    // the web role is published, so it binds every interface and holds a token the analyst server accepts
    const web = loadEnv(environment('rebar-web'));
    expect(web.REBAR_HTTP_HOST).toBe('0.0.0.0');
    expect(web.REBAR_HTTP_TOKEN?.length).toBeGreaterThanOrEqual(16);
    // rebar logs in as the user the clickhouse image creates
    const server = environment('clickhouse');
    expect([rebarEnv.CLICKHOUSE_USER, rebarEnv.CLICKHOUSE_PASSWORD]).toEqual([
      server.CLICKHOUSE_USER,
      server.CLICKHOUSE_PASSWORD,
    ]);
  });

  it('gives every service a healthcheck', () => {
    for (const name of SERVICES) expect(service(name).healthcheck?.test.length, name).toBeGreaterThan(0);
  });

  it('runs one Kafka node by default, and three with docker/kafka-cluster.env: 3 replicas, 2 in sync, rebar on all', () => {
    expect(service('kafka-2').profiles).toEqual(['kafka-cluster']);
    expect(service('kafka-3').profiles).toEqual(['kafka-cluster']);
    const single = environment('kafka');
    expect(single.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka:9093');
    expect(single.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe('1');
    const vars = envFile('docker/kafka-cluster.env');
    expect(vars.COMPOSE_PROFILES).toBe('kafka-cluster');
    const nodes = ['kafka', 'kafka-2', 'kafka-3'];
    for (const [i, name] of nodes.entries()) {
      const env = environment(name, vars);
      expect(env.KAFKA_NODE_ID, name).toBe(String(i + 1));
      expect(env.CLUSTER_ID, name).toBe(single.CLUSTER_ID);
      expect((env.KAFKA_CONTROLLER_QUORUM_VOTERS ?? '').split(','), name).toEqual(
        nodes.map((n, j) => `${j + 1}@${n}:9093`),
      );
      expect(env.KAFKA_ADVERTISED_LISTENERS, name).toContain(`PLAINTEXT://${name}:9092`);
      expect([
        env.KAFKA_DEFAULT_REPLICATION_FACTOR,
        env.KAFKA_MIN_INSYNC_REPLICAS,
        env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR,
      ]).toEqual(['3', '2', '3']);
      expect(service(name).volumes?.[0], name).toMatch(new RegExp(`^${name}-data:`));
    }
    for (const role of ROLE_SERVICES) {
      expect(loadEnv(environment(role, vars)).KAFKA_BROKERS).toEqual(nodes.map((n) => `${n}:9092`));
      // rebar waits for every node when the profile runs them (required: false: not without it)
      expect(service(role).depends_on?.['kafka-3']).toEqual({ condition: 'service_healthy', required: false });
    }
  });

  it("gives analysts a read-only ClickHouse user of their own, with rebar sql's limits", () => {
    const mount = service('clickhouse').volumes?.find((l) => l.includes('analyst.xml'));
    expect(mount).toBe('./docker/clickhouse/analyst.xml:/etc/clickhouse-server/users.d/analyst.xml:ro');
    const xml = readFileSync(path.join(REPO, 'docker/clickhouse/analyst.xml'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    const user = /<users>\s*<analyst>([\s\S]*?)<\/analyst>\s*<\/users>/.exec(xml)?.[1] ?? '';
    expect(user).toContain('<profile>analyst</profile>');
    // SELECT on rebar's database and nothing else: no FILE, URL, REMOTE... (source grants), no writes
    const grants = [...user.matchAll(/<query>(.*?)<\/query>/g)].map((m) => m[1]);
    expect(grants).toEqual([`GRANT SHOW, SELECT ON ${environment('clickhouse').CLICKHOUSE_DB}.*`]);
    const password = /<password from_env="(\w+)"\/>/.exec(user)?.[1];
    expect(environment('clickhouse')[password!]).toBeTruthy();
    const profile = /<profiles>\s*<analyst>([\s\S]*?)<\/analyst>\s*<\/profiles>/.exec(xml)?.[1] ?? '';
    const value = (name: string): number =>
      Number(new RegExp(`^\\s*<${name}>(\\d+)</${name}>`, 'm').exec(profile)?.[1]);
    expect(value('readonly')).toBe(1);
    const defaults = loadEnv({});
    expect(value('max_execution_time')).toBe(defaults.REBAR_QUERY_TIMEOUT_S);
    expect(value('max_result_rows')).toBe(defaults.REBAR_QUERY_MAX_ROWS);
    expect(value('max_result_bytes')).toBe(defaults.REBAR_QUERY_MAX_BYTES);
    // a tool may lower each limit (never to 0, which means none) and never lift it
    for (const name of ['max_execution_time', 'max_result_rows', 'max_result_bytes', 'max_memory_usage']) {
      const c = new RegExp(`<${name}><min>(\\d+)</min><max>(\\d+)</max><changeable_in_readonly/></${name}>`).exec(
        profile,
      );
      expect(c?.slice(1).map(Number), name).toEqual([1, value(name)]);
    }
  });

  it('runs the Kafka version the local broker runs', () => {
    for (const name of ['kafka', 'kafka-2', 'kafka-3'])
      expect(service(name).image).toBe(`apache/kafka:${KAFKA_VERSION}`);
  });
});
