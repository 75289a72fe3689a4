import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';
import { ChangeClass } from './events/price-change.ts';

// a class `rebar reclassify` gave a stored price-change event later: it wins over the published one, and a redelivered
// event (which carries the class it was published with) cannot take it back, since this table is never written by the sink
export const PriceChangeClass = z.object({
  event_id: col(z.uuid(), 'UUID', 'the price-change event judged again'),
  class: col(ChangeClass, 'LowCardinality(String)', 'move, correction or unknown, as judged again'),
  class_evidence: col(z.string(), 'String', 'why, from every source as it stood at the step'),
  classified_at: col(z.iso.datetime(), "DateTime64(3, 'UTC')", 'when rebar reclassify judged it'),
});
export type PriceChangeClass = z.infer<typeof PriceChangeClass>;

export const priceChangeClassesTable = defineTable({
  name: 'price_change_classes_store',
  schema: PriceChangeClass,
  engine: 'ReplacingMergeTree(classified_at)',
  orderBy: ['event_id'],
  comment: 'classes rebar reclassify gave stored price-change events; the latest per event wins over the published one',
});
