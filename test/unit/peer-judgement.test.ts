import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceTransformer } from '../../ingest/sources/index.ts';
import type { PriceChange } from '../../schemas/events/price-change.ts';
import type { PriceObservation } from '../../schemas/events/price-observation.ts';
import { classifyChanges } from '../../transform/change-class.ts';
import { detectChanges, type SeriesState, type SourceState } from '../../transform/change-detector.ts';
import { detectDocumentChanges } from '../../transform/detect-document-changes.ts';
import { holdOutliers } from '../../transform/outlier-hold.ts';
import { peerIndex } from '../../transform/peer-prices.ts';
import { SeriesStateStore } from '../../transform/series-state-store.ts';
import { transformDocument } from '../../transform/transform-document.ts';
import { rawDocument } from '../helpers/documents.ts';
import { readFixture } from '../helpers/fixtures.ts';

// the peers a change or a first price is judged by: as of the observation's time, one vote per source
const now = new Date('2026-11-22T00:00:00Z');
const TYPO = 'litellm/2023-09-typo/litellm_model_prices_2023-09-18__upstream_5cc54296.json';
const FIXED = 'litellm/2023-09-typo/litellm_model_prices_2023-09-18__upstream_b5a83be4.json';
const OPENAI_PAGE = 'openai-pricing-page/openai_pricing_page_2023-12-14T11-12-59__kokenconsulting_e9d85cdf.html';
const at = (d: string) => `${d}T00:00:00.000Z`;

const store = () => new SeriesStateStore(mkdtempSync(path.join(tmpdir(), 'rebar-peers-')));
function importInto(s: SeriesStateStore, source: string, fixture: string, observedAt: string) {
  const doc = rawDocument(source, readFixture(fixture), observedAt);
  const d = detectDocumentChanges(doc, transformDocument(doc, priceTransformer(source), now), s, now);
  s.save(source, d.next!);
  return d;
}

// the typo sheet's gpt-4 input observation (3 USD/1M), the real record the small cases below vary
const typoDoc = rawDocument('litellm', readFixture(TYPO), at('2023-09-18'));
const gpt4 = transformDocument(typoDoc, priceTransformer('litellm'), now).observations.find(
  (o) => o.source_model_id === 'gpt-4' && o.token_class === 'input',
)!;
const obs = (extra: Partial<PriceObservation>): PriceObservation => ({ ...gpt4, ...extra });
const state = (o: PriceObservation, extra: Partial<SeriesState> = {}): SeriesState => ({
  provider: o.provider,
  model: o.model,
  source_model_id: o.source_model_id,
  token_class: o.token_class,
  service_tier: o.service_tier,
  region: o.region,
  context_tier: o.context_tier,
  usd_per_mtok: o.usd_per_mtok,
  observed_at: o.observed_at,
  event_id: o.event_id,
  removed: false,
  model_id: o.model_id,
  since: o.observed_at,
  prior_usd_per_mtok: null,
  ...extra,
});
const keyOf = (source: string, id: string) => `${source}|${id}|input|standard|global|base`;

describe('peers as of the observation', () => {
  it("OpenAI's page recorded 2023-12-14 does not judge a sheet of 2023-09-18 imported after it", () => {
    const s = store();
    importInto(s, 'openai-pricing-page', OPENAI_PAGE, '2023-12-14T11:12:59.000Z');
    const typo = importInto(s, 'litellm', TYPO, '2023-09-18T10:00:00.000Z');
    expect(typo.deadLetters.filter((d) => d.source_model_id === 'gpt-4')).toEqual([]);
    const fixed = importInto(s, 'litellm', FIXED, '2023-09-18T12:00:00.000Z');
    const c = fixed.changes.find((x) => x.source_model_id === 'gpt-4' && x.token_class === 'input')!;
    expect(c).toMatchObject({ kind: 'increase', class: 'unknown' });
    expect(c.class_evidence).toBe('a 10x step that no other source carries for this model');
  });

  it('a peer last confirmed more than 45 days before the observation, or with no since, does not count', () => {
    const page = state(obs({ source: 'openai-pricing-page', usd_per_mtok: '30', observed_at: at('2023-12-14') }));
    const fresh = peerIndex({ 'openai-pricing-page': { k: page } });
    expect(fresh(page, at('2024-01-20')).map((p) => p.source)).toEqual(['openai-pricing-page']);
    expect(fresh(page, at('2024-03-01'))).toEqual([]); // stale
    expect(fresh(page, at('2023-12-01'))).toEqual([]); // not yet shown
    const old = peerIndex({ 'openai-pricing-page': { k: { ...page, since: undefined } } });
    expect(old(page, at('2023-12-14'))).toEqual([]);
  });
});

describe('one vote per source', () => {
  // two OpenRouter series of one dimension (a model and its ':beta' route) at one price
  const route = (id: string, usd: string) =>
    state(obs({ source: 'openrouter', source_model_id: id, usd_per_mtok: usd, observed_at: at('2025-01-01') }));
  const twoRoutes = {
    [keyOf('openrouter', 'gpt-4')]: route('gpt-4', '30'),
    [keyOf('openrouter', 'gpt-4:beta')]: route('gpt-4:beta', '30'),
  };

  it("a first price 10x from one aggregator's two routes is not held: one source is no agreement", () => {
    const review = holdOutliers(
      typoDoc,
      {},
      [obs({ observed_at: at('2025-01-10') })],
      () => peerIndex({ openrouter: twoRoutes }),
      now,
    );
    expect(review.deadLetters).toEqual([]);
    // two sources that agree do hold it
    const llmPrices = { [keyOf('llm-prices', 'gpt-4')]: { ...route('gpt-4', '30'), source_model_id: 'gpt-4' } };
    const held = holdOutliers(
      typoDoc,
      {},
      [obs({ observed_at: at('2025-01-10') })],
      () => peerIndex({ openrouter: twoRoutes, 'llm-prices': llmPrices }),
      now,
    );
    expect(held.deadLetters.map((d) => d.reason)).toEqual(['price_outlier']);
    expect(held.deadLetters[0]!.detail).toMatch(
      /is 10x from (openrouter|llm-prices) 30 since 2025-01-01, (llm-prices|openrouter) 30 since 2025-01-01$/,
    );
  });

  it('a step that one source shows on two routes and another contradicts has no majority', () => {
    const before = { [gpt4.series_key]: state(obs({ usd_per_mtok: '60', observed_at: at('2025-01-02') })) };
    const after = { [gpt4.series_key]: state(obs({ usd_per_mtok: '30', observed_at: at('2025-01-10') })) };
    const other = { [keyOf('llm-prices', 'gpt-4')]: { ...route('gpt-4', '60') } };
    const change: PriceChange = {
      ...detectChanges(before, [obs({ usd_per_mtok: '30', observed_at: at('2025-01-10') })], {
        source: 'litellm',
        source_url: 'u',
        observed_at: at('2025-01-10'),
        complete: false,
        rejectedSeries: new Set(),
        rejectedModels: new Set(),
      }).changes[0]!,
    };
    const [c] = classifyChanges({
      before,
      after,
      changes: [change],
      peers: peerIndex({ openrouter: twoRoutes, 'llm-prices': other }),
    });
    expect(c).toMatchObject({ kind: 'decrease', class: 'unknown' });
    expect(c!.class_evidence).toMatch(/^no majority: /);
  });
});

describe('a dated period is an entry of its own', () => {
  it("a period 10x from the first-party list is held; the entry's later period, at the list's price, stands", () => {
    const page = state(obs({ source: 'openai-pricing-page', usd_per_mtok: '30', observed_at: at('2025-06-01') }), {
      since: at('2024-12-01'),
    });
    const early = obs({
      usd_per_mtok: '3',
      observed_at: at('2025-01-01'),
      event_id: '00000000-0000-4000-8000-00000000000a',
    });
    const late = obs({
      usd_per_mtok: '30',
      observed_at: at('2025-06-01'),
      event_id: '00000000-0000-4000-8000-00000000000b',
    });
    const review = holdOutliers(
      typoDoc,
      {},
      [early, late],
      () => peerIndex({ 'openai-pricing-page': { k: page } }),
      now,
    );
    expect(review.deadLetters.map((d) => d.detail)).toEqual([
      expect.stringContaining('first price input 3 USD/1M is 10x from openai-pricing-page 30 since 2024-12-01'),
    ]);
    expect(review.observations.map((o) => o.usd_per_mtok)).toEqual(['30']);
  });
});

describe('series state written before since was kept', () => {
  it('an unchanged price keeps since unknown; the detector makes none up', () => {
    const prev = state(gpt4, { since: undefined });
    const d = detectChanges({ [gpt4.series_key]: prev }, [obs({ observed_at: at('2023-10-01') })], {
      source: 'litellm',
      source_url: 'u',
      observed_at: at('2023-10-01'),
      complete: false,
      rejectedSeries: new Set(),
      rejectedModels: new Set(),
    });
    expect(d.next[gpt4.series_key]!.since).toBeUndefined();
  });
});

describe("the other sources' states are read once while no file moves", () => {
  it('the same object until another source saves', () => {
    const s = store();
    s.save('openrouter', {});
    const a = s.others('litellm');
    expect(s.others('litellm')).toBe(a);
    s.save('llm-prices', {} as SourceState);
    expect(s.others('litellm')).not.toBe(a);
    expect(Object.keys(s.others('litellm')).sort()).toEqual(['llm-prices', 'openrouter']);
  });
});
