// node bin/run-ts.js test/helpers/refresh-each-day.ts LOOKBACK_DAYS: the kept price tables refreshed from each day
// prices were observed on, oldest first, each series' last observation before it read from a window of LOOKBACK_DAYS;
// after each refresh, the rows each kept view and a rebuild from the observations disagree on. Prints one JSON line:
// [{ day, diffs: { view: count } }]
import { computePriceChangeSummary } from '../../metrics/price-changes/views.ts';
import { computeModelPricesByDay } from '../../metrics/inputs/model-prices-by-day.ts';
import { loadEnv } from '../../schemas/env.ts';
import { createLogger } from '../../schemas/logger.ts';
import { openWarehouse, warehouseConfig } from '../../sinks/clickhouse.ts';
import { refreshModelPrices } from '../../sinks/model-prices-store.ts';
import { refreshPriceChanges } from '../../sinks/price-changes-store.ts';
import { computePriceChanges } from '../../views/store-views.ts';

const lookbackDays = Number(process.argv[2]);
if (!(lookbackDays >= 0)) throw new Error('usage: refresh-each-day.ts LOOKBACK_DAYS');
const wh = await openWarehouse(warehouseConfig(loadEnv()), createLogger('warn'));
const REBUILT = [
  ['model_prices_by_day', computeModelPricesByDay(true, null)],
  ['model_prices_by_day_all', computeModelPricesByDay(false, null)],
  ['price_changes', computePriceChanges()],
  ['price_change_summary', computePriceChangeSummary()],
] as const;
const count = async (sql: string): Promise<number> =>
  Number((await wh.query<{ n: string }>(`SELECT count() AS n FROM (${sql})`))[0]?.n);

const days = await wh.query<{ day: string; sources: string[] }>(
  'SELECT toString(toDate(observed_at)) AS day, groupUniqArray(source) AS sources FROM price_observations_store GROUP BY day ORDER BY day',
);
const out: { day: string; diffs: Record<string, number> }[] = [];
for (const { day, sources } of days) {
  const from = new Map(sources.map((s) => [s, `${day}T00:00:00.000Z`]));
  await refreshPriceChanges(wh, from, new Date(), undefined, lookbackDays);
  await refreshModelPrices(wh, day, new Date(), undefined, lookbackDays);
  const diffs: Record<string, number> = {};
  for (const [view, rebuilt] of REBUILT)
    diffs[view] =
      (await count(`(SELECT * FROM ${view}) EXCEPT (${rebuilt})`)) +
      (await count(`(${rebuilt}) EXCEPT (SELECT * FROM ${view})`));
  out.push({ day, diffs });
}
process.stdout.write(`${JSON.stringify(out)}\n`);
await wh.close();
