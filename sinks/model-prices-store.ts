import { MODEL_PRICES_BY_DAY_COLUMNS, modelPricesByDayTable } from '../schemas/model-prices-by-day.ts';
import { FILL_PART_ROWS, fillParts, inTurn, nextVersion, rewriteKept, rowCount } from './refresh-turns.ts';
import { LOOKBACK_DAYS, lookbackBefore } from './lookback.ts';
import { literal } from './sql-literal.ts';
import type { Warehouse } from './clickhouse.ts';
import { computeModelPricesByDay, wrongOldPriceSql } from '../metrics/inputs/model-prices-by-day.ts';

// the tables whose new rows can change model_prices_by_day, and from which day on (refreshFromDayOf)
const OBSERVED = ['price_observations_store', 'raw_documents_store', 'dead_letters_store'];
const EVENTS = 'price_change_events_store';
const VARIANTS = [
  { variant: 'moves', movesOnly: true },
  { variant: 'all', movesOnly: false },
] as const;

/**
 * Rewrites model_prices_by_day_store (both views' rows) from a day on (every day: 'all'), from the observations as
 * they are now: each row of those days written again at one version, and a row this refresh did not write again (a
 * model no longer priced that day) retired. Idempotent: a replay or a redelivered batch writes the same rows. Every
 * day is rewritten in parts of whole models, about partRows observations each.
 */
export const refreshModelPrices = (
  wh: Warehouse,
  fromDay: string | 'all',
  at = new Date(),
  partRows = FILL_PART_ROWS,
  lookbackDays: number | null = LOOKBACK_DAYS, // null: each series' last observation looked for in the whole store
): Promise<void> => inTurn(wh, () => rewrite(wh, fromDay, at, partRows, lookbackDays));

async function rewrite(
  wh: Warehouse,
  fromDay: string | 'all',
  at: Date,
  partRows: number,
  lookbackDays: number | null,
): Promise<void> {
  const version = nextVersion(at);
  const day = fromDay === 'all' ? null : `toDate(${literal(fromDay)})`;
  const lookback =
    fromDay === 'all' || lookbackDays === null
      ? null
      : await lookbackBefore(wh, new Date(`${fromDay}T00:00:00Z`), lookbackDays);
  const parts =
    fromDay === 'all'
      ? fillParts('model_id', await rowCount(wh, 'price_observations_store', "model_id != ''"), partRows)
      : ['true'];
  for (const part of parts)
    for (const v of VARIANTS)
      await rewriteKept(
        wh,
        {
          table: modelPricesByDayTable.name,
          columns: ['variant', ...MODEL_PRICES_BY_DAY_COLUMNS],
          fresh: `SELECT '${v.variant}' AS variant, * FROM (${computeModelPricesByDay(v.movesOnly, day, part, lookback)})`,
          scope: `variant = '${v.variant}'${day ? ` AND day >= ${day}` : ''} AND (${part})`,
        },
        version,
      );
}

const dayOf = (iso: string): string => iso.slice(0, 10);
// a time as ISO 8601 or as ClickHouse prints a UTC DateTime64 ('2026-03-01 00:00:00.000')
const epochOf = (t: string): number => Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t.replace(' ', 'T')}Z`);

/**
 * The first day new rows of a table can change in model_prices_by_day, or null: an observation, a document (a
 * removal) or a dead letter (a hold) from its own day; a live event from its series' previous event when it is, or is
 * followed by, a correction that showed the old price wrong (those prices leave the moves-only view), else its own day.
 * A reclassified event (`always`) reaches back to its series' previous event whatever its class now.
 */
export async function refreshFromDayOf(
  wh: Warehouse,
  table: string,
  rows: readonly object[],
  always = false,
): Promise<string | null> {
  const times = rows.map((r) => (r as { observed_at?: unknown }).observed_at).filter((t) => typeof t === 'string');
  if (OBSERVED.includes(table)) return times.length ? dayOf(times.reduce((a, b) => (b < a ? b : a))) : null;
  if (table !== EVENTS || rows.length === 0) return null;
  const steps = rows as { series_key: string; observed_at: string }[];
  const first = steps.map((s) => s.observed_at).reduce((a, b) => (b < a ? b : a));
  const reaching = always ? steps : await reachingBack(wh, steps, first);
  if (!reaching.length) return dayOf(first);
  // a step that reaches back does so from its series' previous event (1970 where it has none: every day)
  const [row] = await wh.query<{ day: string }>(
    `WITH b AS (
      SELECT x.1 AS series_key, parseDateTime64BestEffort(x.2, 3, 'UTC') AS at
      FROM (SELECT arrayJoin(arrayZip({keys:Array(String)}, {ats:Array(String)})) AS x)
    )
    SELECT toString(toDate(min(previous))) AS day FROM (
      SELECT maxIf(e.observed_at, e.observed_at < b.at) AS previous
      FROM b LEFT JOIN (SELECT series_key, observed_at FROM price_change_events
        WHERE series_key IN (SELECT series_key FROM b)) AS e ON e.series_key = b.series_key
      GROUP BY b.series_key, b.at)`,
    { keys: reaching.map((s) => s.series_key), ats: reaching.map((s) => s.observed_at) },
  );
  const back = row?.day ?? dayOf(first);
  return back < dayOf(first) ? back : dayOf(first);
}

// the steps a correction that showed a price wrong stands at or after (its own, or a later one of its series): looked
// for among the events from the earliest step on (a live document's own, as a rule), not each series' whole history
async function reachingBack(
  wh: Warehouse,
  steps: { series_key: string; observed_at: string }[],
  first: string,
): Promise<{ series_key: string; observed_at: string }[]> {
  const wrong = await wh.query<{ series_key: string; at: string }>(
    `SELECT e.series_key AS series_key, toString(max(e.observed_at)) AS at FROM price_change_events AS e
     WHERE e.series_key IN {keys:Array(String)} AND e.observed_at >= parseDateTime64BestEffort({first:String}, 3, 'UTC')
       AND ${wrongOldPriceSql('e')}
     GROUP BY e.series_key`,
    { keys: [...new Set(steps.map((s) => s.series_key))], first },
  );
  if (!wrong.length) return [];
  const latest = new Map(wrong.map((w) => [w.series_key, epochOf(w.at)]));
  return steps.filter((s) => (latest.get(s.series_key) ?? -Infinity) >= epochOf(s.observed_at));
}

/** On a store that predates the kept table, or a fresh one: fill it once from the observations it already holds. */
export async function fillModelPricesIfEmpty(wh: Warehouse): Promise<void> {
  const [kept] = await wh.query<{ n: string }>(`SELECT count() AS n FROM ${modelPricesByDayTable.name}`);
  if (Number(kept?.n ?? 0) > 0) return;
  const [prices] = await wh.query<{ n: string }>(
    "SELECT count() AS n FROM price_observations_store WHERE model_id != ''",
  );
  if (Number(prices?.n ?? 0) > 0) await refreshModelPrices(wh, 'all');
}
