import { describe, expect, it } from 'vitest';
import { BATCH_CHARS, BATCH_RECORDS, batchMessages, recordsOf } from '../../sinks/record-batches.ts';

describe('batches of records on an internal topic', () => {
  it('splits by count and by size, each message a JSON array, every record once and in order', () => {
    const small = Array.from({ length: 2 * BATCH_RECORDS + 5 }, (_, i) => ({ i }));
    const bySize = Array.from({ length: 40 }, (_, i) => ({ i, text: 'x'.repeat(BATCH_CHARS / 10) }));
    for (const [records, parts] of [
      [small, 3],
      [bySize, 5],
    ] as const) {
      const messages = batchMessages('doc', records);
      expect(messages.map((m) => m.key)).toEqual(Array.from({ length: parts }, (_, i) => `doc#${i}`));
      for (const m of messages) expect(m.encoded!.length).toBeLessThanOrEqual(BATCH_CHARS + 2);
      expect(messages.flatMap((m) => (recordsOf(m.encoded!) as { records: unknown[] }).records)).toEqual(records);
    }
    expect(batchMessages('doc', [])).toEqual([]);
  });

  it('a record larger than a batch goes alone; a message that is no array is named as such', () => {
    const huge = { text: 'y'.repeat(BATCH_CHARS * 2) };
    expect(batchMessages('d', [{ a: 1 }, huge, { b: 2 }]).map((m) => m.key)).toEqual(['d#0', 'd#1', 'd#2']);
    expect(recordsOf('{"a":1}')).toMatchObject({ reason: 'not_a_batch' });
    expect(recordsOf('[{"a":')).toMatchObject({ reason: 'not_json' });
  });
});
