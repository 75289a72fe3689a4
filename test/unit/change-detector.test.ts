import { describe, expect, it } from 'vitest';
import { PriceChange } from '../../schemas/events/price-change.ts';
import { detectChanges, type DocumentScope } from '../../transform/change-detector.ts';
import { priceTransformer } from '../../ingest/sources/index.ts';
import { transformDocument } from '../../transform/transform-document.ts';
import { rawDocument } from '../helpers/documents.ts';
import { LITELLM, readFixture } from '../helpers/fixtures.ts';

const now = new Date('2026-11-22T00:00:00Z');
const scope = (observed_at: string, complete = true): DocumentScope => ({
  source: 'litellm',
  source_url: 'u',
  observed_at,
  complete,
  rejectedSeries: new Set(),
  rejectedModels: new Set(),
});
const obs = (date: keyof typeof LITELLM, at: string) =>
  transformDocument(rawDocument('litellm', readFixture(LITELLM[date]), at), priceTransformer('litellm'), now)
    .observations;

describe('change detection', () => {
  const t1 = '2024-07-29T00:00:00.000Z';
  const t2 = '2024-11-28T00:00:00.000Z';
  const first = detectChanges({}, obs('2024-07-29', t1), scope(t1));
  const second = detectChanges(first.next, obs('2024-11-28', t2), scope(t2));

  it('every series is first_seen once', () => {
    expect(first.changes.every((c) => c.kind === 'first_seen')).toBe(true);
    expect(first.changes.length).toBe(obs('2024-07-29', t1).length);
  });

  it('gpt-4o input 5.00 -> 2.50 is a decrease of -50%, linking both observations', () => {
    const c = second.changes.find((x) => x.series_key === 'litellm|gpt-4o|input|standard|global|base');
    expect(c).toMatchObject({
      kind: 'decrease',
      old_usd_per_mtok: '5',
      new_usd_per_mtok: '2.5',
      abs_change: '-2.5',
      pct_change: -50,
      previous_observed_at: t1,
    });
    expect(c!.old_event_id).toBe(first.next['litellm|gpt-4o|input|standard|global|base']!.event_id);
    expect(PriceChange.safeParse(c).success).toBe(true);
  });

  it('series missing from a complete sheet are removed; new ones first_seen', () => {
    const kinds = new Set(second.changes.map((c) => c.kind));
    expect(kinds).toEqual(new Set(['first_seen', 'decrease', 'increase', 'removed']));
    const removed = second.changes.filter((c) => c.kind === 'removed');
    for (const r of removed) expect(r.new_usd_per_mtok).toBeNull();
  });

  it('the same document again changes nothing', () => {
    const again = detectChanges(second.next, obs('2024-11-28', t2), scope(t2));
    expect(again.changes).toEqual([]);
  });

  it('an older document is history: no live change, state untouched', () => {
    const old = detectChanges(
      second.next,
      obs('2023-11-30', '2023-11-30T00:00:00.000Z'),
      scope('2023-11-30T00:00:00.000Z'),
    );
    expect(old.changes).toEqual([]);
    expect(old.historical).toBeGreaterThan(0);
    expect(old.next['litellm|gpt-4o|input|standard|global|base']!.usd_per_mtok).toBe('2.5');
  });

  it('a partial sheet never removes, and rejected series are not taken for removed', () => {
    const partial = detectChanges(first.next, obs('2023-11-30', t2), scope(t2, false));
    expect(partial.changes.some((c) => c.kind === 'removed')).toBe(false);
    const keys = new Set(Object.keys(first.next));
    const guarded = detectChanges(first.next, [], { ...scope(t2), rejectedSeries: keys });
    expect(guarded.changes).toEqual([]);
  });
});
