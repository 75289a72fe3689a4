import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';

const ts = "DateTime64(3, 'UTC')";

export const DeadLetterStage = z.enum(['fetch', 'transform', 'sink']);

/** A record (or a whole document) that could not be used, with the reason. Nothing is dropped silently. */
export const DeadLetter = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (stage, document, record_ref, reason)'),
  stage: col(DeadLetterStage, 'LowCardinality(String)', 'pipeline stage that rejected it'),
  reason: col(z.string().min(1), 'LowCardinality(String)', 'machine-readable reason code, e.g. price_out_of_band'),
  detail: col(z.string(), 'String', 'human-readable explanation'),
  source: col(z.string(), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string(), 'String', 'document URL'),
  document_hash: col(z.string(), 'String', 'content hash of the raw document'),
  record_ref: col(z.string(), 'String', "which record: the model id and field, or '*' for the whole document"),
  // a complete document that rejected a series (or its model) still held it: not a removal. '' in older events
  series_key: col(
    z.string().default(''),
    'String',
    "the one price series rejected (a bad price, a conflicting duplicate); '' when not one series",
  ),
  source_model_id: col(
    z.string().default(''),
    'String',
    "the source's model id when the sheet parser rejected a record of it (which series is unknown, so none of the model's is removed); '' otherwise",
  ),
  payload: col(
    z.string(),
    'String CODEC(ZSTD(3))',
    'the offending record as JSON (the first 64 KiB of a whole document)',
  ),
  observed_at: col(z.iso.datetime(), ts, 'observation time of the document'),
  dead_lettered_at: col(z.iso.datetime(), ts, 'when it was rejected'),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

export const deadLettersTable = defineTable({
  name: 'dead_letters_store',
  schema: DeadLetter,
  engine: 'ReplacingMergeTree',
  orderBy: ['source', 'observed_at', 'event_id'],
  partitionBy: 'toYYYYMM(observed_at)',
  comment: 'records and documents rejected with a reason (the rebar.dead-letter topic); query the dead_letters view',
});
