import { performance } from 'node:perf_hooks';
import type { Warehouse } from './clickhouse.ts';
import { refreshModelPrices } from './model-prices-store.ts';
import { refreshPriceChanges } from './price-changes-store.ts';
import { refreshShareMetrics } from './share-metrics-store.ts';

/** What new rows ask of the kept tables: each from the earliest point they can change. */
export interface KeptRequest {
  priceChangesFrom: Map<string, string>; // per source, the earliest observed_at (price_changes, its summary)
  modelPricesFrom: string | null; // the earliest day of model_prices_by_day
  shareSources: Set<string> | 'all'; // the share series, by source
}

export const nothingKept = (): KeptRequest => ({
  priceChangesFrom: new Map(),
  modelPricesFrom: null,
  shareSources: new Set(),
});

/** The request that covers both: the earlier point of each, the union of the share sources. */
export function mergeKept(a: KeptRequest, b: KeptRequest): KeptRequest {
  const from = new Map(a.priceChangesFrom);
  for (const [source, at] of b.priceChangesFrom) if (!from.has(source) || at < from.get(source)!) from.set(source, at);
  const days = [a.modelPricesFrom, b.modelPricesFrom].filter((d) => d !== null);
  return {
    priceChangesFrom: from,
    modelPricesFrom: days.length ? days.reduce((x, y) => (y < x ? y : x)) : null,
    shareSources:
      a.shareSources === 'all' || b.shareSources === 'all' ? 'all' : new Set([...a.shareSources, ...b.shareSources]),
  };
}

/** One refresh of every kept table a request names; how long each took, in ms (for the refresher's log). */
export async function refreshKept(wh: Warehouse, r: KeptRequest): Promise<Record<string, number>> {
  const ms: Record<string, number> = {};
  const timed = async (name: string, fn: () => Promise<unknown>): Promise<void> => {
    const t0 = performance.now();
    await fn();
    ms[name] = Math.round(performance.now() - t0);
  };
  await timed('price_changes', () => refreshPriceChanges(wh, r.priceChangesFrom));
  if (r.modelPricesFrom !== null) await timed('model_prices', () => refreshModelPrices(wh, r.modelPricesFrom!));
  await timed('shares', () => refreshShareMetrics(wh, r.shareSources === 'all' ? 'all' : [...r.shareSources]));
  return ms;
}

/** Every kept table rewritten in full (a new schema computes them anew). */
export async function refreshAllKept(wh: Warehouse): Promise<void> {
  await refreshShareMetrics(wh, 'all');
  await refreshPriceChanges(wh, 'all');
  await refreshModelPrices(wh, 'all');
}
