import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceTransformer } from '../../ingest/sources/index.ts';
import type { PriceChange } from '../../schemas/events/price-change.ts';
import type { PriceObservation } from '../../schemas/events/price-observation.ts';
import { classifyChanges, judgeByPeers, PEER_JUDGED } from '../../transform/change-class.ts';
import {
  detectChanges,
  seriesFields,
  type DocumentScope,
  type SeriesState,
  type SourceState,
} from '../../transform/change-detector.ts';
import { detectDocumentChanges } from '../../transform/detect-document-changes.ts';
import { holdOutliers } from '../../transform/outlier-hold.ts';
import { priceHistory, rejudgeChanges, type HistoryRow, type ResolvedChange } from '../../transform/peer-history.ts';
import { peerIndex, showPeer, type PeerPrice } from '../../transform/peer-prices.ts';
import { SeriesStateStore } from '../../transform/series-state-store.ts';
import { transformDocument } from '../../transform/transform-document.ts';
import { rawDocument } from '../helpers/documents.ts';
import { LITELLM, readFixture } from '../helpers/fixtures.ts';

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
  ...seriesFields(o),
  usd_per_mtok: o.usd_per_mtok,
  observed_at: o.observed_at,
  event_id: o.event_id,
  removed: false,
  model_id: o.model_id,
  since: o.observed_at,
  prior_usd_per_mtok: null,
  ...extra,
});
// a partial litellm document at a time: nothing it leaves out is removed
const scopeAt = (observedAt: string): DocumentScope => ({
  source: 'litellm',
  source_url: 'u',
  observed_at: observedAt,
  complete: false,
  rejectedSeries: new Set(),
  rejectedModels: new Set(),
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

  it('a peer last confirmed more than 45 days before the observation does not count; one with no since counts from its sight', () => {
    const page = state(obs({ source: 'openai-pricing-page', usd_per_mtok: '30', observed_at: at('2023-12-14') }));
    const fresh = peerIndex({ 'openai-pricing-page': { k: page } });
    expect(fresh(page, at('2024-01-20')).map((p) => p.source)).toEqual(['openai-pricing-page']);
    expect(fresh(page, at('2024-03-01'))).toEqual([]); // stale
    expect(fresh(page, at('2023-12-01'))).toEqual([]); // not yet shown
    // a state kept before since was: shown by its observation, so it counts from then, read "by", never proving "before"
    const old = peerIndex({ 'openai-pricing-page': { k: { ...page, since: undefined } } });
    expect(old(page, at('2023-12-20')).map(showPeer)).toEqual(['openai-pricing-page 30 by 2023-12-14']);
    expect(old(page, at('2023-12-01'))).toEqual([]);
    // a dated period keeps its start as observed_at: a later document that shows it again keeps it fresh
    const dated = peerIndex({ 'openai-pricing-page': { k: { ...page, confirmed_at: at('2024-02-25') } } });
    expect(dated(page, at('2024-03-01')).map((p) => p.source)).toEqual(['openai-pricing-page']);
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
      ...detectChanges(before, [obs({ usd_per_mtok: '30', observed_at: at('2025-01-10') })], scopeAt(at('2025-01-10')))
        .changes[0]!,
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
    const d = detectChanges(
      { [gpt4.series_key]: prev },
      [obs({ observed_at: at('2023-10-01') })],
      scopeAt(at('2023-10-01')),
    );
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

describe('which verdicts the other sources gave (what rebar reclassify judges again)', () => {
  it('over the six LiteLLM sheets, PEER_JUDGED marks exactly the verdicts that change when the peers do', () => {
    const s = store();
    const judged: boolean[] = [];
    const marked: boolean[] = [];
    for (const d of Object.keys(LITELLM).sort() as (keyof typeof LITELLM)[]) {
      const doc = rawDocument('litellm', readFixture(LITELLM[d]), at(d));
      const result = transformDocument(doc, priceTransformer('litellm'), now);
      const before = s.load('litellm');
      const live = detectDocumentChanges(doc, result, s, now);
      // a first-party list that shows neither price: every verdict the peers gave comes out different
      const contrary = (): PeerPrice[] => [
        {
          source: 'openai-pricing',
          usd_per_mtok: '123456',
          since: at('2020-01-01'),
          observed_at: at(d),
          confirmed_at: at(d),
          first_party: true,
        },
      ];
      const again = classifyChanges({
        before,
        after: live.next!,
        changes: live.changes,
        entryKinds: result.entryKinds,
        peers: contrary,
      });
      live.changes.forEach((c, i) => {
        judged.push(c.class_evidence !== again[i]!.class_evidence);
        marked.push(PEER_JUDGED.test(c.class_evidence));
      });
      s.save('litellm', live.next!);
    }
    expect(marked).toEqual(judged);
    expect(judged.filter(Boolean).length).toBeGreaterThan(100);
  });
});

describe('the peers of a step from the stored history', () => {
  const row = (source: string, usd: string, day: string): HistoryRow => ({
    source,
    series_key: `${source}|gpt-4|input|standard|global|base`,
    model_id: gpt4.model_id,
    provider: gpt4.provider,
    token_class: 'input',
    service_tier: 'standard',
    region: 'global',
    context_tier: 'base',
    usd_per_mtok: usd,
    observed_at: at(day),
  });
  const judged = state(gpt4);

  it('a peer counts with its price then, since the start of that price, and not once a complete document left it out', () => {
    const rows = [
      row('llm-prices', '60', '2024-01-01'),
      row('llm-prices', '30', '2024-02-01'),
      row('llm-prices', '30', '2024-03-01'),
    ];
    const h = priceHistory(rows, [], []);
    expect(
      h
        .peersFor('litellm')(judged, at('2024-01-15'))
        .map((p) => [p.usd_per_mtok, p.since]),
    ).toEqual([['60', at('2024-01-01')]]);
    expect(
      h
        .peersFor('litellm')(judged, at('2024-03-10'))
        .map((p) => [p.usd_per_mtok, p.since]),
    ).toEqual([['30', at('2024-02-01')]]);
    expect(h.peersFor('llm-prices')(judged, at('2024-03-10'))).toEqual([]); // not its own peer
    expect(h.peersFor('litellm')(judged, at('2024-06-01'))).toEqual([]); // stale
    expect(h.sinceAt(rows[2]!.series_key, at('2024-03-01'))).toBe(at('2024-02-01'));
    const gone = priceHistory(rows, [], [{ source: 'llm-prices', observed_at: at('2024-03-05') }]);
    expect(gone.peersFor('litellm')(judged, at('2024-03-10'))).toEqual([]);
    // as the live index: a price shown before and after the time counts, however far apart its sightings
    const spans = priceHistory([row('llm-prices', '30', '2023-12-14'), row('llm-prices', '30', '2024-06-01')], [], []);
    expect(spans.peersFor('litellm')(judged, at('2024-03-01')).map(showPeer)).toEqual([
      'llm-prices 30 since 2023-12-14',
    ]);
    // a document of the source after the sighting confirms it (a dated period is not observed again)
    const confirmed = priceHistory(
      [row('llm-prices', '30', '2023-12-14')],
      [{ source: 'llm-prices', observed_at: at('2024-02-20') }],
      [],
    );
    expect(confirmed.peersFor('litellm')(judged, at('2024-03-01')).map(showPeer)).toEqual([
      'llm-prices 30 since 2023-12-14',
    ]);
    // a series re-mapped to another model is that model's peer from then, not this one's
    const remapped = priceHistory(
      [row('llm-prices', '30', '2024-01-01'), { ...row('llm-prices', '31', '2024-02-01'), model_id: 'other' }],
      [],
      [],
    );
    expect(remapped.peersFor('litellm')(judged, at('2024-02-10')).map(showPeer)).toEqual([
      'llm-prices 30 since 2024-01-01',
    ]);
  });

  it('rejudgeChanges leaves a rule of the entry alone and re-judges a peer verdict', () => {
    // the page, and the sheet's own 3 (first shown 2023-12-15) then 30
    const h = priceHistory(
      [
        row('openai-pricing-page', '30', '2023-12-14'),
        row('litellm', '3', '2023-12-15'),
        row('litellm', '30', '2023-12-16'),
      ],
      [],
      [],
    );
    const step = (cls: 'unknown' | 'correction', evidence: string): ResolvedChange => ({
      ...detectChanges(
        { [gpt4.series_key]: state(gpt4, { observed_at: at('2023-12-15'), since: at('2023-12-15') }) },
        [obs({ usd_per_mtok: '30', observed_at: at('2023-12-16') })],
        scopeAt(at('2023-12-16')),
      ).changes[0]!,
      class: cls,
      class_evidence: evidence,
      previous_observed_at: at('2023-12-15'),
      model_id: gpt4.model_id,
    });
    expect(rejudgeChanges([step('correction', 'reverts a 10x step: 30 -> 3 on 2023-12-15, back to 30')], h)).toEqual(
      [],
    );
    const [again] = rejudgeChanges([step('unknown', 'a 10x step that no other source carries for this model')], h);
    expect(again).toMatchObject({ class: 'correction' });
    expect(again!.class_evidence).toMatch(/^realigned with first-party openai-pricing-page 30 since 2023-12-14/);
  });
});
describe('every verdict the peers give is marked as theirs', () => {
  const before = { [gpt4.series_key]: state(obs({ usd_per_mtok: '60', observed_at: at('2025-01-02') })) };
  const change = detectChanges(
    before,
    [obs({ usd_per_mtok: '30', observed_at: at('2025-01-10') })],
    scopeAt(at('2025-01-10')),
  ).changes[0]!;
  const peer = (source: string, usd: string, since: string, firstParty = false): PeerPrice => ({
    source,
    usd_per_mtok: usd,
    since: at(since),
    observed_at: at('2025-01-09'),
    confirmed_at: at('2025-01-09'),
    first_party: firstParty,
  });
  it.each([
    ['no peers, a small step', [], '2025-01-02', /^no other source carries this price/],
    ['no peers, a 10x step', [], '2025-01-02', /that no other source carries for this model$/],
    ['shown by a peer', [peer('llm-prices', '30', '2025-01-05')], '2025-01-02', / shows it$/],
    ['shown before the old price', [peer('llm-prices', '30', '2024-06-01')], '2025-01-02', /^realigned with /],
    ['still the old price', [peer('openai-pricing', '60', '2024-06-01', true)], '2025-01-02', / still shows 60$/],
    [
      'split',
      [peer('llm-prices', '30', '2025-01-05'), peer('genai-prices', '60', '2024-06-01')],
      '2025-01-02',
      /^no majority: /,
    ],
  ])('%s', (_name, peers, oldSince, pattern) => {
    const c = _name === 'no peers, a 10x step' ? { ...change, old_usd_per_mtok: '300' } : change;
    const v = judgeByPeers(c, at(oldSince), peers);
    expect(v.evidence).toMatch(pattern);
    expect(PEER_JUDGED.test(v.evidence)).toBe(true);
  });
});

describe('the hold judges an entry whole before it becomes the baseline', () => {
  const page = (usd: string) => ({
    'openai-pricing-page': {
      k: state(obs({ source: 'openai-pricing-page', usd_per_mtok: usd, observed_at: at('2025-03-20') }), {
        since: at('2024-12-01'),
      }),
    },
  });
  const out = obs({ token_class: 'output', series_key: gpt4.series_key.replace('|input|', '|output|') });
  it('an observation older than the series state does not become the baseline of a later one', () => {
    const st = { [gpt4.series_key]: state(obs({ usd_per_mtok: '1', observed_at: at('2025-03-01') })) };
    const review = holdOutliers(
      typoDoc,
      st,
      [
        obs({ usd_per_mtok: '10', observed_at: at('2025-01-01') }),
        obs({ usd_per_mtok: '10', observed_at: at('2025-04-01') }),
      ],
      () => peerIndex(page('1')),
      now,
    );
    expect(review.deadLetters.map((d) => d.detail)).toEqual([expect.stringContaining('input 1 -> 10 USD/1M (10x)')]);
  });
  it("a held period's other prices are no baseline either", () => {
    const st = {
      [gpt4.series_key]: state(obs({ usd_per_mtok: '1', observed_at: at('2025-01-01') })),
      [out.series_key]: state({ ...out, usd_per_mtok: '10', observed_at: at('2025-01-01') }),
    };
    const peers = {
      'openai-pricing-page': {
        i: state(obs({ source: 'openai-pricing-page', usd_per_mtok: '1', observed_at: at('2025-03-01') }), {
          since: at('2025-01-01'),
        }),
        o: state(
          { ...out, source: 'openai-pricing-page', usd_per_mtok: '10', observed_at: at('2025-03-01') },
          { since: at('2025-01-01') },
        ),
      },
    };
    const review = holdOutliers(
      typoDoc,
      st,
      [
        obs({ usd_per_mtok: '5', observed_at: at('2025-02-01') }),
        { ...out, usd_per_mtok: '100', observed_at: at('2025-02-01') },
        obs({ usd_per_mtok: '10', observed_at: at('2025-03-01') }),
      ],
      () => peerIndex(peers),
      now,
    );
    // February held whole (its output 10x); March's input 10 is judged against the accepted 1, not February's 5
    expect(review.deadLetters).toHaveLength(3);
    expect(review.observations).toEqual([]);
  });
});
