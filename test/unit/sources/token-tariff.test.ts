import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { PriceObservation } from '../../../schemas/events/price-observation.ts';
import { parseTokenTariff } from '../../../ingest/sources/token-tariff/parse.ts';
import { tokenTariff } from '../../../ingest/sources/token-tariff/source.ts';
import { transformDocument } from '../../../transform/transform-document.ts';
import type { PriceTransformer } from '../../../transform/transformer.ts';
import { rawDocument } from '../../helpers/documents.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const text = readFixture('token-tariff/timeline.csv');
const GPT4 = 'gpt-4,OpenAI,frontier,2023-03-14,30,60,';
// crafted from the real text: one substring replaced, asserting it was there
const replaced = (from: string, to: string): string => {
  expect(text).toContain(from);
  return text.replace(from, to);
};
const gpt4Line = (doc: string): string => doc.split('\n').find((l) => l.startsWith('gpt-4,'))!;

describe('token-tariff timeline.csv (Prajwalsrinvas/token-tariff)', () => {
  it('launch prices of the 22 priced rows of 42: 44 points, nothing rejected', () => {
    const sheet = parseTokenTariff(text);
    expect(sheet.rows).toHaveLength(44);
    expect(sheet.rejects).toEqual([]);
    // 20 rows without a launch price (open weights, 'Launch price not verified'), both columns each;
    // 27 rows with a current price, both columns each
    expect(sheet.skipped).toEqual({ launch_price_not_published: 40, current_price_undated: 54 });
  });

  it('gpt-4 launched at $30 / $60 per 1M on 2023-03-14', () => {
    const gpt4 = parseTokenTariff(text).rows.filter((p) => p.source_model_id === 'gpt-4');
    expect(gpt4.map((p) => [p.token_class, p.raw_value, p.source_field])).toEqual([
      ['input', '30', 'launch_price_in'],
      ['output', '60', 'launch_price_out'],
    ]);
    for (const p of gpt4)
      expect(p).toMatchObject({
        effective_from: '2023-03-14T00:00:00.000Z',
        provider: 'openai',
        source_provider: 'OpenAI',
        model: 'gpt-4',
        raw_unit: 'per_1m_tokens',
        currency: 'USD',
        service_tier: 'standard',
        region: 'global',
        context_tier: 'base',
      });
  });

  it('a row with an empty launch price gives no point, counted; its current price is not read', () => {
    const rows = parseTokenTariff(text).rows;
    // gpt-4o: launch empty ('Launch price not verified'), current 2.5 / 10
    expect(rows.filter((p) => p.source_model_id === 'gpt-4o')).toEqual([]);
    // o3: launch 10 / 40, current 2 / 8: only the launch price, at the release date
    expect(rows.filter((p) => p.source_model_id === 'o3').map((p) => [p.raw_value, p.effective_from])).toEqual([
      ['10', '2025-04-16T00:00:00.000Z'],
      ['40', '2025-04-16T00:00:00.000Z'],
    ]);
    expect(rows.some((p) => p.source_field.startsWith('current_'))).toBe(false);
  });

  it('a header without launch_price_in is layout drift: a permanent error naming the column', () => {
    const drifted = replaced('release_date,launch_price_in,', 'release_date,launch_in,');
    expect(() => parseTokenTariff(drifted)).toThrow(PermanentError);
    expect(() => parseTokenTariff(drifted)).toThrow(/launch_price_in/);
    expect(() => parseTokenTariff(text.split('\n')[0]!)).toThrow(/no launch prices/);
  });

  it("a release_date 'soon' rejects that row with its reason; the other rows still parse", () => {
    const sheet = parseTokenTariff(replaced(GPT4, 'gpt-4,OpenAI,frontier,soon,30,60,'));
    expect(sheet.rejects.map((r) => [r.record_ref, r.source_model_id, r.reason])).toEqual([
      ['gpt-4#release_date', 'gpt-4', 'bad_effective_date'],
    ]);
    expect(sheet.rejects[0]!.detail).toMatch(/soon/);
    expect(sheet.rows).toHaveLength(42);
    expect(sheet.rows.some((p) => p.source_model_id === 'gpt-4')).toBe(false);
  });

  it("a price 'abc' is rejected 'unparseable_price'; the other column of the row lands", () => {
    const sheet = parseTokenTariff(replaced(GPT4, 'gpt-4,OpenAI,frontier,2023-03-14,abc,60,'));
    expect(sheet.rejects.map((r) => [r.record_ref, r.reason])).toEqual([
      ['gpt-4#launch_price_in', 'unparseable_price'],
    ]);
    expect(sheet.rows).toHaveLength(43);
    expect(sheet.rows.filter((p) => p.source_model_id === 'gpt-4').map((p) => p.token_class)).toEqual(['output']);
  });

  it('a model listed twice: the same price is skipped as a duplicate, a different one is a conflict', () => {
    const line = gpt4Line(text);
    const same = parseTokenTariff(`${text}${line}\n`);
    expect(same.rows).toHaveLength(44);
    expect(same.rejects).toEqual([]);
    expect(same.skipped.duplicate_entry).toBe(2);
    const other = parseTokenTariff(`${text}${line.replace(GPT4, 'gpt-4,OpenAI,frontier,2023-03-14,30,120,')}\n`);
    expect(other.rows).toHaveLength(44);
    expect(other.skipped.duplicate_entry).toBe(1);
    expect(other.rejects.map((r) => [r.record_ref, r.reason])).toEqual([
      ['gpt-4#launch_price_out', 'conflicting_duplicate'],
    ]);
  });

  it('the whole pure transform: observations placed at their release dates, no dead letters', () => {
    const r = transformDocument(
      rawDocument('token-tariff', text, '2026-08-03T00:00:00.000Z'),
      tokenTariff.transformer as PriceTransformer,
      new Date(),
    );
    expect(r.deadLetters).toEqual([]);
    expect(r.wholeDocumentRejected).toBe(false);
    expect(r.observations).toHaveLength(44);
    for (const o of r.observations) {
      expect(PriceObservation.safeParse(o).success).toBe(true);
      expect(o.observed_at).toBe(o.effective_from);
    }
    const input = r.observations.find((o) => o.source_model_id === 'gpt-4' && o.token_class === 'input');
    expect(input).toMatchObject({
      usd_per_mtok: '30',
      observed_at: '2023-03-14T00:00:00.000Z',
      effective_from: '2023-03-14T00:00:00.000Z',
      provider: 'openai',
      source: 'token-tariff',
    });
    expect(r.observations.find((o) => o.source_model_id === 'gpt-5-nano' && o.token_class === 'input')).toMatchObject({
      usd_per_mtok: '0.05',
      observed_at: '2025-08-07T00:00:00.000Z',
    });
  });
});
