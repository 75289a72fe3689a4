import { PriceChange } from '../schemas/events/price-change.ts';
import { priceChangeClassesTable, type PriceChangeClass } from '../schemas/price-change-class.ts';
import type { HistoryRow, ResolvedChange } from '../transform/peer-history.ts';
import type { Warehouse } from './clickhouse.ts';

// times travel as epoch milliseconds (a 64-bit integer is quoted in JSON), prices as decimal text: nothing is rounded
const ms = (col: string): string => `toUnixTimestamp64Milli(${col})`;
const isoOf = (v: string | number | null): string | null => (v === null ? null : new Date(Number(v)).toISOString());
const TIMES = ['observed_at', 'previous_observed_at'];
const DECIMALS = ['old_usd_per_mtok', 'new_usd_per_mtok', 'abs_change'];
const selectChange = Object.keys(PriceChange.shape)
  .map((c) =>
    TIMES.includes(c)
      ? `${ms(`e.${c}`)} AS ${c}`
      : DECIMALS.includes(c)
        ? `toString(e.${c}) AS ${c}`
        : `e.${c} AS ${c}`,
  )
  .join(', ');

// the price steps whose new observation resolved to a registry model: only those have other sources to be judged by
const STEPS = `
SELECT ${selectChange}, o.resolved AS model_id
FROM price_change_events AS e
INNER JOIN (SELECT event_id, any(model_id) AS resolved FROM price_observations_store WHERE model_id != '' GROUP BY event_id) AS o
  ON o.event_id = e.new_event_id
WHERE e.kind IN ('increase', 'decrease')`;

/** The stored live price steps with their registry model, as published (class and evidence included). */
export async function storedSteps(wh: Warehouse): Promise<ResolvedChange[]> {
  const rows = await wh.query<Record<string, unknown>>(STEPS);
  return rows.map((r) => ({
    ...PriceChange.parse({
      ...r,
      observed_at: isoOf(r.observed_at as string),
      previous_observed_at: isoOf(r.previous_observed_at as string | null),
    }),
    model_id: String(r.model_id),
  }));
}

/** Every observation of the dimensions those steps are on, from every source. */
export async function historyOfStepDimensions(wh: Warehouse): Promise<HistoryRow[]> {
  const dims = 'model_id, provider, token_class, service_tier, region, context_tier';
  const rows = await wh.query<HistoryRow & { observed_at: string }>(
    `SELECT source, series_key, ${dims}, toString(usd_per_mtok) AS usd_per_mtok, ${ms('observed_at')} AS observed_at
     FROM price_observations WHERE model_id != '' AND (${dims}) IN (
       SELECT model_id, provider, token_class, service_tier, region, context_tier FROM (${STEPS}))`,
  );
  return rows.map((r) => ({ ...r, observed_at: isoOf(r.observed_at)! }));
}

/** When each source published a document, and a complete one: a series a complete one left out was gone from then. */
export async function documentTimes(
  wh: Warehouse,
): Promise<{ all: { source: string; observed_at: string }[]; complete: { source: string; observed_at: string }[] }> {
  const read = async (sql: string) =>
    (await wh.query<{ source: string; observed_at: string }>(sql)).map((r) => ({
      source: r.source,
      observed_at: isoOf(r.observed_at)!,
    }));
  const [all, complete] = await Promise.all([
    read(`SELECT DISTINCT source, ${ms('observed_at')} AS observed_at FROM raw_documents_store`),
    read(`SELECT source, ${ms('observed_at')} AS observed_at FROM complete_documents`),
  ]);
  return { all, complete };
}

/** The new classes, in their own table: the published event stays as it was, and a redelivered one cannot undo them. */
export const storeClasses = (wh: Warehouse, changes: PriceChange[], at: Date): Promise<void> =>
  wh.insert(
    priceChangeClassesTable.name,
    changes.map((c): PriceChangeClass => ({
      event_id: c.event_id,
      class: c.class,
      class_evidence: c.class_evidence,
      classified_at: at.toISOString(),
    })),
  );
