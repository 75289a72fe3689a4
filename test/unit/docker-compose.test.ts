import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KAFKA_VERSION } from '../../jobs/services/kafka-broker.ts';
import { Env, loadEnv } from '../../schemas/env.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const SERVICES = ['kafka', 'redis', 'clickhouse', 'rebar'];

// no YAML library: docker-compose.yml is read by indentation, which is all this check needs
const lines = readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8').split('\n');
const indent = (line: string): number => line.length - line.trimStart().length;
const meaningful = (line: string): boolean => line.trim() !== '' && !line.trim().startsWith('#');

/** the lines nested under the first `key:` line at that indent, within the given lines */
function block(within: string[], key: string, at: number): string[] {
  const start = within.findIndex((l) => indent(l) === at && l.trim() === `${key}:`);
  if (start < 0) return [];
  const rest = within.slice(start + 1);
  const end = rest.findIndex((l) => meaningful(l) && indent(l) <= at);
  return end < 0 ? rest : rest.slice(0, end);
}

const service = (name: string): string[] => block(block(lines, 'services', 0), name, 2);

const quoted = /^(["'])(.*)\1$/;
/** a scalar as YAML reads it: quotes removed, or a trailing comment */
const scalar = (v: string): string => quoted.exec(v)?.[2] ?? v.replace(/\s+#.*$/, '');

/** `KEY: value` (map) or `- KEY=value` (list) entries of a service's environment */
function environment(name: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of block(service(name), 'environment', 4).filter(meaningful)) {
    const entry = line.trim().replace(/^-\s*/, '');
    const m = /^([A-Z][A-Z0-9_]*)(?::\s+|=)(.*)$/.exec(quoted.exec(entry)?.[2] ?? entry);
    if (m) env[m[1]!] = scalar(m[2]!.trim());
  }
  return env;
}

describe('docker-compose.yml', () => {
  const rebarEnv = environment('rebar');

  it('sets only settings rebar knows, for the rebar service', () => {
    const ours = Object.keys(rebarEnv).filter(
      (k) => /^(REBAR_|CLICKHOUSE_)/.test(k) || ['KAFKA_BROKERS', 'REDIS_URL', 'LOG_LEVEL'].includes(k),
    );
    expect(ours).toEqual(expect.arrayContaining(['KAFKA_BROKERS', 'REDIS_URL', 'CLICKHOUSE_URL', 'REBAR_DATA_DIR']));
    for (const key of ours) expect(Object.keys(Env.shape), key).toContain(key);
  });

  it('gives the rebar service an environment that loadEnv accepts', () => {
    const env = loadEnv(rebarEnv);
    expect(env.KAFKA_BROKERS).toEqual(['kafka:9092']);
    expect(env.REBAR_DATA_DIR).toBe('/data');
    // the healthcheck asks the control server on the port rebar is told to use
    expect(service('rebar').join('\n')).toContain(`http://127.0.0.1:${env.REBAR_CONTROL_PORT}/health`);
    // rebar logs in as the user the clickhouse image creates
    const server = environment('clickhouse');
    expect([env.CLICKHOUSE_USER, env.CLICKHOUSE_PASSWORD]).toEqual([
      server.CLICKHOUSE_USER,
      server.CLICKHOUSE_PASSWORD,
    ]);
  });

  it('gives every service a healthcheck', () => {
    for (const name of SERVICES)
      expect(block(service(name), 'healthcheck', 4).filter(meaningful), name).not.toHaveLength(0);
  });

  it("gives analysts a read-only ClickHouse user of their own, with rebar sql's limits", () => {
    const mount = block(service('clickhouse'), 'volumes', 4).find((l) => l.includes('analyst.xml'));
    expect(mount?.trim()).toBe('- ./docker/clickhouse/analyst.xml:/etc/clickhouse-server/users.d/analyst.xml:ro');
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
    const image = service('kafka')
      .map((l) => /^\s{4}image:\s*["']?apache\/kafka:([^\s"']+)/.exec(l)?.[1])
      .find(Boolean);
    expect(image).toBe(KAFKA_VERSION);
  });
});
