import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';
import { DecimalText } from './price-observation.ts';

const ts = "DateTime64(3, 'UTC')";

// 'mixed': a marketplace aggregate over on-demand and spot offers alike
export const GpuCommitment = z.enum(['on_demand', 'spot', 'reserved', 'mixed']);
export type GpuCommitment = z.infer<typeof GpuCommitment>;
export const GpuRawUnit = z.enum(['per_instance_hour', 'per_gpu_hour']);
export type GpuRawUnit = z.infer<typeof GpuRawUnit>;
// 'list': a provider's own price; the rest are marketplace aggregates over many offers
export const GpuStatistic = z.enum([
  'list',
  'min',
  'p10',
  'p25',
  'median',
  'p75',
  'p90',
  'max',
  'mean',
  'provider_min',
  'provider_avg',
]);
export type GpuStatistic = z.infer<typeof GpuStatistic>;

const UInt16 = z.number().int().min(0).max(65_535);

export const GpuPriceObservation = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (series_key, observed_at, price): a replay dedupes'),
  series_key: col(z.string().min(1), 'String', 'source|provider|gpu_model|commitment[_term]|region|instance|statistic'),
  provider: col(
    z.string().min(1),
    'LowCardinality(String)',
    "canonical lowercase provider (coreweave, lambda, runpod, ...); 'all' for a marketplace-wide statistic",
  ),
  source_provider: col(z.string(), 'LowCardinality(String)', "the source's own provider label, verbatim"),
  gpu_model: col(
    z.string().min(1),
    'LowCardinality(String)',
    "canonical GPU model: 'H100 SXM', 'A100 SXM 80GB', 'B200', ...",
  ),
  gpu_memory_gb: col(UInt16.nullable(), 'Nullable(UInt16)', 'memory per GPU in GB, when the source says'),
  commitment: col(
    GpuCommitment,
    'LowCardinality(String)',
    'on_demand, spot, reserved, or mixed (aggregate over on-demand and spot offers)',
  ),
  term: col(
    z
      .string()
      .regex(/^\d+(mo|y)$/)
      .nullable(),
    'LowCardinality(Nullable(String))',
    "reservation term ('1y', '3y', '6mo') when commitment is reserved and the source says",
  ),
  region: col(
    z.string().min(1),
    'LowCardinality(String)',
    "region the price applies to; 'global' when the source gives none",
  ),
  instance: col(z.string().min(1), 'String', "the source's instance or product name, verbatim"),
  gpu_count: col(
    UInt16.min(1),
    'UInt16',
    'GPUs the published price covers (the divisor): the instance size for per_instance_hour, 1 for per_gpu_hour',
  ),
  instance_gpu_count: col(
    UInt16.min(1).nullable(),
    'Nullable(UInt16)',
    'GPUs in the instance, when the source says (a per-GPU price may still come from an 8x instance)',
  ),
  usd_per_gpu_hour: col(
    DecimalText,
    'Decimal(38, 12)',
    'USD per GPU-hour, exact: raw price / gpu_count, half-even at 12 decimals',
  ),
  raw_price: col(z.string().min(1), 'String', 'the price as published, verbatim text'),
  raw_unit: col(GpuRawUnit, 'LowCardinality(String)', 'unit as published: per_instance_hour or per_gpu_hour'),
  statistic: col(
    GpuStatistic,
    'LowCardinality(String)',
    "'list' for a provider's own price; min, p10..p90, max, mean, provider_min, provider_avg for tracker aggregates",
  ),
  sample_count: col(
    z.number().int().min(0).max(4_294_967_295).nullable(),
    'Nullable(UInt32)',
    'offers behind a tracker statistic; null for a list price',
  ),
  currency: col(z.string().length(3), 'LowCardinality(String)', 'currency as published (ISO 4217)'),
  observed_at: col(z.iso.datetime(), ts, 'when the price was seen: the snapshot time, or the scrape time of the sheet'),
  source: col(
    z.string().min(1),
    'LowCardinality(String)',
    'source name (becloudready, tugot17-gpu-price-tracker, ...)',
  ),
  source_url: col(z.string().min(1), 'String', 'URL of the document'),
  source_field: col(z.string().min(1), 'LowCardinality(String)', 'field of the document the price came from'),
  document_hash: col(z.string(), 'String', "content hash of the raw document ('' when not given)"),
});
export type GpuPriceObservation = z.infer<typeof GpuPriceObservation>;

export const gpuPriceObservationsTable = defineTable({
  name: 'gpu_price_observations_store',
  schema: GpuPriceObservation,
  engine: 'ReplacingMergeTree',
  orderBy: ['series_key', 'observed_at', 'event_id'],
  partitionBy: 'toYear(observed_at)',
  comment:
    'every GPU rental price observation in USD per GPU-hour; duplicates from at-least-once delivery collapse on event_id',
});
