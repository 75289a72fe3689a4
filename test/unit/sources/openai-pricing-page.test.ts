import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { normalizePrice } from '../../../transform/normalize-price.ts';
import type { PricePoint } from '../../../transform/price-point.ts';
import { parseLitellm } from '../../../ingest/sources/litellm/parse.ts';
import { parseOpenaiPricingPage } from '../../../ingest/sources/openai-pricing-page/parse.ts';
import { LITELLM, readFixture } from '../../helpers/fixtures.ts';

const PAGE = 'openai-pricing-page/openai_pricing_page_2023-12-14T11-12-59__kokenconsulting_e9d85cdf.html';
const THEIR_PARSE = 'openai-pricing-page/openai_pricing_parsed_2023-12-14__kokenconsulting_e9d85cdf.json';
const ctx = {
  source: 'openai_pricing_page',
  url: 'https://openai.com/pricing',
  observed_at: '2023-12-14T11:12:59.000Z',
  content_hash: 'h',
};

const html = readFixture(PAGE);
const sheet = parseOpenaiPricingPage(html);
const find = (id: string, tokenClass: string): PricePoint | undefined =>
  sheet.rows.find((p) => p.source_model_id === id && p.token_class === tokenClass);
const raw = (id: string, tokenClass: string): string | undefined => find(id, tokenClass)?.raw_value;

describe('openai.com/pricing page, 2023-12-14', () => {
  it.each([
    ['gpt-4-1106-preview', '0.01', '0.03', '10', '30'],
    ['gpt-4', '0.03', '0.06', '30', '60'],
    ['gpt-4-32k', '0.06', '0.12', '60', '120'],
    ['gpt-3.5-turbo-1106', '0.0010', '0.0020', '1', '2'],
    ['gpt-3.5-turbo-instruct', '0.0015', '0.0020', '1.5', '2'],
  ])('%s: %s / %s per 1K tokens as published (%s / %s per 1M)', (id, input, output, in1m, out1m) => {
    expect(raw(id, 'input')).toBe(input);
    expect(raw(id, 'output')).toBe(output);
    for (const [cls, want] of [
      ['input', in1m],
      ['output', out1m],
    ] as const) {
      const n = normalizePrice(find(id, cls)!, ctx);
      expect(n.ok && n.observation.usd_per_mtok).toBe(want);
    }
    expect(find(id, 'input')).toMatchObject({
      raw_unit: 'per_1k_tokens',
      currency: 'USD',
      provider: 'openai',
      model: id,
      effective_from: null,
      service_tier: 'standard',
      context_tier: 'base',
    });
  });

  it('fine-tuning: training and usage prices belong to the fine-tuned model ft:<base>, not the base model', () => {
    expect(raw('ft:gpt-3.5-turbo', 'training')).toBe('0.0080');
    expect(raw('ft:gpt-3.5-turbo', 'input')).toBe('0.0030');
    expect(raw('ft:gpt-3.5-turbo', 'output')).toBe('0.0060');
    expect(find('ft:davinci-002', 'input')?.source_field).toBe('table:fine-tuning-models/Input usage');
    expect(sheet.rows.filter((p) => p.token_class === 'training').map((p) => p.source_model_id)).toEqual([
      'ft:gpt-3.5-turbo',
      'ft:davinci-002',
      'ft:babbage-002',
    ]);
  });

  it("embeddings: ada v2 'Usage' is an input price only, under the API id", () => {
    expect(sheet.rows.filter((p) => p.source_model_id === 'ada v2')).toEqual([
      expect.objectContaining({
        token_class: 'input',
        raw_value: '0.0001',
        model: 'text-embedding-ada-002',
        source_field: 'table:embedding-models/Usage',
      }),
    ]);
  });

  it("base models: one 'Usage' rate bills input and output tokens alike, as LiteLLM also records it", () => {
    expect(raw('davinci-002', 'input')).toBe('0.0020');
    expect(raw('davinci-002', 'output')).toBe('0.0020');
    expect(raw('babbage-002', 'output')).toBe('0.0004');
    const lite = parseLitellm(readFixture(LITELLM['2023-11-30'])).rows;
    const liteUsd = (cls: string) => {
      const p = lite.find((x) => x.source_model_id === 'davinci-002' && x.token_class === cls)!;
      const n = normalizePrice(p, ctx);
      return n.ok && n.observation.usd_per_mtok;
    };
    expect([liteUsd('input'), liteUsd('output')]).toEqual(['2', '2']);
  });

  it("every model/price pair of the other project's parse is found with the same value", () => {
    const theirs = JSON.parse(readFixture(THEIR_PARSE)) as Record<string, Record<string, string>[] | string>;
    let checked = 0;
    let nonToken = 0;
    for (const [section, rows] of Object.entries(theirs)) {
      if (!Array.isArray(rows)) continue; // lastRetrievedDateTime
      const slug = section.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      for (const row of rows) {
        if (row.unit !== '1K tokens') {
          nonToken += 1;
          continue;
        }
        for (const [column, value] of Object.entries(row)) {
          if (column === 'Model' || column === 'unit') continue;
          const id = slug === 'fine-tuning-models' ? `ft:${row.Model}` : row.Model;
          const mine = sheet.rows.filter(
            (p) => p.source_model_id === id && p.source_field === `table:${slug}/${column}`,
          );
          expect(mine.length, `${section} ${id} ${column}`).toBeGreaterThan(0);
          for (const p of mine) expect(p.raw_value).toBe(value.replace('$', ''));
          checked += 1;
        }
      }
    }
    expect(checked).toBe(24);
    expect(sheet.rows).toHaveLength(26); // the 24 plus base models' output side
    const skippedUnits = Object.entries(sheet.skipped)
      .filter(([k]) => k.startsWith('non_token_unit:'))
      .reduce((s, [, n]) => s + n, 0);
    expect(skippedUnits).toBe(nonToken);
  });

  it('images, audio and Assistants tools are counted skips, never token prices', () => {
    expect(sheet.skipped).toEqual({
      'non_token_unit:image': 7,
      'non_token_unit:minute': 1,
      'non_token_unit:character': 2,
      'non_token_unit:session': 1,
      'non_token_unit:gb_assistant_day': 1,
      not_a_price_table: 1, // the vision pricing calculator
    });
    expect(sheet.rejects).toEqual([]);
  });

  it('layout drift: renamed tables or sections are a permanent error naming what is missing', () => {
    const noTables = html.replace(/<table\b/g, '<div').replace(/<\/table>/g, '</div>');
    expect(() => parseOpenaiPricingPage(noTables)).toThrow(PermanentError);
    expect(() => parseOpenaiPricingPage(noTables)).toThrow(
      /no price table \(<table> with a Model\/Tool header row\) in 9/,
    );
    const noBlocks = html.replaceAll('ui-block--pricing-table', 'ui-block--price-grid');
    expect(() => parseOpenaiPricingPage(noBlocks)).toThrow(/no div\.ui-block--pricing-table sections/);
    expect(() => parseOpenaiPricingPage('')).toThrow(PermanentError);
  });
});
