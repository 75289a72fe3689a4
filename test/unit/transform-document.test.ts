import { loadEnv } from '../../schemas/env.ts';
import { describe, expect, it } from 'vitest';
import { DeadLetter } from '../../schemas/events/dead-letter.ts';
import { PriceObservation } from '../../schemas/events/price-observation.ts';
import { priceTransformer } from '../../ingest/sources/index.ts';
import { detectChanges } from '../../transform/change-detector.ts';
import { transformDocument } from '../../transform/transform-document.ts';
import { rawDocument } from '../helpers/documents.ts';
import { LITELLM, readFixture } from '../helpers/fixtures.ts';

const now = new Date('2026-11-22T00:00:00Z');
const at = '2024-07-29T00:00:00.000Z';

function crafted(): string {
  const sheet = JSON.parse(readFixture(LITELLM['2024-07-29'])) as Record<string, Record<string, unknown>>;
  sheet['bad-huge'] = { litellm_provider: 'openai', input_cost_per_token: 1e9, output_cost_per_token: 1e-6 };
  sheet['bad-negative'] = { litellm_provider: 'openai', input_cost_per_token: -1e-6, output_cost_per_token: 2e-6 };
  sheet['bad-unit'] = { litellm_provider: 'openai', input_cost_per_parsec: 1e-6, output_cost_per_token: 3e-6 };
  return JSON.stringify(sheet);
}

describe('transformDocument', () => {
  it('one valid observation per priced dimension, each valid against the schema', () => {
    const r = transformDocument(
      rawDocument('litellm', readFixture(LITELLM['2024-07-29']), at),
      priceTransformer('litellm'),
      now,
    );
    expect(r.observations.length).toBeGreaterThan(800);
    expect(r.deadLetters.filter((d) => d.reason !== 'non_token_unit')).toEqual([]); // prices in other units aside
    for (const o of r.observations) expect(PriceObservation.safeParse(o).success).toBe(true);
    expect(new Set(r.observations.map((o) => o.event_id)).size).toBe(r.observations.length);
  });

  it('bad records are dead-lettered one by one with reasons; the good ones of the same document land', () => {
    const good = transformDocument(
      rawDocument('litellm', readFixture(LITELLM['2024-07-29']), at),
      priceTransformer('litellm'),
      now,
    ).observations.length;
    const r = transformDocument(rawDocument('litellm', crafted(), at), priceTransformer('litellm'), now);
    const reasons = Object.fromEntries(
      r.deadLetters.filter((d) => d.reason !== 'non_token_unit').map((d) => [d.record_ref, d.reason]),
    );
    expect(reasons).toEqual({
      'bad-huge#input_cost_per_token': 'price_out_of_band',
      'bad-huge#output_cost_per_token': 'entry_held',
      'bad-negative#input_cost_per_token': 'negative_price',
      'bad-negative#output_cost_per_token': 'entry_held',
      'bad-unit#input_cost_per_parsec': 'unknown_unit',
    });
    for (const d of r.deadLetters) {
      expect(DeadLetter.safeParse(d).success).toBe(true);
      expect(d.detail.length).toBeGreaterThan(10);
    }
    // a price out of band or negative holds its entry's output price too; an unknown unit rejects that field only
    expect(r.observations.length).toBe(good + 1);
    expect(r.observations.find((o) => o.source_model_id === 'gpt-4o' && o.token_class === 'input')?.usd_per_mtok).toBe(
      '5',
    );
  });

  it('2026-02-02: an entry is judged whole; watsonx 13B models, output out of band, do not keep an input of 500 USD/1M', () => {
    const t = '2026-02-02T00:00:00.000Z';
    const recorded = readFixture(LITELLM['2026-02-02']);
    const r = transformDocument(rawDocument('litellm', recorded, t), priceTransformer('litellm'), now);
    const key = (m: string, cls: string): string => `litellm|${m}|${cls}|standard|global|base`;
    for (const m of ['watsonx/bigscience/mt0-xxl-13b', 'watsonx/core42/jais-13b-chat']) {
      // as recorded: input_cost_per_token 0.0005 (500 USD/1M, in band), output_cost_per_token 0.002 (2000 USD/1M)
      expect(r.observations.filter((o) => o.source_model_id === m)).toEqual([]);
      const letters = r.deadLetters.filter((d) => d.record_ref.startsWith(`${m}#`));
      expect(letters.map((d) => [d.record_ref, d.reason, d.series_key, d.source_model_id])).toEqual([
        [`${m}#input_cost_per_token`, 'entry_held', key(m, 'input'), m],
        [`${m}#output_cost_per_token`, 'price_out_of_band', key(m, 'output'), m],
      ]);
      expect(letters[0]!.detail).toMatch(
        /^input_cost_per_token = 0\.0005 per_token \(500 USD\/1M\) held with its entry/,
      );
      expect(letters[0]!.detail).toMatch(/output_cost_per_token = 0\.002 per_token: price_out_of_band/);
      expect(r.rejectedSeries.has(key(m, 'input'))).toBe(true);
      expect(r.rejectedModels.has(m)).toBe(true);
    }
    // a neighbour of the same provider, in band, lands whole
    expect(
      r.observations.filter((o) => o.source_model_id === 'watsonx/ibm/granite-13b-chat-v2').map((o) => o.usd_per_mtok),
    ).toEqual(['0.6', '0.6']);
    // a held entry is not removed: an earlier document that priced it in band keeps its series
    const sheet = JSON.parse(recorded) as Record<string, Record<string, unknown>>;
    sheet['watsonx/bigscience/mt0-xxl-13b']!.output_cost_per_token = 0.0005;
    const t0 = '2026-01-01T00:00:00.000Z';
    const before = transformDocument(
      rawDocument('litellm', JSON.stringify(sheet), t0),
      priceTransformer('litellm'),
      now,
    );
    const scope = { source: 'litellm', source_url: 'u', complete: true };
    const first = detectChanges({}, before.observations, { ...scope, observed_at: t0, ...before });
    const second = detectChanges(first.next, r.observations, { ...scope, observed_at: t, ...r });
    expect(second.changes.filter((c) => c.source_model_id.startsWith('watsonx/bigscience/'))).toEqual([]);
    expect(second.next[key('watsonx/bigscience/mt0-xxl-13b', 'input')]).toMatchObject({
      usd_per_mtok: '500',
      removed: false,
    });
  });

  it('a truncated document is dead-lettered whole, with its reason and no observations', () => {
    const text = readFixture(LITELLM['2024-07-29']);
    const r = transformDocument(rawDocument('litellm', text.slice(0, 5000), at), priceTransformer('litellm'), now);
    expect(r.wholeDocumentRejected).toBe(true);
    expect(r.observations).toEqual([]);
    expect(r.deadLetters).toHaveLength(1);
    expect(r.deadLetters[0]).toMatchObject({ record_ref: '*', reason: 'document_unreadable', stage: 'transform' });
    expect(r.deadLetters[0]!.detail).toMatch(/not valid JSON/);
  });

  it('is deterministic: the same document gives the same ids', () => {
    const doc = rawDocument('litellm', readFixture(LITELLM['2023-11-30']), at);
    const a = transformDocument(doc, priceTransformer('litellm'), now).observations.map((o) => o.event_id);
    const b = transformDocument(doc, priceTransformer('litellm'), now).observations.map((o) => o.event_id);
    expect(a).toEqual(b);
  });
});

describe('non-USD price lists', () => {
  const moonshot = rawDocument(
    'moonshot-pricing',
    readFixture('moonshot-pricing/Moonshot_Kimi__English__pricing__chat.md'),
    '2025-12-01T00:00:00.000Z',
  );

  it('without an FX rate they are dead-lettered with the reason, never stored as USD', () => {
    const r = transformDocument(moonshot, priceTransformer('moonshot-pricing'), now);
    expect(r.observations).toEqual([]);
    expect(r.deadLetters.length).toBe(36);
    expect(new Set(r.deadLetters.map((d) => d.reason))).toEqual(new Set(['fx_rate_missing']));
  });

  it("convert at the rate in force on the price's date, never a later one; before the first rate, dead-lettered", () => {
    const { REBAR_FX_RATES: fx } = loadEnv({ REBAR_FX_RATES: 'CNY=0.1404@2025-12-01,CNY=0.1390@2027-01-01' });
    const at = (day: string) =>
      transformDocument(
        rawDocument('moonshot-pricing', moonshot.payload, `${day}T00:00:00.000Z`),
        priceTransformer('moonshot-pricing'),
        now,
        fx,
      );
    expect(new Set(at('2025-12-20').observations.map((o) => `${o.fx_rate_date} ${o.fx_usd_per_unit}`))).toEqual(
      new Set(['2025-12-01 0.1404']),
    );
    expect(new Set(at('2027-02-01').observations.map((o) => o.fx_rate_date))).toEqual(new Set(['2027-01-01']));
    const early = at('2025-11-30');
    expect(early.observations).toEqual([]);
    expect(early.deadLetters[0]!.detail).toMatch(
      /no FX rate for CNY on or before 2025-11-30 \(REBAR_FX_RATES has CNY from 2025-12-01\)/,
    );
  });

  it('with a dated rate they convert exactly and keep the published value, currency and rate', () => {
    const r = transformDocument(moonshot, priceTransformer('moonshot-pricing'), now, {
      CNY: [{ usd_per_unit: '0.14', date: '2025-12-01' }],
    });
    expect(r.observations).toHaveLength(36);
    const o = r.observations[0]!;
    expect(o.currency).toBe('CNY');
    expect(o.fx_usd_per_unit).toBe('0.14');
    expect(o.fx_rate_date).toBe('2025-12-01');
    expect(o.series_key.endsWith('|CNY')).toBe(true);
    expect(Number(o.usd_per_mtok)).toBeCloseTo(Number(o.raw_value) * 0.14, 9);
  });
});
