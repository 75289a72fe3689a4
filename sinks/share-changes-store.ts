import { SHARE_CHANGE_COLUMNS, shareChangesTable } from '../schemas/share-change.ts';
import type { Warehouse } from './clickhouse.ts';
import { computeShareChanges } from './metric-views.ts';


const literal = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Rewrites share_changes_store for the series of these sources (every series: 'all'), from share_series as it is now:
 * each pair of consecutive periods written again at one version, and a pair no longer consecutive (a late period
 * arrived between) retired. Idempotent: a replay or a redelivered batch rewrites the same rows.
 */
export async function refreshShareChanges(
  wh: Warehouse,
  sources: readonly string[] | 'all',
  at = new Date(),
): Promise<void> {
  if (sources !== 'all' && sources.length === 0) return;
  const where = sources === 'all' ? 'true' : `source IN (${sources.map(literal).join(', ')})`;
  const version = `toDateTime64(${literal(at.toISOString().replace('T', ' ').replace('Z', ''))}, 3, 'UTC')`;
  const cols = [...SHARE_CHANGE_COLUMNS, 'refreshed_at', 'is_deleted'].join(', ');
  await wh.command(
    `INSERT INTO ${shareChangesTable.name} (${cols}) SELECT *, ${version}, 0 FROM (${computeShareChanges(where)})`,
  );
  // what this refresh did not write again is no pair any more
  await wh.command(
    `INSERT INTO ${shareChangesTable.name} (${cols})
     SELECT ${SHARE_CHANGE_COLUMNS.join(', ')}, ${version}, 1 FROM ${shareChangesTable.name} FINAL
     WHERE (${where}) AND NOT is_deleted AND refreshed_at < ${version}`,
  );
}

/** On a store that predates the table, or a fresh one: fill it once from what share_series already holds. */
export async function fillShareChangesIfEmpty(wh: Warehouse): Promise<void> {
  const [kept] = await wh.query<{ n: string }>(`SELECT count() AS n FROM ${shareChangesTable.name}`);
  if (Number(kept?.n ?? 0) > 0) return;
  const [shares] = await wh.query<{ n: string }>('SELECT count() AS n FROM share_series');
  if (Number(shares?.n ?? 0) > 0) await refreshShareChanges(wh, 'all');
}
