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

const asksShares = (r: KeptRequest): boolean => r.shareSources === 'all' || r.shareSources.size > 0;

/** One refresh of every kept table a request names. */
export async function refreshKept(wh: Warehouse, r: KeptRequest): Promise<void> {
  await refreshPriceChanges(wh, r.priceChangesFrom);
  if (r.modelPricesFrom !== null) await refreshModelPrices(wh, r.modelPricesFrom);
  await refreshShareMetrics(wh, r.shareSources === 'all' ? 'all' : [...r.shareSources]);
}

/**
 * The sink's kept-table refreshes, merged: requests made within `windowMs` of each other, or while a refresh runs,
 * become one refresh from the earliest point any of them asked (a refresh costs a pass over the range, whatever
 * the number of batches behind it). Each caller's promise settles when a refresh that covers its rows has.
 */
export function keptRefreshQueue(
  refresh: (r: KeptRequest) => Promise<void>,
  windowMs = 20,
): (r: KeptRequest) => Promise<void> {
  let open: { request: KeptRequest; done: Promise<void> } | null = null;
  let tail: Promise<void> = Promise.resolve();
  return (request) => {
    if (!request.priceChangesFrom.size && request.modelPricesFrom === null && !asksShares(request))
      return Promise.resolve();
    if (open) {
      open.request = mergeKept(open.request, request);
      return open.done;
    }
    const next: { request: KeptRequest; done: Promise<void> } = { request, done: Promise.resolve() };
    next.done = tail
      .catch(() => undefined)
      .then(() => new Promise((resolve) => setTimeout(resolve, windowMs)))
      .then(() => {
        open = null; // what arrives from now on waits for the next refresh
        return refresh(next.request);
      });
    open = next;
    tail = next.done;
    return next.done;
  };
}
