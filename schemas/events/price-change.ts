import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';
import { ServiceTier, TokenClass, ContextTier } from '../price-dimensions.ts';
import { DecimalText } from './price-observation.ts';

const ts = "DateTime64(3, 'UTC')";

export const ChangeKind = z.enum(['first_seen', 'increase', 'decrease', 'removed']);
export type ChangeKind = z.infer<typeof ChangeKind>;

// a price move the vendor made, a source fixing its own entry, or a step nothing confirms or explains (transform/change-class.ts)
export const ChangeClass = z.enum(['move', 'correction', 'unknown']);
export type ChangeClass = z.infer<typeof ChangeClass>;

export const PriceChange = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (series_key, kind, observed_at)'),
  series_key: col(z.string().min(1), 'String', 'the series that changed (see price_observations.series_key)'),
  kind: col(ChangeKind, 'LowCardinality(String)', 'first_seen, increase, decrease or removed'),
  provider: col(z.string(), 'LowCardinality(String)', 'canonical provider'),
  model: col(z.string(), 'String', 'canonical model id'),
  source_model_id: col(z.string(), 'String', "the source's own model id"),
  token_class: col(TokenClass, 'LowCardinality(String)', 'token class'),
  service_tier: col(ServiceTier, 'LowCardinality(String)', 'service tier'),
  region: col(z.string(), 'LowCardinality(String)', 'region'),
  context_tier: col(ContextTier, 'LowCardinality(String)', 'context tier'),
  old_usd_per_mtok: col(
    DecimalText.nullable(),
    'Nullable(Decimal(38, 12))',
    'previous price, USD per 1M tokens (null for first_seen)',
  ),
  new_usd_per_mtok: col(
    DecimalText.nullable(),
    'Nullable(Decimal(38, 12))',
    'new price, USD per 1M tokens (null for removed)',
  ),
  abs_change: col(DecimalText.nullable(), 'Nullable(Decimal(38, 12))', 'new - old, USD per 1M tokens'),
  pct_change: col(
    z.number().nullable(),
    'Nullable(Float64)',
    '100 * (new - old) / old, in percent (-50 = halved); null when old is 0 or absent',
  ),
  observed_at: col(z.iso.datetime(), ts, 'observation time of the document that showed the change'),
  previous_observed_at: col(z.iso.datetime().nullable(), `Nullable(${ts})`, 'observation time of the previous price'),
  old_event_id: col(z.uuid().nullable(), 'Nullable(UUID)', 'event_id of the previous observation'),
  new_event_id: col(z.uuid().nullable(), 'Nullable(UUID)', 'event_id of the new observation'),
  source: col(z.string(), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string(), 'String', 'URL of the document that showed the change'),
  // added after the first release: a consumer of the older schema ignores both, an older event reads as unknown
  class: col(
    ChangeClass.default('unknown'),
    'LowCardinality(String)',
    'move (first-party or most sources show it, or nothing contradicts it), correction (the source fixed its own entry) or unknown',
  ),
  class_evidence: col(z.string().default(''), 'String', 'why that class: the sources, prices and dates it rests on'),
});
export type PriceChange = z.infer<typeof PriceChange>;

export const priceChangesTable = defineTable({
  name: 'price_change_events_store',
  schema: PriceChange,
  engine: 'ReplacingMergeTree',
  orderBy: ['series_key', 'observed_at', 'event_id'],
  partitionBy: 'toYear(observed_at)',
  comment:
    'every live event published on rebar.price-changes (newest observations only); the full history is the price_changes view',
});
