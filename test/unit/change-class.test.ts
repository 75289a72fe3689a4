import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { priceTransformer } from '../../ingest/sources/index.ts';
import type { PriceChange } from '../../schemas/events/price-change.ts';
import { classifyChanges, WRONG_OLD_PRICE } from '../../transform/change-class.ts';
import type { SeriesState, SourceState } from '../../transform/change-detector.ts';
import { detectDocumentChanges, type DocumentChanges } from '../../transform/detect-document-changes.ts';
import { SeriesStateStore } from '../../transform/series-state-store.ts';
import { transformDocument } from '../../transform/transform-document.ts';
import { rawDocument } from '../helpers/documents.ts';
import { LITELLM, readFixture } from '../helpers/fixtures.ts';

const now = new Date('2026-11-22T00:00:00Z');
// the gpt-4 typo (input 3e-06 instead of 3e-05) and the commit that fixed it, the same day (test/fixtures/SOURCES.md)
const TYPO = 'litellm/2023-09-typo/litellm_model_prices_2023-09-18__upstream_5cc54296.json';
const FIXED = 'litellm/2023-09-typo/litellm_model_prices_2023-09-18__upstream_b5a83be4.json';
// OpenAI's own pricing page, recorded 2023-12-14: gpt-4 input $30 per 1M
const OPENAI_PAGE = 'openai-pricing-page/openai_pricing_page_2023-12-14T11-12-59__kokenconsulting_e9d85cdf.html';

/** Documents through the transformer's review and change detection, in order, as the pipeline runs them. */
function run(docs: [source: string, fixture: string, at: string][]): DocumentChanges[] {
  const store = new SeriesStateStore(mkdtempSync(path.join(tmpdir(), 'rebar-classes-')));
  return docs.map(([source, fixture, at]) => {
    const doc = rawDocument(source, readFixture(fixture), at);
    const d = detectDocumentChanges(doc, transformDocument(doc, priceTransformer(source), now), store, now);
    store.save(source, d.next!);
    return d;
  });
}
const find = (d: DocumentChanges, model: string, cls: string): PriceChange | undefined =>
  d.changes.find((c) => c.source_model_id === model && c.token_class === cls && c.context_tier === 'base');

describe('a typo is not a price move', () => {
  it('alone, the fix of gpt-4 input 3 -> 30 is a 10x step nothing confirms: unknown, not a move', () => {
    const [, fixed] = run([
      ['litellm', TYPO, '2023-09-18T10:00:00.000Z'],
      ['litellm', FIXED, '2023-09-18T12:00:00.000Z'],
    ]);
    const c = find(fixed!, 'gpt-4', 'input');
    expect(c).toMatchObject({ kind: 'increase', old_usd_per_mtok: '3', new_usd_per_mtok: '30', class: 'unknown' });
    expect(c!.class_evidence).toContain('10x step');
  });

  it("beside OpenAI's own page (gpt-4 input 30), the typo sheet's gpt-4 is held whole and the fixed sheet shows no increase", () => {
    const [, typo, fixed] = run([
      ['openai-pricing-page', OPENAI_PAGE, '2023-12-14T11:12:59.000Z'],
      ['litellm', TYPO, '2023-12-15T00:00:00.000Z'],
      ['litellm', FIXED, '2023-12-16T00:00:00.000Z'],
    ]);
    const held = typo!.deadLetters.filter((d) => d.source_model_id === 'gpt-4');
    expect(held.map((d) => d.reason)).toEqual(['price_outlier', 'price_outlier']); // input and output: the entry whole
    expect(held[0]!.detail).toMatch(/first price input 3 USD\/1M is 10x from openai-pricing-page 30 since 2023-12-14/);
    expect(typo!.observations.some((o) => o.source_model_id === 'gpt-4')).toBe(false);
    expect(typo!.observations.some((o) => o.source_model_id === 'gpt-3.5-turbo')).toBe(true); // the rest stands
    const c = fixed!.changes.filter((x) => x.source_model_id === 'gpt-4');
    expect(c.map((x) => x.kind)).toEqual(['first_seen', 'first_seen']);
    expect(fixed!.changes.some((x) => x.kind === 'increase')).toBe(false);
  });
});

describe('early sheets name no provider', () => {
  it("the 2023-09-18 sheet's gpt-4 is openai's, claude-2 anthropic's, text-bison-001 google's: never a provider made from the id", () => {
    const [typo] = run([['litellm', TYPO, '2023-09-18T10:00:00.000Z']]);
    const provider = (id: string) => typo!.observations.find((o) => o.source_model_id === id)?.provider;
    expect(provider('gpt-4')).toBe('openai');
    expect(provider('claude-2')).toBe('anthropic');
    expect(provider('text-bison-001')).toBe('google');
    expect(provider('command-nightly')).toBe('cohere');
    const providers = new Set(typo!.observations.map((o) => o.provider));
    expect([...providers].sort()).toEqual(['anthropic', 'cohere', 'google', 'openai', 'together']);
    expect(typo!.observations.find((o) => o.source_model_id === 'gpt-4')!.source_provider).toBe(''); // as published
  });
});

describe('corrections told apart from moves over the six LiteLLM sheets', () => {
  const dates = Object.keys(LITELLM).sort() as (keyof typeof LITELLM)[];
  const runs = run(dates.map((d) => ['litellm', LITELLM[d], `${d}T00:00:00.000Z`]));
  const at = (d: keyof typeof LITELLM) => runs[dates.indexOf(d)]!;
  const priced = runs.flatMap((r) => r.changes.filter((c) => c.kind === 'increase' || c.kind === 'decrease'));

  it('counts: 156 moves, 26 corrections, 61 unknown among the 243 price steps', () => {
    const counts = Object.fromEntries(
      ['move', 'correction', 'unknown'].map((k) => [k, priced.filter((c) => c.class === k).length]),
    );
    expect(counts).toEqual({ move: 156, correction: 26, unknown: 61 });
  });

  it("a fine-tune that carried its base model's price: ft:davinci-002 2 -> 12 is a correction", () => {
    expect(find(at('2026-02-02'), 'ft:davinci-002', 'input')).toMatchObject({
      kind: 'increase',
      class: 'correction',
      class_evidence: "carried davinci-002's price 2 (unchanged there), now its own 12",
    });
  });

  it('an alias re-pointed late: gpt-3.5-turbo 1.5 -> 0.5 in 2026 is gpt-3.5-turbo-0125 since 2024-03-30', () => {
    const c = find(at('2026-02-02'), 'gpt-3.5-turbo', 'input');
    expect(c).toMatchObject({ kind: 'decrease', class: 'correction' });
    expect(c!.class_evidence).toBe("re-pointed: now gpt-3.5-turbo-0125's price 0.5, shown there since 2024-03-30");
  });

  it('a preview re-pointed to the released model: gemini-2.5-flash-preview-05-20 output 0.6 -> 2.5', () => {
    const c = find(at('2026-02-02'), 'gemini/gemini-2.5-flash-preview-05-20', 'output');
    expect(c).toMatchObject({ kind: 'increase', class: 'correction' });
    expect(c!.class_evidence).toMatch(/^re-pointed to gemini\/gemini-2.5-flash/);
  });

  it('a mapping change: mistral-large-latest 8 -> 3 is mistral-large-2407 now, not a cut of mistral-large-2402', () => {
    expect(find(at('2024-07-29'), 'mistral/mistral-large-latest', 'input')).toMatchObject({
      class: 'correction',
      class_evidence:
        'mapping changed: mistral/mistral-large-latest resolves to mistral-large-2407, was mistral-large-2402',
    });
  });

  it('real cuts stay moves: gpt-4o 5 -> 2.5 (2024-11-28), o3 10 -> 2 with its dated snapshot (2026-02-02)', () => {
    expect(find(at('2024-11-28'), 'gpt-4o', 'input')).toMatchObject({ kind: 'decrease', class: 'move' });
    expect(find(at('2026-02-02'), 'o3', 'input')).toMatchObject({ kind: 'decrease', class: 'move' });
    expect(find(at('2026-02-02'), 'o3-2025-04-16', 'input')).toMatchObject({ kind: 'decrease', class: 'move' });
  });

  it('a 1000x step no other source carries is unknown: watsonx granite-3-8b-instruct 200 -> 0.2', () => {
    expect(find(at('2026-02-02'), 'watsonx/ibm/granite-3-8b-instruct', 'input')).toMatchObject({
      class: 'unknown',
      class_evidence: 'a 1000x step that no other source carries for this model',
    });
  });

  it('every correction says whether the old price was wrong (model_prices_by_day drops it) or the entry named another thing', () => {
    const keeps = ['mapping changed', 're-pointed', 'entry mode'];
    const corrections = priced.filter((c) => c.class === 'correction');
    const wrong = corrections.filter((c) => WRONG_OLD_PRICE.some((w) => c.class_evidence.startsWith(w)));
    const kept = corrections.filter((c) => keeps.some((w) => c.class_evidence.startsWith(w)));
    expect(wrong.length + kept.length).toBe(corrections.length);
    expect([wrong.length, kept.length]).toEqual([6, 20]);
  });

  it('every change carries a class and its evidence', () => {
    for (const c of runs.flatMap((r) => r.changes)) expect(c.class_evidence).not.toBe('');
  });
});

// the rules no recorded sheet happens to exercise, on the smallest states that show them
describe('correction rules, one by one', () => {
  const at = (d: string) => `${d}T00:00:00.000Z`;
  const series = (id: string, cls: 'input' | 'output', usd: string, extra: Partial<SeriesState> = {}): SeriesState => ({
    provider: 'openai',
    model: id,
    source_model_id: id,
    token_class: cls,
    service_tier: 'standard',
    region: 'global',
    context_tier: 'base',
    usd_per_mtok: usd,
    observed_at: at('2025-01-01'),
    event_id: '00000000-0000-4000-8000-000000000000',
    removed: false,
    model_id: id,
    since: at('2025-01-01'),
    prior_usd_per_mtok: null,
    ...extra,
  });
  const key = (id: string, cls: string) => `litellm|${id}|${cls}|standard|global|base`;
  const step = (before: SourceState, after: SourceState, k: string): PriceChange => ({
    event_id: '00000000-0000-4000-8000-000000000001',
    series_key: k,
    kind: Number(after[k]!.usd_per_mtok) > Number(before[k]!.usd_per_mtok) ? 'increase' : 'decrease',
    provider: after[k]!.provider,
    model: after[k]!.model,
    source_model_id: after[k]!.source_model_id,
    token_class: after[k]!.token_class,
    service_tier: after[k]!.service_tier,
    region: after[k]!.region,
    context_tier: after[k]!.context_tier,
    old_usd_per_mtok: before[k]!.usd_per_mtok,
    new_usd_per_mtok: after[k]!.usd_per_mtok,
    abs_change: null,
    pct_change: null,
    observed_at: after[k]!.observed_at,
    previous_observed_at: before[k]!.observed_at,
    old_event_id: null,
    new_event_id: null,
    source: 'litellm',
    source_url: 'u',
    class: 'unknown',
    class_evidence: '',
  });
  const classify = (before: SourceState, after: SourceState, kinds?: Map<string, string>) =>
    classifyChanges({
      before,
      after,
      changes: Object.keys(after)
        .filter((k) => before[k] && before[k]!.usd_per_mtok !== after[k]!.usd_per_mtok)
        .map((k) => step(before, after, k)),
      entryKinds: kinds,
      peers: () => [],
    });
  const later = { observed_at: at('2025-02-01'), since: at('2025-02-01') };

  it('input and output swapped, then swapped back: corrections both times', () => {
    const a = { [key('m', 'input')]: series('m', 'input', '2'), [key('m', 'output')]: series('m', 'output', '8') };
    const b = {
      [key('m', 'input')]: series('m', 'input', '8', { ...later, prior_usd_per_mtok: '2' }),
      [key('m', 'output')]: series('m', 'output', '2', { ...later, prior_usd_per_mtok: '8' }),
    };
    expect(classify(a, b).map((c) => [c.token_class, c.class, c.class_evidence])).toEqual([
      ['input', 'correction', 'input and output swapped: input 2 -> 8, output 8 -> 2'],
      ['output', 'correction', 'input and output swapped: output 8 -> 2, input 2 -> 8'],
    ]);
  });

  it('an entry whose mode changed (chat to embedding) changed what it prices: a correction', () => {
    const a = { [key('m', 'input')]: series('m', 'input', '2', { entry_kind: 'chat' }) };
    const b = { [key('m', 'input')]: series('m', 'input', '0.1', { ...later, entry_kind: 'embedding' }) };
    expect(classify(a, b, new Map([['m', 'embedding']]))[0]).toMatchObject({
      class: 'correction',
      class_evidence: 'entry mode changed: chat -> embedding',
    });
  });

  it('a 5x step reverted at the next observation is a correction; a 2x one is a move', () => {
    const a = { [key('m', 'input')]: series('m', 'input', '30', { prior_usd_per_mtok: '3' }) };
    const b = { [key('m', 'input')]: series('m', 'input', '3', later) };
    expect(classify(a, b)[0]!.class).toBe('correction');
    const c = { [key('m', 'input')]: series('m', 'input', '6', { prior_usd_per_mtok: '3' }) };
    expect(classify(c, b)[0]!.class).toBe('move');
  });

  it("a revert counts only one observation back, and never on the vendor's own list", () => {
    const b = { [key('m', 'input')]: series('m', 'input', '3', later) };
    // the 15 stood since 2024-11-01 and was seen again on 2025-01-01: a price that lived, not a typo
    const stood = {
      [key('m', 'input')]: series('m', 'input', '15', { prior_usd_per_mtok: '3', since: at('2024-11-01') }),
    };
    expect(classify(stood, b)[0]!.class).toBe('move');
    // a state from before since was kept: unknown, so no revert
    const unknownSince = {
      [key('m', 'input')]: series('m', 'input', '15', { prior_usd_per_mtok: '3', since: undefined }),
    };
    expect(classify(unknownSince, b)[0]!.class).toBe('move');
    // OpenAI's own page ending a 5x promo is OpenAI's price
    const own = (st: SourceState) =>
      Object.fromEntries(Object.entries(st).map(([k, v]) => [k.replace(/^litellm/, 'openai-pricing'), v]));
    const a = { [key('m', 'input')]: series('m', 'input', '15', { prior_usd_per_mtok: '3' }) };
    expect(classify(a, b)[0]!.class).toBe('correction'); // one observation back, on an aggregator: the typo rule
    const [c] = classifyChanges({
      before: own(a),
      after: own(b),
      changes: [
        {
          ...step(a, b, key('m', 'input')),
          series_key: key('m', 'input').replace(/^litellm/, 'openai-pricing'),
          source: 'openai-pricing',
        },
      ],
      peers: () => [],
    });
    expect(c).toMatchObject({ class: 'move', class_evidence: "openai-pricing is openai's own price list" });
  });

  it("a re-point is read from dated snapshots only: gpt-4o taking gpt-4o-mini's price is no correction", () => {
    const a = {
      [key('gpt-4o', 'input')]: series('gpt-4o', 'input', '5'),
      [key('gpt-4o-mini', 'input')]: series('gpt-4o-mini', 'input', '2.5'),
      [key('gpt-4o-2024-08-06', 'input')]: series('gpt-4o-2024-08-06', 'input', '2.5', { since: undefined }),
    };
    const b = { ...a, [key('gpt-4o', 'input')]: series('gpt-4o', 'input', '2.5', later) };
    expect(classify(a, b)[0]).toMatchObject({
      class: 'correction',
      // no since kept for the snapshot: "by" its last observation, not "since"
      class_evidence: "re-pointed: now gpt-4o-2024-08-06's price 2.5, shown there by 2025-01-01",
    });
    const { [key('gpt-4o-2024-08-06', 'input')]: _, ...noSnapshot } = a;
    const c = { ...noSnapshot, [key('gpt-4o', 'input')]: series('gpt-4o', 'input', '2.5', later) };
    expect(classify(noSnapshot, c)[0]!.class).toBe('move');
  });
});
