import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';
import { PriceChange } from './events/price-change.ts';

// price_changes kept at insert time (sinks/price-changes-store.ts): the published event's fields, the kind as the
// view derives it, and each row's version
export const PriceChangeHistory = PriceChange.extend({
  kind: col(z.string(), 'String', 'first_seen, increase, decrease or removed'),
  class: col(z.string(), 'String', 'move, correction or unknown'),
  class_evidence: col(z.string(), 'String', 'why that class'),
  refreshed_at: col(z.iso.datetime(), "DateTime64(3, 'UTC')", 'when the refresh that wrote this row ran'),
  is_deleted: col(z.number().int(), 'UInt8', '1 retires the change (no longer derived from the observations)'),
});

export const priceChangeHistoryTable = defineTable({
  name: 'price_changes_store',
  schema: PriceChangeHistory,
  engine: 'ReplacingMergeTree(refreshed_at, is_deleted)',
  // by time within a source: a refresh rewrites a source from a time on
  orderBy: ['source', 'observed_at', 'series_key', 'kind'],
  comment:
    'price_changes kept at insert time: each refresh rewrites a source from the earliest time new input can change; query the price_changes view',
});

/** The columns of the price_changes view, in its order. */
export const PRICE_CHANGE_HISTORY_COLUMNS = Object.keys(PriceChangeHistory.shape).filter(
  (c) => c !== 'refreshed_at' && c !== 'is_deleted',
);

// price_change_summary kept beside it: per provider, month and class
export const PriceChangeSummary = z.object({
  provider: col(z.string(), 'LowCardinality(String)', 'canonical provider'),
  month: col(z.iso.date(), 'Date', 'the month of the changes'),
  class: col(z.string(), 'String', "move, correction, unknown, or 'all'"),
  cuts: col(z.number().int(), 'UInt64', 'price decreases'),
  increases: col(z.number().int(), 'UInt64', 'price increases'),
  median_cut_pct: col(z.number().nullable(), 'Nullable(Float64)', 'median decrease in percent'),
  median_increase_pct: col(z.number().nullable(), 'Nullable(Float64)', 'median increase in percent'),
  models_repriced: col(z.number().int(), 'UInt64', 'models with a step'),
  refreshed_at: col(z.iso.datetime(), "DateTime64(3, 'UTC')", 'when the refresh that wrote this row ran'),
  is_deleted: col(z.number().int(), 'UInt8', '1 retires the row'),
});

export const priceChangeSummaryTable = defineTable({
  name: 'price_change_summary_store',
  schema: PriceChangeSummary,
  engine: 'ReplacingMergeTree(refreshed_at, is_deleted)',
  orderBy: ['month', 'provider', 'class'],
  comment:
    'price_change_summary kept at insert time: each refresh rewrites the months from the earliest change it rewrote; query the price_change_summary view',
});

export const PRICE_CHANGE_SUMMARY_COLUMNS = Object.keys(PriceChangeSummary.shape).filter(
  (c) => c !== 'refreshed_at' && c !== 'is_deleted',
);
