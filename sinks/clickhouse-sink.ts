import { z } from 'zod';
import type { Log } from '../schemas/logger.ts';
import type { TopicSpec } from '../schemas/topics.ts';
import type { Warehouse } from './clickhouse.ts';
import { consumeBatches, type BatchConsumer, type InMessage, type KafkaContext } from './kafka.ts';

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
): Promise<BatchConsumer & { stats: SinkStats }> {
  const byTopic = new Map(opts.topics.filter((t) => t.table).map((t) => [t.name, t]));
  const stats: SinkStats = { rows: {}, rejected: 0 };
  const log = opts.log.child({ component: 'clickhouse-sink' });
  const handle = async (messages: InMessage[]): Promise<void> => {
    const topic = byTopic.get(messages[0]!.topic)!;
    const rows: object[] = [];
    const rejections: SinkRejection[] = [];
    for (const m of messages) {
      let parsed: z.ZodSafeParseResult<unknown>;
      try {
        parsed = topic.schema.safeParse(JSON.parse(m.value));
      } catch (err) {
        rejections.push({
          topic: m.topic,
          offset: m.offset,
          key: m.key,
          reason: 'not_json',
          detail: (err as Error).message,
          value: m.value,
        });
        continue;
      }
      if (parsed.success) rows.push(parsed.data as object);
      else
        rejections.push({
          topic: m.topic,
          offset: m.offset,
          key: m.key,
          reason: 'schema_invalid',
          detail: z.prettifyError(parsed.error),
          value: m.value,
        });
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
  return { ...consumer, stats };
}
