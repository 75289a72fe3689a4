import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';

const ts = "DateTime64(3, 'UTC')";

/** A document exactly as a source fetched it (or an archived copy imported as if fetched then). */
export const RawDocument = z.object({
  document_id: col(z.uuid(), 'UUID', 'deterministic id of (source, content_hash, observed_at)'),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name, e.g. litellm'),
  url: col(z.string().min(1), 'String', 'where the document came from (URL or file path for imports)'),
  fetched_at: col(z.iso.datetime(), ts, 'when rebar fetched or imported it'),
  observed_at: col(
    z.iso.datetime(),
    ts,
    'the time the document describes: fetched_at, or --observed-at for archived copies',
  ),
  content_hash: col(z.string().regex(/^sha256:[0-9a-f]{64}$/), 'String', 'sha256 of the payload'),
  content_type: col(z.string(), 'LowCardinality(String)', 'media type as served'),
  etag: col(z.string().nullable(), 'Nullable(String)', 'HTTP ETag as served, if any'),
  complete: col(z.boolean(), 'Bool', 'true when the document lists the whole sheet, so a missing series means removed'),
  origin: col(z.enum(['fetch', 'import']), 'LowCardinality(String)', 'fetch (scheduled or --once) or import'),
  payload: col(z.string(), 'String CODEC(ZSTD(3))', 'the document body, verbatim'),
});
export type RawDocument = z.infer<typeof RawDocument>;

export const rawDocumentsTable = defineTable({
  name: 'raw_documents_store',
  schema: RawDocument,
  engine: 'ReplacingMergeTree',
  orderBy: ['source', 'observed_at', 'document_id'],
  partitionBy: 'toYYYYMM(observed_at)',
  comment: 'archive of every raw document published, compressed; read through the raw_documents view',
});
