import type { OutMessage } from './kafka.ts';

// An internal topic's message carries a JSON array of records: one message per record made a 5,400-price document
// 5,400 Kafka messages, each partitioned, framed and checksummed on the transformer's event loop and parsed one by
// one in the sink (a third of a document's time). Only the sink reads these topics, and its tables keep one row per
// event_id whatever the order, so records need no per-key partition: a batch is keyed by its document and part.

/** Records per message at most, and JSON text: a UTF-16 unit is at most 3 bytes of UTF-8, so under the broker's 1 MB. */
export const BATCH_RECORDS = 1_000;
export const BATCH_CHARS = 256 * 1024;

/** The records as messages of JSON arrays, each encoded once; keys `${key}#${part}` spread a document over partitions. */
export function batchMessages(key: string, records: readonly unknown[]): OutMessage[] {
  const out: OutMessage[] = [];
  let part: string[] = [];
  let chars = 0;
  const flush = (): void => {
    if (!part.length) return;
    out.push({ key: `${key}#${out.length}`, value: null, encoded: `[${part.join(',')}]` });
    part = [];
    chars = 0;
  };
  for (const r of records) {
    const json = JSON.stringify(r);
    if (part.length >= BATCH_RECORDS || (part.length && chars + json.length > BATCH_CHARS)) flush();
    part.push(json);
    chars += json.length + 1;
  }
  flush();
  return out;
}

/** A batch message's records, or why it is not one (the whole message then goes to the dead-letter topic). */
export function recordsOf(
  value: string,
): { records: unknown[] } | { reason: 'not_json' | 'not_a_batch'; error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    return { reason: 'not_json', error: (err as Error).message };
  }
  if (Array.isArray(parsed)) return { records: parsed };
  return { reason: 'not_a_batch', error: `a message of this topic is a JSON array of records, not ${typeof parsed}` };
}
