import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';

const ts = "DateTime64(3, 'UTC')";

/** One fetch or import attempt of a source: what freshness and `rebar status` are computed from. */
export const FetchLog = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (source, attempted_at, status)'),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  url: col(z.string(), 'String', 'what was fetched or imported'),
  attempted_at: col(z.iso.datetime(), ts, 'when the attempt finished'),
  observed_at: col(z.iso.datetime(), ts, 'the time the document describes (attempted_at for live fetches)'),
  status: col(
    z.enum(['published', 'unchanged', 'failed']),
    'LowCardinality(String)',
    'published (new document), unchanged (same content or 304) or failed (for good, after retries)',
  ),
  reason: col(z.string(), 'String', 'why it failed; empty otherwise'),
  document_id: col(z.string(), 'String', 'raw document published, if any'),
});
export type FetchLog = z.infer<typeof FetchLog>;

export const fetchLogTable = defineTable({
  name: 'source_fetches_store',
  schema: FetchLog,
  engine: 'ReplacingMergeTree',
  orderBy: ['source', 'attempted_at', 'event_id'],
  partitionBy: 'toYYYYMM(attempted_at)',
  comment: 'every fetch and import attempt per source (rebar.fetch-log); read through the source_fetches view',
});

/** Each source's declared schedule and expected refresh interval, rewritten at every start. */
export const SourceInfo = z.object({
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  description: col(z.string(), 'String', 'what the source is'),
  url: col(z.string(), 'String', 'where it is fetched from'),
  schedule: col(z.string(), 'String', 'cron schedule, UTC'),
  expected_refresh_s: col(z.number().int().nonnegative(), 'UInt32', 'a source not refreshed for this long is stale'),
  updated_at: col(z.iso.datetime(), ts, 'when this row was written'),
});
export type SourceInfo = z.infer<typeof SourceInfo>;

export const sourcesTable = defineTable({
  name: 'sources_store',
  schema: SourceInfo,
  engine: 'ReplacingMergeTree(updated_at)',
  orderBy: ['source'],
  comment: 'the configured sources; read through the sources view',
});
