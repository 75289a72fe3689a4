import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';
import { ServiceTier, TokenClass, TokenUnit, ContextTier } from '../price-dimensions.ts';

const ts = "DateTime64(3, 'UTC')";
// exact decimal text, never a float: '2.5', '0.15', '0.000125'
export const DecimalText = z.string().regex(/^-?\d+(\.\d+)?$/);

export const PriceObservation = z.object({
  event_id: col(
    z.uuid(),
    'UUID',
    'deterministic id of (series_key, observed_at): a redelivery or replay lands on the same row',
  ),
  series_key: col(z.string().min(1), 'String', 'source|source_model_id|token_class|service_tier|region|context_tier'),
  provider: col(
    z.string().min(1),
    'LowCardinality(String)',
    'canonical provider selling at this price (openai, azure, aws_bedrock, google_vertex, openrouter, ...)',
  ),
  model: col(
    z.string().min(1),
    'String',
    "the source's id lowercased without its provider path: groups one source's series, not models across hosts",
  ),
  model_id: col(
    z.string(),
    'LowCardinality(String)',
    "the registry's model (registry/models.csv) at observed_at; '' when the registry does not know the id (see unresolved_models)",
  ),
  source_model_id: col(z.string().min(1), 'String', "the source's own id for the model, verbatim"),
  source_provider: col(z.string(), 'LowCardinality(String)', "the source's own provider label, verbatim"),
  token_class: col(
    TokenClass,
    'LowCardinality(String)',
    'input, output, cache_read, cache_write, reasoning, audio_*, image_*, ...',
  ),
  service_tier: col(ServiceTier, 'LowCardinality(String)', 'standard, batch, flex or priority'),
  region: col(
    z.string().min(1),
    'LowCardinality(String)',
    "region the price applies to; 'global' when the source gives none",
  ),
  context_tier: col(
    ContextTier,
    'LowCardinality(String)',
    "'base', or 'above_<n>k' when prompts past n thousand tokens are priced differently",
  ),
  usd_per_mtok: col(DecimalText, 'Decimal(38, 12)', 'price in USD per 1M tokens, exact'),
  raw_value: col(z.string().min(1), 'String', 'the price as published, verbatim text'),
  raw_unit: col(
    TokenUnit,
    'LowCardinality(String)',
    'unit as published, in `currency`: per_token, per_1k_tokens or per_1m_tokens',
  ),
  currency: col(z.string().length(3), 'LowCardinality(String)', 'currency as published (ISO 4217); raw_value is in it'),
  fx_usd_per_unit: col(
    DecimalText.nullable(),
    'Nullable(Decimal(38, 12))',
    'USD per unit of currency used to convert a non-USD price; null for USD',
  ),
  fx_rate_date: col(z.iso.date().nullable(), 'Nullable(Date)', 'the date of that FX rate'),
  observed_at: col(
    z.iso.datetime(),
    ts,
    'when the document carrying this price was fetched (or --observed-at for archives)',
  ),
  effective_from: col(
    z.iso.datetime().nullable(),
    `Nullable(${ts})`,
    'when the vendor says the price applies, if known',
  ),
  effective_to: col(
    z.iso.datetime().nullable(),
    `Nullable(${ts})`,
    'when a later period the source declares replaces the price (exclusive); null when no end is declared',
  ),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name (litellm, openrouter, ...)'),
  source_url: col(z.string().min(1), 'String', 'URL of the document'),
  source_field: col(z.string().min(1), 'LowCardinality(String)', 'field of the document the price came from'),
  document_hash: col(z.string(), 'String', 'content hash of the raw document'),
  transformed_at: col(
    z.iso.datetime(),
    ts,
    'when the transformer produced this row: a replay with a corrected parser supersedes older rows',
  ),
});
export type PriceObservation = z.infer<typeof PriceObservation>;

export const priceObservationsTable = defineTable({
  name: 'price_observations_store',
  schema: PriceObservation,
  // one row per series and time: redeliveries collapse, and a replay's corrected value replaces the old one
  engine: 'ReplacingMergeTree(transformed_at)',
  orderBy: ['series_key', 'observed_at'],
  partitionBy: 'toYear(observed_at)',
  comment:
    'every price observation, one per series and observed time (the latest transform wins): query the price_observations view',
});
