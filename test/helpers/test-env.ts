import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A fresh namespace (topics, groups, queues) and data folder on the shared real services. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const id = randomUUID().slice(0, 8);
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    KAFKA_BROKERS: inject('brokers').join(','),
    REDIS_URL: inject('redisUrl'),
    REBAR_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), `rebar-test-${id}-`)),
    REBAR_CACHE_DIR: path.join(REPO, '.cache'),
    REBAR_KAFKA_NAMESPACE: `t${id}.`,
    REBAR_QUEUE_PREFIX: `t${id}`,
    REBAR_FETCH_BACKOFF_MS: '200',
    REBAR_HTTP_TIMEOUT_MS: '5000',
    REBAR_HTTP_PORT: '0', // tests run rebar run side by side: each its own free port
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    ...overrides,
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, as a user would. */
export function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { timeoutMs?: number } = {},
): Promise<CliResult> {
  return runNode([path.join(REPO, 'bin/rebar.js'), ...args], env, opts);
}

/** Runs a TypeScript script of the tests (a fault, a probe) in a child process. */
export const runScript = (file: string, args: string[], env: Record<string, string>): Promise<CliResult> =>
  runNode([path.join(REPO, 'bin/run-ts.js'), path.join(REPO, file), ...args], env);

function runNode(args: string[], env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')} timed out\n${stderr.slice(-3000)}`));
    }, opts.timeoutMs ?? 240_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function sqlValue(env: Record<string, string>, query: string): Promise<string> {
  const r = await runCli(['sql', query, '--format', 'TSV'], env);
  if (r.code !== 0) throw new Error(`sql failed: ${r.stderr}`);
  return r.stdout.trim();
}

export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 60_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
