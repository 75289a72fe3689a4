import { freePort } from '../helpers/free-port.ts';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LITELLM, fixturePath, readFixture } from '../helpers/fixtures.ts';
import { document, startFixtureServer } from '../helpers/fixture-server.ts';
import { REPO, runCli, testEnv, waitFor } from '../helpers/test-env.ts';

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

// `npm start` is `rebar run`: its own Kafka broker, the pipeline kept running, a clean stop on Ctrl-C
describe('rebar run (npm start)', async () => {
  const server = await startFixtureServer({
    '/model_prices_and_context_window.json': document(readFixture(LITELLM['2024-07-29'])),
  });
  afterAll(() => server.close());

  it('starts its own broker, reports the unreachable source and keeps running, serves sql and import, stops cleanly on SIGINT', async () => {
    const kafkaPort = await freePort();
    const env = testEnv({
      KAFKA_BROKERS: '',
      REBAR_KAFKA_PORT: String(kafkaPort),
      LOG_LEVEL: 'info',
      REBAR_FETCH_ATTEMPTS: '2',
      // only these two: the other defaults would look up their real hosts, about a second each here with no network
      REBAR_SOURCES: 'litellm,openrouter',
      REBAR_BASE_URLS: `litellm=${server.url},openrouter=http://openrouter.invalid`, // no DNS answer: what "no network" looks like
    });
    // a group of its own, signalled as a whole, as a terminal's Ctrl-C signals its foreground job
    const child = spawn(process.execPath, [path.join(REPO, 'bin/rebar.js'), 'run'], { env, cwd: REPO, detached: true });
    let logs = '';
    child.stderr.on('data', (d: Buffer) => {
      logs += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await waitFor('the first cycle', () => logs.includes('first cycle done'), 180_000).catch((e: Error) => {
        throw new Error(`${e.message}; its log ends:\n${logs.slice(-4000)}`);
      });
      expect(logs).toMatch(/"component":"kafka-broker".*"msg":"local kafka started"/);
      const failed = logs.split('\n').find((l) => l.includes('source failed') && l.includes('"source":"openrouter"'));
      expect(failed).toMatch(/"source":"openrouter"/);
      expect(failed).toMatch(
        /fetch http:\/\/openrouter\.invalid\/api\/v1\/models: fetch failed \(.*(ENOTFOUND|EAI_AGAIN)/,
      );
      expect(child.exitCode).toBeNull(); // still running

      // the embedded ClickHouse belongs to the running process: other verbs go through it
      const run = JSON.parse(readFileSync(path.join(env.REBAR_DATA_DIR!, 'run.json'), 'utf8')) as { port: number };
      expect((await fetch(`http://127.0.0.1:${run.port}/health`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${run.port}/metrics`)).text()).toMatch(
        /rebar_observations_total [1-9]\d*/,
      );
      const sql = await runCli(
        [
          'sql',
          "SELECT toString(usd_per_mtok) FROM price_latest WHERE series_key = 'litellm|gpt-4o|input|standard|global|base'",
          '--format',
          'TSV',
        ],
        env,
      );
      expect(sql.stdout.trim(), sql.stderr).toBe('5');
      // and analysts' SQL over HTTP, on the port it printed (REBAR_HTTP_PORT 0 here: a free one)
      const http = /"msg":"analysts' SQL over HTTP at (http:\/\/[^"]+)"/.exec(logs)?.[1];
      const answer = await fetch(`${http}?default_format=TSV`, {
        method: 'POST',
        body: "SELECT toString(usd_per_mtok) FROM price_latest WHERE series_key = 'litellm|gpt-4o|input|standard|global|base'",
      });
      expect(await answer.text()).toBe('5\n');
      const imported = await runCli(['import', 'litellm', fixturePath(LITELLM['2024-11-28'])], env);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stdout).toMatch(/published 1/);
      const once = await runCli(['run', '--once'], env);
      expect(once.code).toBe(1);
      expect(once.stderr).toMatch(/owns .* use rebar import \/ rebar sql/);

      const before = logs.length;
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      expect(logs).toMatch(/"msg":"stopped"/);
      // the broker stops after its clients: no connection refused on the way down
      expect(logs.slice(before)).not.toMatch(/ECONNREFUSED/);
      expect(await portOpen(kafkaPort)).toBe(false);
      expect(existsSync(path.join(env.REBAR_DATA_DIR!, 'run.json'))).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 300_000);
});
