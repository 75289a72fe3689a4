import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.ts';
import { computeShareChanges, computeShareConcentration } from '../../metrics/share-volatility/views.ts';
import { keptRefreshRequestsTable } from '../../schemas/kept-refresh-request.ts';
import { silentLogger } from '../../schemas/logger.ts';
import { loadEnv } from '../../schemas/env.ts';
import { openWarehouse, warehouseConfig, type Warehouse } from '../../sinks/clickhouse.ts';
import { pendingKeptRefreshes, recordKeptRefresh, startKeptRefresher } from '../../sinks/kept-refresher.ts';
import { runCli, testEnv, waitFor } from '../helpers/test-env.ts';

// the sink stores what a batch asks of the kept tables and commits; a refresher carries it out behind it, also one
// started after the process that stored it stopped (sinks/kept-refresher.ts)
describe('kept-table requests outlive the sink that stored them', () => {
  it('the next refresher carries out a pending request, and one it cannot read redoes everything', async () => {
    const env = testEnv();
    const backfill = await runCli(['backfill', 'openrouter-rankings', path.join(FIXTURES, 'openrouter-rankings')], env);
    expect(backfill.code, backfill.stderr).toBe(0);
    const wh = await openWarehouse(warehouseConfig(loadEnv(env)), silentLogger);
    const count = async (sql: string) =>
      Number((await wh.query<{ n: string }>(`SELECT count() AS n FROM (${sql})`))[0]!.n);
    const sameAsRebuild = async (view: string, rebuilt: string) => {
      expect(await count(`(SELECT * FROM ${view}) EXCEPT (${rebuilt})`), view).toBe(0);
      expect(await count(`(${rebuilt}) EXCEPT (SELECT * FROM ${view})`), view).toBe(0);
      expect(await count(`SELECT * FROM ${view}`)).toBe(await count(rebuilt));
    };
    const refreshed = async (w: Warehouse) => {
      const refresher = startKeptRefresher(w, silentLogger, { settleMs: 10, pollMs: 100 });
      await waitFor('the pending requests', async () => (await pendingKeptRefreshes(w)) === 0, 120_000);
      await refresher.stop();
    };
    try {
      expect(await pendingKeptRefreshes(wh)).toBe(0); // the backfill drained: its requests are done
      expect(await count('SELECT * FROM share_changes')).toBe(25);

      // a sink stored this request and stopped before a refresh covered it (its kept rows lost meanwhile)
      await wh.command('TRUNCATE TABLE share_changes_store');
      const digest = { priceChangesFrom: {}, fromOwnDay: false, steps: [], shareSources: ['openrouter-rankings'] };
      await recordKeptRefresh(wh, 'market_share_observations_store', digest, new Date());
      expect(await pendingKeptRefreshes(wh)).toBe(1);
      await refreshed(wh);
      await sameAsRebuild('share_changes', computeShareChanges());

      // a request this version cannot read (another version's form, or cut short)
      await wh.command('TRUNCATE TABLE share_concentration_store');
      await wh.insert(keptRefreshRequestsTable.name, [
        {
          request_id: '00000000-0000-4000-8000-000000000001',
          requested_at: new Date().toISOString(),
          input_table: 'market_share_observations_store',
          digest: '{"version":99', // cut short, as by a disk that filled up
          done: 0,
        },
      ]);
      await refreshed(wh);
      await sameAsRebuild('share_concentration', computeShareConcentration());
      expect(await count('SELECT * FROM share_concentration')).toBeGreaterThan(0);
    } finally {
      await wh.close();
    }
  }, 600_000);
});
