import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';

const f = (d: string) => col(z.number(), 'Float64', d);

// share_concentration kept at insert time (sinks/share-metrics-store.ts): one row per series and period
export const ShareConcentration = z.object({
  source: col(z.string(), 'String', 'who published the series'),
  segment: col(z.string(), 'String', 'the market segment'),
  metric: col(z.string(), 'LowCardinality(String)', 'tokens, spend, usage, adoption or unspecified'),
  period: col(z.string(), 'String', 'the period'),
  year: col(z.number().int(), 'UInt16', "the period's year"),
  report_date: col(z.iso.date(), 'Date', 'when the report was published'),
  hhi: f('sum of squared percent shares over the listed entities'),
  hhi_is_lower_bound: col(z.number().int(), 'UInt8', '1 when unlisted share could only add to it'),
  band_2023_guidelines: col(z.string().nullable(), 'Nullable(String)', "the 2023 merger guidelines' band"),
  hhi_upper_bound: f('HHI with the unlisted share as one firm'),
  numbers_equivalent: f('10000 / HHI'),
  leader: col(z.string(), 'String', 'the largest entity'),
  cr1: f('share of the largest'),
  cr2: f('share of the two largest'),
  cr3: f('share of the three largest'),
  cr4: f('share of the four largest'),
  listed_share: f('the share the listed entities hold'),
  entities: col(z.number().int(), 'UInt64', 'entities listed'),
  share_basis: col(z.string(), 'String', "'published' or 'of_listed_total'"),
  refreshed_at: col(z.iso.datetime(), "DateTime64(3, 'UTC')", 'when the refresh that wrote this row ran'),
  is_deleted: col(z.number().int(), 'UInt8', '1 retires the period (no longer in share_series)'),
});

export const shareConcentrationTable = defineTable({
  name: 'share_concentration_store',
  schema: ShareConcentration,
  engine: 'ReplacingMergeTree(refreshed_at, is_deleted)',
  orderBy: ['source', 'segment', 'metric', 'year', 'period'],
  comment:
    'share_concentration kept at insert time: each refresh rewrites the series that new share rows touched; query the share_concentration view',
});

/** The columns of the share_concentration view, in its order. */
export const SHARE_CONCENTRATION_COLUMNS = Object.keys(ShareConcentration.shape).filter(
  (c) => c !== 'refreshed_at' && c !== 'is_deleted',
);
