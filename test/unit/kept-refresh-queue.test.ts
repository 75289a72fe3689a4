import { describe, expect, it } from 'vitest';
import { keptRefreshQueue, mergeKept, nothingKept, type KeptRequest } from '../../sinks/kept-refresh-queue.ts';

const ask = (r: Partial<KeptRequest>): KeptRequest => ({ ...nothingKept(), ...r });

describe('the sink merges its kept-table refreshes', () => {
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

  it('requests made together, or while a refresh runs, become one refresh each; every caller waits for its own', async () => {
    const runs: KeptRequest[] = [];
    let release: () => void = () => undefined;
    const refresh = keptRefreshQueue(async (r) => {
      runs.push(r);
      if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 5);
    const first = [refresh(ask({ modelPricesFrom: '2024-07-03' })), refresh(ask({ modelPricesFrom: '2024-07-01' }))];
    await new Promise((resolve) => setTimeout(resolve, 30)); // the first refresh is running, held
    let laterDone = false;
    const later = [
      refresh(ask({ modelPricesFrom: '2024-08-02' })).then(() => (laterDone = true)),
      refresh(ask({ shareSources: new Set(['lmarena']) })),
    ];
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs.map((r) => r.modelPricesFrom)).toEqual(['2024-07-01']);
    expect(laterDone).toBe(false); // its rows are not covered by the refresh that started before them
    release();
    await Promise.all([...first, ...later]);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.modelPricesFrom).toBe('2024-08-02');
    expect([...(runs[1]!.shareSources as Set<string>)]).toEqual(['lmarena']);
    await refresh(nothingKept()); // asks nothing: no refresh
    expect(runs).toHaveLength(2);
  });

  it('a failed refresh fails each caller it covered, and the next one still runs', async () => {
    let calls = 0;
    const refresh = keptRefreshQueue(async () => {
      calls += 1;
      if (calls === 1) throw new Error('warehouse away');
    }, 1);
    await expect(refresh(ask({ modelPricesFrom: '2024-07-01' }))).rejects.toThrow('warehouse away');
    await expect(refresh(ask({ modelPricesFrom: '2024-07-01' }))).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});
