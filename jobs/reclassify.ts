import { documentTimes, historyOfStepDimensions, storeClasses, storedSteps } from '../sinks/stored-changes.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';
import { refreshFromDayOf, refreshModelPrices } from '../sinks/model-prices-store.ts';
import { changedFrom, refreshPriceChanges } from '../sinks/price-changes-store.ts';
import { priceHistory, rejudgeChanges } from '../transform/peer-history.ts';

export interface ReclassifySummary {
  steps: number; // stored price steps of registry models
  changed: number;
  by_transition: Record<string, number>; // 'move -> unknown': n
}

/**
 * Every stored price step that the other sources judged, judged again with all of their history as of the step's time:
 * a class given before a source was imported (or while it lagged) comes out as if every source had been there. Writes
 * price_change_classes_store, which price_change_events and price_changes read over the published class; the topic
 * carried the class the step had when published.
 */
export async function reclassify(wh: Warehouse, now = new Date()): Promise<ReclassifySummary> {
  const [steps, rows, docs] = await Promise.all([storedSteps(wh), historyOfStepDimensions(wh), documentTimes(wh)]);
  const changed = rejudgeChanges(steps, priceHistory(rows, docs.all, docs.complete));
  await storeClasses(wh, changed, now);
  // a step that now is, or no longer is, a correction of a wrong price moves the prices before it in or out
  await refreshPriceChanges(wh, changedFrom(changed));
  const day = await refreshFromDayOf(wh, 'price_change_events_store', changed, true);
  if (day) await refreshModelPrices(wh, day);
  const was = new Map(steps.map((s) => [s.event_id, s.class]));
  const by_transition: Record<string, number> = {};
  for (const c of changed) {
    const t = `${was.get(c.event_id)} -> ${c.class}`;
    by_transition[t] = (by_transition[t] ?? 0) + 1;
  }
  return { steps: steps.length, changed: changed.length, by_transition };
}

export const formatReclassify = (r: ReclassifySummary): string =>
  [
    `price steps of registry models: ${r.steps}; judged again by the other sources' history: ${r.changed} changed`,
    ...Object.entries(r.by_transition)
      .sort()
      .map(([t, n]) => `  ${t}: ${n}`),
  ].join('\n');
