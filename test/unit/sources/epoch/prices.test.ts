import { describe, expect, it } from 'vitest';
import { parseEpochPrices } from '../../../../ingest/sources/epoch/parse-prices.ts';
import { readFixture } from '../../../helpers/fixtures.ts';

const BASE = 'https://raw.githubusercontent.com/epoch-research/llm-benchmark-efficiency/main/data/';
const AA = 'data__aa_data_with_math5.csv';
const NOT_IN_AA = 'data__epoch_ai_price_data_not_in_aa_with_benchmarks.csv';
const parse = (file: string, url = `${BASE}${file.replace('data__', '')}`): ReturnType<typeof parseEpochPrices> =>
  parseEpochPrices(readFixture(`epoch/${file}`), {
    source: 'epoch',
    url,
    observed_at: '2025-03-13T00:00:00.000Z',
  });

describe("Epoch AI's price-trend inputs", () => {
  it('the two files give the 73 priced rows (38 + 35) the method starts from, six of them reasoning models', () => {
    const aa = parse(AA);
    const other = parse(NOT_IN_AA);
    expect([aa.rows.length, other.rows.length, aa.rejects.length + other.rejects.length]).toEqual([38, 35, 0]);
    const reasoning = [...aa.rows, ...other.rows]
      .filter((r) => r.reasoning)
      .map((r) => `${r.model_name} ${r.release_date}`);
    expect(reasoning.sort()).toEqual([
      'DeepSeek-R1 2025-01-20',
      'o1 2024-12-17',
      'o1-mini 2024-09-12',
      'o1-mini 2025-01-31',
      'o1-preview 2024-09-12',
      'o3-mini 2025-01-31',
    ]);
  });

  it('keeps release date, blended price and every score as published', () => {
    // Gemini-1.5-Flash-8B,2024-10-03,0.07,75,30,12,70,1211,,285.2,0.335,1000
    expect(parse(AA).rows.find((r) => r.model_name === 'Gemini-1.5-Flash-8B')).toMatchObject({
      dataset: 'aa_data_with_math5',
      release_date: '2024-10-03',
      usd_per_mtok_blended: '0.07',
      mmlu: '75',
      gpqa_diamond: '30',
      humaneval: '12',
      math_500: '70',
      arena_elo: '1211',
      math_5: null,
      tokens_per_second: '285.2',
      reasoning: false,
    });
    // GPT-3 175B (davinci): four price dates, each its own row
    expect(
      parse(NOT_IN_AA)
        .rows.filter((r) => r.model_name === 'GPT-3 175B (davinci)')
        .map((r) => [r.release_date, r.usd_per_mtok_blended, r.mmlu]),
    ).toEqual([
      ['2021-11-20', '60', '43.9'],
      ['2022-08-31', '60', '43.9'],
      ['2022-09-01', '20', '43.9'],
      ['2024-01-04', '20', '63.1'],
    ]);
  });

  it('a row without a price is rejected with the reason; a file that is not a price input is refused', () => {
    const header =
      'Model Name,Release Date,USD per 1M Tokens,MMLU,GPQA Diamond,HumanEval,MATH-500,LMSys Chatbot Arena ELO,MATH 5,Tokens per Second';
    const r = parseEpochPrices(`${header}\nA,2024-01-01,,70,,,,,,\nB,2024-01-02,1.5,71,,,,,,\n`, {
      source: 'epoch',
      url: `${BASE}aa_data_with_math5.csv`,
      observed_at: '2025-03-13T00:00:00.000Z',
    });
    expect(r.rows.map((x) => x.model_name)).toEqual(['B']);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([['line 2: A', 'missing_price']]);
    expect(() => parse(AA, `${BASE}epoch_ai_eval_data.csv`)).toThrow(/not one of Epoch's price-trend inputs/);
  });
});
