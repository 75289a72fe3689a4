import { describe, expect, it } from 'vitest';
import { configureSource } from '../../ingest/source.ts';
import { lastSunday, openrouterRankings } from '../../ingest/sources/openrouter-rankings/source.ts';

describe('dated sources', () => {
  it('a weekly ranking is fetched under the last Sunday on or before the run', () => {
    expect(lastSunday(new Date('2026-01-18T00:00:00Z'))).toBe('2026-01-18'); // a Sunday
    expect(lastSunday(new Date('2026-01-24T23:59:59Z'))).toBe('2026-01-18'); // the Saturday after
    expect(lastSunday(new Date('2026-01-01T12:00:00Z'))).toBe('2025-12-28'); // across a year end
    const src = configureSource(
      openrouterRankings,
      { bases: { 'openrouter-rankings': 'http://mirror.local/stats' }, schedules: {} },
      { trackedCiks: [], renderPages: false },
    );
    expect(src.urlsAt?.(new Date('2026-01-19T06:39:00Z'))).toEqual(['http://mirror.local/stats/data/2026-01-18.json']);
  });
});
