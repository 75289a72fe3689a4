import type { Lookback } from '../views/last-observations-sql.ts';
import type { Warehouse } from './clickhouse.ts';
import { dateTimeLiteral, literal } from './sql-literal.ts';

// a month: sources refresh hourly to weekly, so their last complete document before a time is as a rule in it
export const LOOKBACK_DAYS = 31;

/**
 * The window a refresh from `before` reads each series' last observation in (views/last-observations-sql.ts): the
 * `days` before it, and, looked up before the window, the series of every source without a complete document (one
 * that yielded facts) in it, by the series_key prefix the source leads with, so the store's key narrows the read.
 */
export async function lookbackBefore(wh: Warehouse, before: Date, days = LOOKBACK_DAYS): Promise<Lookback> {
  const since = dateTimeLiteral(new Date(before.getTime() - days * 86_400_000));
  const until = dateTimeLiteral(before);
  const rows = await wh.query<{ source: string }>(
    `SELECT DISTINCT source FROM complete_documents WHERE observed_at >= ${since} AND observed_at < ${until}`,
  );
  const dropping = rows.map((r) => `startsWith(series_key, ${literal(`${r.source}|`)})`);
  return { since, far: dropping.length ? `NOT (${dropping.join(' OR ')})` : 'true' };
}
