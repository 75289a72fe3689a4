import { z } from 'zod';
import type { Log } from '../schemas/logger.ts';
import type { TopicSpec } from '../schemas/topics.ts';
import type { Warehouse } from './clickhouse.ts';
import { recordsOf } from './record-batches.ts';
import { consumeBatches, type BatchConsumer, type InMessage, type KafkaContext } from './kafka.ts';

// a dead letter names its source; a record of a batch carries its own
const sourceOf = (record: unknown): string | null => {
  const source = (record as { source?: unknown } | null)?.source;
  return typeof source === 'string' && source ? source : null;
};

export interface SinkRejection {
  topic: string;
  offset: string;
  key: string | null;
  reason: string;
  detail: string;
  value: string;
}

export interface SinkStats {
  rows: Record<string, number>;
  rejected: number;
}

/**
 * Topic -> table, offsets committed only after the insert succeeded. Redelivered rows carry the
 * same event_id, so the ReplacingMergeTree tables and their FINAL views keep one copy.
 */
export async function startClickhouseSink(
  ctx: KafkaContext,
  wh: Warehouse,
  opts: {
    groupId: string;
    topics: TopicSpec[];
    log: Log;
    reject: (rejections: SinkRejection[]) => Promise<void>;
    maxRowsPerInsert: number; // REBAR_SINK_BATCH_ROWS: a larger batch goes in as several inserts
    afterInsert?: (table: string) => void;
    // tables kept at insert time, brought up to date before the batch's offsets commit (a crash in between redelivers)
    derive?: (table: string, rows: object[]) => Promise<void>;
  },
): Promise<BatchConsumer & { stats: SinkStats; busy: () => boolean }> {
  const byTopic = new Map(opts.topics.filter((t) => t.table).map((t) => [t.name, t]));
  const stats: SinkStats = { rows: {}, rejected: 0 };
  const log = opts.log.child({ component: 'clickhouse-sink' });
  let inHand = 0; // batches being stored: their kept-table requests are still to come
  const handle = async (messages: InMessage[]): Promise<void> => {
    inHand += 1;
    try {
      await store(messages);
    } finally {
      inHand -= 1;
    }
  };
  const store = async (messages: InMessage[]): Promise<void> => {
    const topic = byTopic.get(messages[0]!.topic)!;
    const rows: object[] = [];
    const rejections: SinkRejection[] = [];
    for (const m of messages) {
      const rejectMessage = (reason: string, detail: string): void => {
        rejections.push({ topic: m.topic, offset: m.offset, key: m.key, reason, detail, value: m.value });
      };
      if (topic.batched) {
        const batch = recordsOf(m.value);
        if ('error' in batch) rejectMessage(batch.reason, batch.error);
        // one bad record of a batch is dead-lettered alone, named by its place; the rest lands
        else
          batch.records.forEach((record, i) => {
            const parsed = topic.schema.safeParse(record);
            if (parsed.success) rows.push(parsed.data as object);
            else
              rejections.push({
                topic: m.topic,
                offset: `${m.offset}#${i}`,
                key: sourceOf(record) ?? m.key,
                reason: 'schema_invalid',
                detail: z.prettifyError(parsed.error),
                value: JSON.stringify(record),
              });
          });
        continue;
      }
      let parsed: z.ZodSafeParseResult<unknown>;
      try {
        parsed = topic.schema.safeParse(JSON.parse(m.value));
      } catch (err) {
        rejectMessage('not_json', (err as Error).message);
        continue;
      }
      if (parsed.success) rows.push(parsed.data as object);
      else rejectMessage('schema_invalid', z.prettifyError(parsed.error));
    }
    if (rejections.length > 0) {
      await opts.reject(rejections);
      stats.rejected += rejections.length;
      log.warn({ topic: topic.name, rejected: rejections.length }, 'rows rejected by the sink');
    }
    // bounded inserts keep one request's memory in check; each is idempotent, so a retry after a partial batch is harmless
    for (let off = 0; off < rows.length; off += opts.maxRowsPerInsert)
      await wh.insert(topic.table!.name, rows.slice(off, off + opts.maxRowsPerInsert));
    stats.rows[topic.table!.name] = (stats.rows[topic.table!.name] ?? 0) + rows.length;
    log.debug({ table: topic.table!.name, rows: rows.length, partition: messages[0]!.partition }, 'batch inserted');
    if (rows.length) await opts.derive?.(topic.table!.name, rows);
    opts.afterInsert?.(topic.table!.name);
  };
  // the batches of one fetch side by side: their inserts overlap and their kept-table refreshes can merge
  const consumer = await consumeBatches(ctx, {
    groupId: opts.groupId,
    topics: [...byTopic.keys()],
    handle,
    partitionsAtOnce: 8,
  });
  return { ...consumer, stats, busy: () => inHand > 0 };
}
