import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures.ts';
import { computePriceChangeSummary } from '../../metrics/price-changes/views.ts';
import { computeModelPricesByDay } from '../../metrics/inputs/model-prices-by-day.ts';
import { computePriceChanges } from '../../views/store-views.ts';
import { runCli, runScript, sqlValue, testEnv } from '../helpers/test-env.ts';

// model_prices_by_day and price_changes (with its summary) are kept at insert time (sinks/model-prices-store.ts,
// sinks/price-changes-store.ts): whatever order the sheets arrive in, and
// after a replay or a reclassification, its rows are those the view's SQL computes from the observations held now
describe('model_prices_by_day, price_changes and price_change_summary kept at insert time', () => {
  it('a late older sheet, a replay and a reclassification leave it equal to a rebuild from the observations', async () => {
    const env = testEnv();
    const all = path.join(FIXTURES, 'litellm');
    const early = mkdtempSync(path.join(os.tmpdir(), 'rebar-late-prices-'));
    const LATE = 'litellm_model_prices_2024-07-29__upstream_8e24c3c9.json';
    for (const f of readdirSync(all).filter((f) => f.endsWith('.json') && f !== LATE))
      copyFileSync(path.join(all, f), path.join(early, f));
    expect((await runCli(['backfill', 'litellm', early], env)).code).toBe(0);

    const sameAsRebuild = async (when: string): Promise<void> => {
      const diff = (a: string, b: string) => sqlValue(env, `SELECT count() FROM ((${a}) EXCEPT (${b}))`);
      for (const [view, rebuilt] of [
        ['model_prices_by_day', computeModelPricesByDay(true, null)],
        ['model_prices_by_day_all', computeModelPricesByDay(false, null)],
        ['price_changes', computePriceChanges()],
        ['price_change_summary', computePriceChangeSummary()],
      ] as const) {
        expect(await diff(`SELECT * FROM ${view}`, rebuilt), `${view} ${when}: kept rows not in a rebuild`).toBe('0');
        expect(await diff(rebuilt, `SELECT * FROM ${view}`), `${view} ${when}: rebuilt rows not kept`).toBe('0');
        // the same types too: a kept Float64 where the view gave Nullable(Float64) would print 0 for null
        expect(await sqlValue(env, `DESCRIBE (SELECT * FROM ${view})`), `${view}: types`).toBe(
          await sqlValue(env, `DESCRIBE (${rebuilt})`),
        );
        expect(
          await sqlValue(env, `SELECT (SELECT count() FROM ${view}) = (SELECT count() FROM (${rebuilt}))`),
          `${view} ${when}: row counts`,
        ).toBe('1');
      }
    };
    const days = "SELECT count(), uniqExact(day), countIf(day = '2024-07-29') FROM model_prices_by_day";
    const before = await sqlValue(env, days);
    expect(before.split('\t')[2]).toBe('0');
    await sameAsRebuild('before the late sheet');

    // the sheet of 2024-07-29 arrives after those of 2024-11-28 and later: a day of its own, and the prices of the days
    // after it may end earlier (a price it changed or dropped)
    const late = await runCli(['import', 'litellm', path.join(all, LATE), '--observed-at', '2024-07-29'], env);
    expect(late.code, late.stderr).toBe(0);
    const after = (await sqlValue(env, days)).split('\t');
    expect(after[2]).toBe('32'); // registry models priced by LiteLLM that day
    expect(Number(after[1])).toBe(Number(before.split('\t')[1]) + 1);
    await sameAsRebuild('after the late sheet');

    expect((await runCli(['replay', 'litellm'], env)).code).toBe(0);
    await sameAsRebuild('after a replay');
    expect((await runCli(['reclassify'], env)).code).toBe(0);
    await sameAsRebuild('after reclassify');

    // a full rewrite of a large store runs in parts of whole series (models): in many small parts, the same rows
    const rebuilt = await runScript('test/helpers/rebuild-in-parts.ts', ['300'], env);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const parts = JSON.parse(rebuilt.stdout) as { price_changes: number; model_prices: number };
    expect(parts.price_changes, rebuilt.stdout).toBeGreaterThan(5);
    expect(parts.model_prices, rebuilt.stdout).toBeGreaterThan(5);
    await sameAsRebuild('after a rewrite in parts');

    // a refresh from a day reads each series' last observation from a window before it (sinks/lookback.ts), and further
    // back only the series that can still stand: from every day, with windows that hold the sheet before (130 days:
    // the sheets are 4 to 8 months apart) or none (1 day), the same rows as a rebuild
    for (const days of ['130', '1']) {
      const each = await runScript('test/helpers/refresh-each-day.ts', [days], env);
      expect(each.code, each.stderr).toBe(0);
      const refreshed = JSON.parse(each.stdout) as { day: string; diffs: Record<string, number> }[];
      expect(refreshed.length).toBe(6); // the six LiteLLM sheets
      for (const r of refreshed)
        expect(r.diffs, `${days}-day window, refreshed from ${r.day}`).toEqual({
          model_prices_by_day: 0,
          model_prices_by_day_all: 0,
          price_changes: 0,
          price_change_summary: 0,
        });
    }
  }, 900_000);
});
