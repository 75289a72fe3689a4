import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../../jobs/doctor.ts';
import { runCli, testEnv } from '../helpers/test-env.ts';

// the tools rebar calls, and the shell tools their launcher scripts (mvn, chromium) call themselves
const TOOLS = ['mvn', 'redis-server', 'chromium', 'sh', 'cat', 'grep', 'sed', 'awk', 'ls', 'uname', 'expr', 'dirname'];
const MORE = ['basename', 'readlink', 'find', 'tr', 'head', 'tail', 'pwd', 'which'];

const which = (bin: string): string | undefined => {
  try {
    return execFileSync('which', [bin], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

/** a PATH of one folder holding symlinks to these tools only: this machine, minus java */
function pathWithout(tools: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebar-doctor-bin-'));
  for (const t of tools) {
    const found = which(t);
    if (found) symlinkSync(found, path.join(dir, t));
  }
  return dir;
}

const parse = (stdout: string): DoctorCheck[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DoctorCheck);

describe('rebar doctor', () => {
  const noJava = pathWithout([...TOOLS, ...MORE]);
  afterAll(() => rmSync(noJava, { recursive: true, force: true }));

  it('without java on PATH, says java is missing and how to fix it, and exits 1', async () => {
    // KAFKA_BROKERS unset: rebar would start its own broker, which runs on Java
    const env = testEnv({ KAFKA_BROKERS: '', PATH: noJava });
    delete env['JAVA_HOME'];
    const r = await runCli(['doctor'], env, { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split('\n');
    const i = lines.findIndex((l) => /^FAIL\s+java\s/.test(l));
    expect(lines[i], r.stdout).toMatch(/java not found on PATH/);
    expect(lines[i + 1]).toMatch(/^\s+fix: install Java 17\+ .*openjdk-17-jre-headless/);

    const json = await runCli(['doctor', '--json'], env, { timeoutMs: 30_000 });
    const java = parse(json.stdout).find((c) => c.name === 'java');
    expect(java).toMatchObject({ status: 'fail', detail: 'java not found on PATH' });
    expect(java?.fix).toMatch(/Java 17/);
  }, 60_000);

  it('with the usual PATH, java is ok and --json prints one object per check per line', async () => {
    const env = testEnv({ KAFKA_BROKERS: '' });
    const r = await runCli(['doctor', '--json'], env, { timeoutMs: 30_000 });
    const checks = parse(r.stdout);
    expect(checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['java', 'maven', 'kafka jars', 'redis', 'clickhouse', 'chromium', 'disk']),
    );
    for (const c of checks) expect(['ok', 'warn', 'fail']).toContain(c.status);
    expect(checks.find((c) => c.name === 'java')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/version/),
    });
    // the shared test Redis (REDIS_URL) answers
    expect(checks.find((c) => c.name === 'redis')?.status).toBe('ok');
    expect(r.code).toBe(checks.some((c) => c.status === 'fail') ? 1 : 0);
  }, 60_000);
});
