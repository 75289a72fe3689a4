import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';

// the (source, time) of each document that yielded price facts: the removal rule asks it of every complete document
// (views/store-views.ts, complete_documents), and found in the observations it is a scan of the whole store per read
export const PriceDocument = z.object({
  source: col(z.string().min(1), 'LowCardinality(String)', 'the source of the observations'),
  observed_at: col(z.iso.datetime(), "DateTime64(3, 'UTC')", 'the time of the document they came from'),
});
export type PriceDocument = z.infer<typeof PriceDocument>;

export const priceDocumentsTable = defineTable({
  name: 'price_documents_store',
  schema: PriceDocument,
  engine: 'ReplacingMergeTree',
  orderBy: ['source', 'observed_at'],
  comment:
    'per source, the times of the documents that yielded price observations, kept at insert by the materialized view price_documents_mv',
});
