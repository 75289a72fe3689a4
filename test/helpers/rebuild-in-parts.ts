// node bin/run-ts.js test/helpers/rebuild-in-parts.ts PART_ROWS: every kept table rewritten in full ('all') in parts
// of PART_ROWS stored rows, as a fill of a large store runs; prints how many parts each took
import { loadEnv } from '../../schemas/env.ts';
import { createLogger } from '../../schemas/logger.ts';
import { openWarehouse, warehouseConfig } from '../../sinks/clickhouse.ts';
import { refreshModelPrices } from '../../sinks/model-prices-store.ts';
import { refreshPriceChanges } from '../../sinks/price-changes-store.ts';
import { fillParts, keyRanges, rowCount } from '../../sinks/refresh-turns.ts';
import { refreshShareMetrics } from '../../sinks/share-metrics-store.ts';

const partRows = Number(process.argv[2]);
if (!(partRows > 0)) throw new Error('usage: rebuild-in-parts.ts PART_ROWS');
const env = loadEnv();
const wh = await openWarehouse(warehouseConfig(env), createLogger('warn'));
const hashParts = async (table: string, where?: string) =>
  fillParts('k', await rowCount(wh, table, where), partRows).length;
const ranges = async (table: string, key: string) => (await keyRanges(wh, table, key, partRows)).length;
await refreshShareMetrics(wh, 'all', new Date(), partRows);
await refreshPriceChanges(wh, 'all', new Date(), partRows);
await refreshModelPrices(wh, 'all', new Date(), partRows);
process.stdout.write(
  `${JSON.stringify({
    shares: await ranges('market_shares', 'segment'),
    price_changes: await ranges('price_observations_store', 'series_key'),
    model_prices: await hashParts('price_observations_store', "model_id != ''"),
  })}\n`,
);
await wh.close();
