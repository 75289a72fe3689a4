import {
  PRICE_CHANGE_HISTORY_COLUMNS,
  PRICE_CHANGE_SUMMARY_COLUMNS,
  priceChangeHistoryTable,
  priceChangeSummaryTable,
} from '../schemas/price-change-history.ts';
import type { Warehouse } from './clickhouse.ts';
import { computePriceChangeSummary } from '../metrics/price-changes/views.ts';
import { FILL_PART_ROWS, inTurn, keyRanges, nextVersion, rewriteKept } from './refresh-turns.ts';
import { lookbackBefore } from './lookback.ts';
import { dateTimeLiteral, literal } from './sql-literal.ts';
import { computePriceChanges } from '../views/store-views.ts';

// the tables whose new rows can change a source's price_changes from their time on: an observation (a step), a
// complete document (a removal), a dead letter (a hold), a live event or a reclassification (the class)
export const CHANGE_INPUTS = [
  'price_observations_store',
  'raw_documents_store',
  'dead_letters_store',
  'price_change_events_store',
];

/** Per source, the earliest observed_at of these rows: where each source's price_changes can have changed from. */
export function changedFrom(rows: readonly object[]): Map<string, string> {
  const from = new Map<string, string>();
  for (const r of rows as { source?: unknown; observed_at?: unknown }[]) {
    if (typeof r.source !== 'string' || typeof r.observed_at !== 'string') continue;
    const was = from.get(r.source);
    if (was === undefined || r.observed_at < was) from.set(r.source, r.observed_at);
  }
  return from;
}

/**
 * Rewrites price_changes_store for each source from its time on (every source and time: 'all'), from the
 * observations as they are now, then price_change_summary_store from the earliest month rewritten: rows written again
 * at one version, and a row this refresh did not write again retired. Idempotent: a replay writes the same rows.
 * Every source and time is rewritten in parts of whole series (ranges of series_key: the store's leading key),
 * about partRows observations each.
 */
export const refreshPriceChanges = (
  wh: Warehouse,
  from: Map<string, string> | 'all',
  at = new Date(),
  partRows = FILL_PART_ROWS,
  // null: each series' last observation looked for in the whole store; for one source's series that is the cheaper
  // (bench:metrics 2026-12-04, refresh of a day's 10 documents: 6.5 s, 8.4 s with the window, at 100M)
  lookbackDays: number | null = null,
): Promise<void> => inTurn(wh, () => rewrite(wh, from, at, partRows, lookbackDays));

async function rewrite(
  wh: Warehouse,
  from: Map<string, string> | 'all',
  at: Date,
  partRows: number,
  lookbackDays: number | null,
): Promise<void> {
  if (from !== 'all' && from.size === 0) return;
  const version = nextVersion(at);
  const parts: Array<[string | null, Date | null, string]> =
    from === 'all'
      ? (await keyRanges(wh, 'price_observations_store', 'series_key', partRows)).map((p) => [null, null, p])
      : [...from].map(([source, iso]) => [literal(source), new Date(iso), 'true']);
  for (const [source, fromTime, part] of parts) {
    const time = fromTime === null ? null : dateTimeLiteral(fromTime);
    const lookback =
      fromTime === null || lookbackDays === null ? null : await lookbackBefore(wh, fromTime, lookbackDays);
    const scope = [source === null ? '' : `source = ${source}`, time === null ? '' : `observed_at >= ${time}`, part];
    await rewriteKept(
      wh,
      {
        table: priceChangeHistoryTable.name,
        columns: PRICE_CHANGE_HISTORY_COLUMNS,
        fresh: computePriceChanges(source, time, part, lookback),
        scope: scope.filter(Boolean).join(' AND '),
      },
      version,
    );
  }
  const earliest = from === 'all' ? null : [...from.values()].reduce((a, b) => (b < a ? b : a));
  const month = earliest === null ? null : `toStartOfMonth(toDate(${literal(earliest.slice(0, 10))}))`;
  await rewriteKept(
    wh,
    {
      table: priceChangeSummaryTable.name,
      columns: PRICE_CHANGE_SUMMARY_COLUMNS,
      fresh: computePriceChangeSummary(month),
      scope: month === null ? 'true' : `month >= ${month}`,
    },
    version,
  );
}

/** Which of these sources have price observations stored. */
export async function pricedSources(wh: Warehouse, sources: string[]): Promise<Set<string>> {
  if (!sources.length) return new Set();
  const rows = await wh.query<{ source: string }>(
    'SELECT DISTINCT source FROM price_observations_store WHERE source IN {sources:Array(String)}',
    { sources },
  );
  return new Set(rows.map((r) => r.source));
}

/** On a store that predates the kept tables, or a fresh one: fill them once from the observations it holds. */
export async function fillPriceChangesIfEmpty(wh: Warehouse): Promise<void> {
  const [kept] = await wh.query<{ n: string }>(`SELECT count() AS n FROM ${priceChangeHistoryTable.name}`);
  if (Number(kept?.n ?? 0) > 0) return;
  const [prices] = await wh.query<{ n: string }>('SELECT count() AS n FROM price_observations_store');
  if (Number(prices?.n ?? 0) > 0) await refreshPriceChanges(wh, 'all');
}
