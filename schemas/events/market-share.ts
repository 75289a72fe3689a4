import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';
import { DecimalText } from './price-observation.ts';

const ts = "DateTime64(3, 'UTC')";

// measured shares from a source's own counts (OpenRouter tokens); analyst survey shares live in analyst_datapoints
export const MarketShare = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (segment, metric, entity, period_end)'),
  segment: col(
    z.string().min(1),
    'LowCardinality(String)',
    "the market measured ('openrouter': tokens routed through OpenRouter)",
  ),
  metric: col(
    z.enum(['tokens', 'requests', 'spend', 'usage', 'adoption']),
    'LowCardinality(String)',
    'what the share counts: tokens, requests, spend, usage or adoption',
  ),
  entity: col(
    z.string().min(1),
    'String',
    "the model or organization as the source names it; 'other' for the rest of a top-N list",
  ),
  entity_kind: col(
    z.enum(['model', 'organization', 'other']),
    'LowCardinality(String)',
    "model, organization, or 'other' (everything outside the listed top N)",
  ),
  model: col(z.string(), 'String', "canonical model id (registry/models.csv); '' when unresolved or not a model"),
  organization: col(
    z.string(),
    'LowCardinality(String)',
    "the entity's organization as the source names it ('anthropic'); '' for other",
  ),
  value: col(
    DecimalText.nullable(),
    'Nullable(Decimal(38, 4))',
    'the count behind the share (tokens, requests) as published; null when only a share is given',
  ),
  share: col(
    DecimalText.nullable(),
    'Nullable(Decimal(38, 6))',
    "percent of the segment's total, when the total is known; null for a top-N list without one",
  ),
  rank: col(z.number().int().nonnegative().nullable(), 'Nullable(UInt32)', 'rank as published'),
  period_start: col(z.iso.date(), 'Date', 'first day of the period measured'),
  period_end: col(z.iso.date(), 'Date', 'last day of the period measured'),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string().min(1), 'String', 'URL of the document'),
  observed_at: col(z.iso.datetime(), ts, 'when the document was fetched (or --observed-at)'),
});
export type MarketShare = z.infer<typeof MarketShare>;

export const marketShareObservationsTable = defineTable({
  name: 'market_share_observations_store',
  schema: MarketShare,
  engine: 'ReplacingMergeTree(observed_at)',
  orderBy: ['segment', 'metric', 'entity', 'period_end'],
  comment:
    "shares measured from a source's own counts, one row per (segment, metric, entity, period): read through market_shares",
});
