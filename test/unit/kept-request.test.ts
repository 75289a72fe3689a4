import { describe, expect, it } from 'vitest';
import { digestOf } from '../../sinks/kept-refresher.ts';
import { mergeKept, nothingKept, type KeptRequest } from '../../sinks/kept-request.ts';

const ask = (r: Partial<KeptRequest>): KeptRequest => ({ ...nothingKept(), ...r });

describe('what sink batches ask of the kept tables', () => {
  it('a merged request reaches the earlier point of each and the union of the share sources', () => {
    const merged = mergeKept(
      ask({ priceChangesFrom: new Map([['litellm', '2024-07-29T00:00:00.000Z']]), modelPricesFrom: '2024-07-29' }),
      ask({
        priceChangesFrom: new Map([
          ['litellm', '2024-06-01T00:00:00.000Z'],
          ['openrouter', '2025-01-01T00:00:00.000Z'],
        ]),
        shareSources: new Set(['lmarena']),
      }),
    );
    expect([...merged.priceChangesFrom]).toEqual([
      ['litellm', '2024-06-01T00:00:00.000Z'],
      ['openrouter', '2025-01-01T00:00:00.000Z'],
    ]);
    expect(merged.modelPricesFrom).toBe('2024-07-29');
    expect([...(merged.shareSources as Set<string>)]).toEqual(['lmarena']);
    expect(mergeKept(ask({ shareSources: 'all' }), ask({ shareSources: new Set(['x']) })).shareSources).toBe('all');
  });

  it("a batch's request is read from its rows alone: each source from its earliest row, events with their steps", () => {
    const obs = [
      { source: 'litellm', series_key: 'a', observed_at: '2024-07-29T00:00:00.000Z' },
      { source: 'litellm', series_key: 'b', observed_at: '2024-07-28T12:00:00.000Z' },
      { source: 'openrouter', series_key: 'c', observed_at: '2025-01-01T00:00:00.000Z' },
    ];
    expect(digestOf('price_observations_store', obs)).toEqual({
      priceChangesFrom: { litellm: '2024-07-28T12:00:00.000Z', openrouter: '2025-01-01T00:00:00.000Z' },
      fromOwnDay: true,
      steps: [],
      shareSources: [],
    });
    const events = digestOf('price_change_events_store', obs.slice(0, 1));
    expect(events?.fromOwnDay).toBe(false); // how far back an event reaches depends on the events stored
    expect(events?.steps).toEqual([['litellm', 'a', '2024-07-29T00:00:00.000Z']]);
    // a dead letter of the sink names no price; one of the transformer does
    const letters = [
      { stage: 'sink', source: 'litellm', observed_at: '2024-01-01T00:00:00.000Z' },
      { stage: 'transform', source: 'litellm', observed_at: '2024-02-01T00:00:00.000Z' },
    ];
    expect(digestOf('dead_letters_store', letters)?.priceChangesFrom).toEqual({ litellm: '2024-02-01T00:00:00.000Z' });
    expect(digestOf('dead_letters_store', letters.slice(0, 1))).toBeNull();
    expect(digestOf('market_share_observations_store', [{ source: 'x' }, { source: 'x' }])?.shareSources).toEqual([
      'x',
    ]);
    expect(digestOf('analyst_datapoints_store', [{ source: 'y' }])?.shareSources).toBe('all');
    expect(digestOf('benchmark_results_store', [{ source: 'lmarena' }])).toBeNull();
  });
});
