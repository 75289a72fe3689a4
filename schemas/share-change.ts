import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';

const f = (d: string) => col(z.number(), 'Float64', d);
const n = (d: string) => col(z.number().int(), 'UInt64', d);
const flag = (d: string) => col(z.number().int(), 'UInt8', d);

// share_changes kept at insert time (sinks/share-metrics-store.ts): one row per pair of consecutive periods of a series,
// keyed by the later one, so a late period in between replaces the pair it splits; is_deleted retires a pair gone
export const ShareChange = z.object({
  source: col(z.string(), 'String', 'who published the series'),
  segment: col(z.string(), 'String', 'the market segment'),
  metric: col(z.string(), 'LowCardinality(String)', 'tokens, spend, usage, adoption or unspecified'),
  from_period: col(z.string(), 'String', 'the earlier period'),
  to_period: col(z.string(), 'String', 'the later period'),
  from_year: col(z.number().int(), 'UInt16', "the earlier period's year"),
  to_year: col(z.number().int(), 'UInt16', "the later period's year"),
  instability_index: f(
    'sum of absolute share changes, entrants and exits at full share, the unlisted remainder as one',
  ),
  share_changed_hands: f('half the instability index'),
  changed_hands_is_lower_bound: flag('1 when an unlisted remainder hides moves'),
  listed_instability_index: f('the instability index over the listed entities only'),
  unlisted_before: f('100 minus the listed share, earlier period'),
  unlisted_after: f('100 minus the listed share, later period'),
  leader_before: col(z.string(), 'String', 'the largest entity, earlier period'),
  leader_after: col(z.string(), 'String', 'the largest entity, later period'),
  leader_changed: flag('1 when the leader changed'),
  entities: n('entities listed in either period'),
  rank_churn: col(z.number().nullable(), 'Nullable(Float64)', '1 - Spearman rho over the union of both lists'),
  mean_rank_change: col(z.number().nullable(), 'Nullable(Float64)', 'mean absolute rank change, entities in both'),
  entrants: n('entities listed only in the later period'),
  exits: n('entities listed only in the earlier period'),
  share_basis: col(z.string(), 'String', "'published' or 'of_listed_total'"),
  refreshed_at: col(z.iso.datetime(), "DateTime64(3, 'UTC')", 'when the refresh that wrote this row ran'),
  is_deleted: flag('1 retires the pair (its periods are no longer consecutive)'),
});

export const shareChangesTable = defineTable({
  name: 'share_changes_store',
  schema: ShareChange,
  engine: 'ReplacingMergeTree(refreshed_at, is_deleted)',
  orderBy: ['source', 'segment', 'metric', 'to_year', 'to_period'],
  comment:
    'share_changes kept at insert time: each refresh rewrites the series that new share rows touched; query the share_changes view',
});

/** The columns of the share_changes view, in its order. */
export const SHARE_CHANGE_COLUMNS = Object.keys(ShareChange.shape).filter(
  (c) => c !== 'refreshed_at' && c !== 'is_deleted',
);
