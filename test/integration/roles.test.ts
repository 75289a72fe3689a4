// rebar split into processes by role on a three-node Kafka cluster: the store's process (sink, web) and two
// transformers sharing the consumer group; one transformer killed mid-run, nothing lost or doubled.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceTransformer } from '../../ingest/sources/index.ts';
import { startThreeNodes } from '../helpers/three-nodes.ts';
import { silentLogger } from '../../schemas/logger.ts';
import { kafkaNames } from '../../schemas/topics.ts';
import { connectKafka, withAdmin } from '../../sinks/kafka.ts';
import { transformDocument } from '../../transform/transform-document.ts';
import { rawDocument } from '../helpers/documents.ts';
import { FIXTURES, LITELLM, OPENROUTER, fixturePath, readFixture } from '../helpers/fixtures.ts';
import { freePort } from '../helpers/free-port.ts';
import { document, startFixtureServer } from '../helpers/fixture-server.ts';
import { runCli, sqlValue, testEnv, waitFor } from '../helpers/test-env.ts';
import { startRole, stopRoles, type RoleProcess } from '../faults/role-process.ts';
import { startLocalRedis } from '../../jobs/services/redis-server.ts';

const transformed = (r: RoleProcess, source: string): number =>
  r
    .logs()
    .split('\n')
    .filter((l) => l.includes('"msg":"document transformed"') && l.includes(`"source":"${source}"`)).length;
const observationsOf = (source: 'litellm' | 'openrouter', file: string): number =>
  transformDocument(
    rawDocument(source, readFixture(file), '2024-01-01T00:00:00.000Z'),
    priceTransformer(source),
    new Date(),
  ).observations.length;

describe('roles in separate processes', () => {
  it(
    'two transformers share the raw partitions; one killed, the other takes them over and nothing is lost or doubled',
    {
      timeout: 720_000,
    },
    async () => {
      const nodes = await startThreeNodes('roles-kafka', testEnv().REBAR_CACHE_DIR!);
      const { cluster } = nodes;
      const env = testEnv({ KAFKA_BROKERS: cluster.brokers.join(','), LOG_LEVEL: 'info', REBAR_LOG_FORMAT: 'json' });
      const names = kafkaNames(env.REBAR_KAFKA_NAMESPACE!);
      const running: RoleProcess[] = [];
      try {
        const store = startRole('sink,web', env);
        running.push(store);
        await waitFor('the store process', () => store.logs().includes('control server listening'), 120_000);
        // a second process may not open the same embedded store: it is told who holds it and what may run beside it
        const second = await runCli(['run', '--role', 'sink'], env);
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(/owns .*--role scheduler, fetcher or transformer/s);

        const [a, b] = [startRole('transformer', env), startRole('transformer', env)];
        running.push(a, b);
        const ctx = connectKafka(cluster.brokers, 'roles-test', silentLogger);
        await waitFor(
          'both transformers in the group',
          async () => {
            const { groups } = await withAdmin(ctx, (admin) => admin.describeGroups([names.group.transform]));
            return groups[0]?.state === 'Stable' && groups[0].members.length === 2;
          },
          120_000,
        );

        // one document per source; litellm, openrouter and epoch key partitions 0, 1 and 2 of the raw topic
        const imports: Array<[string, string]> = [
          ['litellm', fixturePath(LITELLM['2024-07-29'])],
          ['openrouter', fixturePath(OPENROUTER['2024-04-24'])],
          ['epoch', path.join(FIXTURES, 'epoch', 'data__aa_data_with_math5.csv')],
        ];
        for (const [source, file] of imports) {
          const r = await runCli(['import', source, file], env);
          expect(r.code, r.stderr).toBe(0);
        }
        const byA = ['litellm', 'openrouter', 'epoch'].map((s) => transformed(a, s));
        const byB = ['litellm', 'openrouter', 'epoch'].map((s) => transformed(b, s));
        expect(byA.reduce((x, y) => x + y) + byB.reduce((x, y) => x + y)).toBe(3);
        expect(byA.some(Boolean) && byB.some(Boolean)).toBe(true); // each processed some

        // the one that did litellm dies (SIGKILL: no leaving the group); the survivor gets its partitions
        const [victim, survivor] = transformed(a, 'litellm') ? [a, b] : [b, a];
        victim.child.kill('SIGKILL');
        for (const [source, file] of [
          ['litellm', fixturePath(LITELLM['2024-11-28'])],
          ['openrouter', fixturePath(OPENROUTER['2025-02-08'])],
        ] as const) {
          const r = await runCli(['import', source, file], env);
          expect(r.code, r.stderr).toBe(0);
        }
        expect(transformed(survivor, 'litellm')).toBe(1);
        expect(transformed(survivor, 'openrouter')).toBeGreaterThanOrEqual(1);

        // the oracle: every observation of the five documents once, and the litellm cut seen as one change
        const want = {
          litellm: observationsOf('litellm', LITELLM['2024-07-29']) + observationsOf('litellm', LITELLM['2024-11-28']),
          openrouter:
            observationsOf('openrouter', OPENROUTER['2024-04-24']) +
            observationsOf('openrouter', OPENROUTER['2025-02-08']),
        };
        for (const [source, n] of Object.entries(want)) {
          const [stored, distinct] = (
            await sqlValue(
              env,
              `SELECT count(), uniqExact(event_id) FROM price_observations WHERE source = '${source}'`,
            )
          ).split('\t');
          expect(Number(stored), source).toBe(n);
          expect(Number(distinct), source).toBe(n);
        }
        expect(
          await sqlValue(
            env,
            "SELECT count() FROM price_changes WHERE series_key = 'litellm|gpt-4o|input|standard|global|base' AND kind = 'decrease' AND pct_change = -50",
          ),
        ).toBe('1');
      } finally {
        await stopRoles(running);
        await nodes.stop();
      }
    },
  );
});

describe('schedulers and readiness in separate processes', () => {
  it('two --role scheduler processes make one fetch per source per tick', { timeout: 180_000 }, async () => {
    const at: number[] = [];
    const body = readFixture(LITELLM['2024-07-29']);
    const server = await startFixtureServer({
      '/model_prices_and_context_window.json': (req, res) => {
        at.push(Date.now());
        document(body)(req, res);
      },
    });
    const env = testEnv({
      LOG_LEVEL: 'info',
      REBAR_LOG_FORMAT: 'json',
      REBAR_SOURCES: 'litellm',
      REBAR_BASE_URLS: `litellm=${server.url}`,
      REBAR_SCHEDULES: 'litellm=*/3 * * * * *', // every 3 seconds
    });
    const running = [startRole('scheduler', env), startRole('scheduler', env), startRole('fetcher', env)];
    try {
      for (const r of running) await waitFor('a role process', () => r.logs().includes('roles running'), 120_000);
      await waitFor('five fetches', () => at.length >= 5, 60_000);
      await new Promise((r) => setTimeout(r, 1_000)); // a doubled tick's second fetch, if there were one, arrives
      // ticks fall on multiples of 3 s and a fetch follows its tick within a moment: one request per 3-second slot
      const slots = at.map((t) => Math.floor(t / 3_000));
      expect(slots.length).toBe(new Set(slots).size);
    } finally {
      await stopRoles(running);
      await server.close();
    }
  });

  it(
    '/readyz turns 503 when Redis goes, naming it, and 200 again when it returns; /healthz stays 200',
    {
      timeout: 180_000,
    },
    async () => {
      const port = await freePort();
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'rebar-roles-redis-'));
      let redis = await startLocalRedis({ port, dataDir, log: silentLogger });
      const env = testEnv({ REDIS_URL: redis.url, LOG_LEVEL: 'info', REBAR_LOG_FORMAT: 'json' });
      const role = startRole('transformer', env);
      try {
        const line = await waitFor(
          'the health server',
          () =>
            role
              .logs()
              .split('\n')
              .find((l) => l.includes('health server listening')),
          120_000,
        );
        const url = (JSON.parse(line) as { url: string }).url;
        const ready = async (): Promise<{ status: number; checks: Record<string, string> }> => {
          const res = await fetch(`${url}/readyz`);
          return { status: res.status, checks: ((await res.json()) as { checks: Record<string, string> }).checks };
        };
        await waitFor('ready', async () => (await ready()).status === 200, 60_000);
        expect((await ready()).checks).toEqual({ redis: 'ok', kafka: 'ok' });
        await redis.stop();
        await waitFor('not ready', async () => (await ready()).status === 503, 30_000);
        expect((await ready()).checks.redis).toBe('down');
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        redis = await startLocalRedis({ port, dataDir, log: silentLogger });
        await waitFor('ready again', async () => (await ready()).status === 200, 30_000);
      } finally {
        await stopRoles([role]);
        await redis.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
