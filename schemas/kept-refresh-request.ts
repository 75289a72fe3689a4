import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';

// what one sink batch asks of the kept tables, worked out from its rows alone (no query): the refresher resolves it
export const KeptDigest = z.object({
  // per source, the earliest observed_at of the rows (price_changes from there; a document or dead letter's day)
  priceChangesFrom: z.record(z.string(), z.string()),
  // rows that change model_prices_by_day from their own day (observations, documents, dead letters)
  fromOwnDay: z.boolean(),
  // live events (source, series_key, observed_at): how far back they reach depends on the events stored
  steps: z.array(z.tuple([z.string(), z.string(), z.string()])),
  // the share series to redo, by source ('all': every series)
  shareSources: z.union([z.literal('all'), z.array(z.string())]),
});
export type KeptDigest = z.infer<typeof KeptDigest>;

// a request outlives the process that made it: the sink commits its batch once the request is stored, and a
// refresher (in any process on this store) carries it out, then marks it done
export const KeptRefreshRequest = z.object({
  request_id: col(z.uuid(), 'UUID', 'one per sink batch'),
  requested_at: col(z.iso.datetime(), "DateTime64(3, 'UTC')", 'when the sink stored the batch'),
  input_table: col(z.string(), 'LowCardinality(String)', 'the table the batch went into'),
  digest: col(z.string(), 'String', 'what the batch asks of the kept tables (KeptDigest as JSON)'),
  done: col(z.number().int(), 'UInt8', '1 once a refresh covering it finished (the newest row of a request wins)'),
});
export type KeptRefreshRequest = z.infer<typeof KeptRefreshRequest>;

export const keptRefreshRequestsTable = defineTable({
  name: 'kept_refresh_requests_store',
  schema: KeptRefreshRequest,
  engine: 'ReplacingMergeTree(done)',
  orderBy: ['request_id'],
  // done requests go after a month (a pending row left unmerged beside one would be redone: harmless, a refresh is idempotent)
  ttl: 'toDateTime(requested_at) + INTERVAL 30 DAY DELETE WHERE done = 1',
  comment:
    'the kept tables (price_changes, model_prices_by_day, the share metrics) still to bring up to date after sink batches: pending where NOT done (FINAL)',
});
