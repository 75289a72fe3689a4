import type { TableSpec } from '../schemas/clickhouse.ts';
import { SHARE_CHANGE_COLUMNS, shareChangesTable } from '../schemas/share-change.ts';
import { SHARE_CONCENTRATION_COLUMNS, shareConcentrationTable } from '../schemas/share-concentration.ts';
import type { Warehouse } from './clickhouse.ts';
import { FILL_PART_ROWS, inTurn, keyRanges, nextVersion, rewriteKept } from './refresh-turns.ts';
import { literal } from './sql-literal.ts';
import { computeShareChanges, computeShareConcentration } from '../metrics/share-volatility/views.ts';

// a share metric kept at insert time: its table, the view's columns, and its SQL over the series a filter selects
interface Kept {
  table: TableSpec;
  columns: string[];
  compute: (where: string) => string;
}
const KEPT: Kept[] = [
  { table: shareChangesTable, columns: SHARE_CHANGE_COLUMNS, compute: computeShareChanges },
  { table: shareConcentrationTable, columns: SHARE_CONCENTRATION_COLUMNS, compute: computeShareConcentration },
];

/**
 * Rewrites the kept share metrics (share_changes_store, share_concentration_store) for the series of these sources
 * (every series: 'all'), from share_series as it is now: each row written again at one version, and a row this
 * refresh did not write again (a pair split by a late period, a period gone) retired. Idempotent: a replay or a
 * redelivered batch writes the same rows. Every series is rewritten in parts of whole series (ranges of segments: the share store's leading key),
 * about partRows share rows each.
 */
export const refreshShareMetrics = (
  wh: Warehouse,
  sources: readonly string[] | 'all',
  at = new Date(),
  partRows = FILL_PART_ROWS,
): Promise<void> => inTurn(wh, () => rewrite(wh, sources, at, partRows));

async function rewrite(wh: Warehouse, sources: readonly string[] | 'all', at: Date, partRows: number): Promise<void> {
  if (sources !== 'all' && sources.length === 0) return;
  const parts =
    sources === 'all'
      ? await keyRanges(wh, 'market_shares', 'segment', partRows)
      : [`source IN (${sources.map(literal).join(', ')})`];
  const version = nextVersion(at);
  for (const where of parts)
    for (const k of KEPT)
      await rewriteKept(
        wh,
        { table: k.table.name, columns: k.columns, fresh: k.compute(where), scope: where },
        version,
      );
}

/** On a store that predates the kept tables, or a fresh one: fill them once from what share_series already holds. */
export async function fillShareMetricsIfEmpty(wh: Warehouse): Promise<void> {
  const counts = await Promise.all(
    KEPT.map(async (k) => Number((await wh.query<{ n: string }>(`SELECT count() AS n FROM ${k.table.name}`))[0]?.n)),
  );
  if (counts.every((n) => n > 0)) return;
  const [shares] = await wh.query<{ n: string }>('SELECT count() AS n FROM share_series');
  if (Number(shares?.n ?? 0) > 0) await refreshShareMetrics(wh, 'all');
}
