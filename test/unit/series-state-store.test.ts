import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceState } from '../../transform/change-detector.ts';
import { SeriesStateStore } from '../../transform/series-state-store.ts';

const state = (price: string): SourceState =>
  ({ 'litellm|gpt-4o|input|standard|global|base': { usd_per_mtok: price } }) as unknown as SourceState;

describe('SeriesStateStore', () => {
  it('a source saved by another process (a partition that moved) is read again, not served from the cache', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rebar-state-'));
    const first = new SeriesStateStore(dir);
    const second = new SeriesStateStore(dir);
    first.save('litellm', state('5'));
    expect(first.load('litellm')).toEqual(state('5'));
    second.save('litellm', state('2.5')); // the partition moved to the second transformer, which saw a cut
    expect(first.load('litellm')).toEqual(state('2.5'));
    expect(first.load('litellm')).toBe(first.load('litellm')); // and cached again while the file holds still
  });
});
