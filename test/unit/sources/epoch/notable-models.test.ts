import { describe, expect, it } from 'vitest';
import { parseEpochNotableModels } from '../../../../ingest/sources/epoch/parse-notable-models.ts';
import { readFixture } from '../../../helpers/fixtures.ts';

const BASE = 'https://raw.githubusercontent.com/agiallombardo/epoch-ai-dataset/main/data/raw/';
const ctx = (file: string): { source: string; url: string; observed_at: string } => ({
  source: 'epoch',
  url: `${BASE}${file}`,
  observed_at: '2025-12-02T00:00:00.000Z',
});
const parse = (file: string): ReturnType<typeof parseEpochNotableModels> =>
  parseEpochNotableModels(readFixture(`epoch/notable-models/${file}`), ctx(file));
const byName = (
  rows: ReturnType<typeof parse>['rows'],
  name: string,
): ReturnType<typeof parse>['rows'][number] | undefined => rows.find((r) => r.model_name === name);

describe("Epoch AI's notable and frontier models", () => {
  const notable = parse('notable_ai_models.csv');
  const frontier = parse('frontier_ai_models.csv');

  it('every record of both files becomes a row: 952 notable, 131 frontier, no rejects or duplicates', () => {
    expect([notable.rows.length, notable.rejects.length, notable.skipped]).toEqual([952, 0, {}]);
    expect([frontier.rows.length, frontier.rejects.length, frontier.skipped]).toEqual([131, 0, {}]);
  });

  it('keeps name, organization, date, domain, access and the estimates as published', () => {
    // GPT-5.1,OpenAI,2025-11-13,"Multimodal,Language,Vision",,,,,,,,,Unknown,... (no size, no compute, no link)
    expect(byName(notable.rows, 'GPT-5.1')).toMatchObject({
      dataset: 'notable_ai_models',
      organization: 'OpenAI',
      publication_date: '2025-11-13',
      domain: 'Multimodal,Language,Vision',
      parameters: null,
      training_compute_flop: null,
      model_accessibility: 'API access',
      open_weights: false,
      country: 'United States of America',
      link: '',
    });
    // DeepSeek-R1,DeepSeek,2025-01-20,Language,...,671000000000.0,...,4.020010000000001e+24: resolves to the registry's model
    expect(byName(notable.rows, 'DeepSeek-R1')).toMatchObject({
      model: 'deepseek-r1',
      parameters: 671e9,
      training_compute_flop: 4.020010000000001e24,
      open_weights: true,
    });
    // GLM 4.6,"Zhipu AI,Tsinghua University",2025-09-30,...: several organizations stay one comma-separated string
    expect(byName(notable.rows, 'GLM 4.6')).toMatchObject({
      organization: 'Zhipu AI,Tsinghua University',
      country: 'China,China',
    });
    // frontier's first row, in its own column order: Theseus,Robotics,Maze solving,Claude Shannon,... Bell Laboratories, 1950-07-02
    expect(frontier.rows[0]).toMatchObject({
      dataset: 'frontier_ai_models',
      model_name: 'Theseus',
      organization: 'Bell Laboratories',
      publication_date: '1950-07-02',
      parameters: 40,
    });
  });

  it('open_weights follows Model accessibility: 297 open, 402 closed, 253 not given in notable', () => {
    const tally = (v: boolean | null): number => notable.rows.filter((r) => r.open_weights === v).length;
    expect([tally(true), tally(false), tally(null)]).toEqual([297, 402, 253]);
    const access = (name: string): [string, boolean | null] | undefined => {
      const r = byName(notable.rows, name);
      return r && [r.model_accessibility, r.open_weights];
    };
    expect(access('Llama 3.1-405B')).toEqual(['Open weights (restricted use)', true]);
    expect(access('EXAONE 4.0 (32B)')).toEqual(['Open weights (non-commercial)', true]);
    expect(access('Sora 2.0')).toEqual(['Hosted access (no API)', false]);
    expect(access('Hierarchical Reasoning Model (HPM)')).toEqual(['Unreleased', false]);
    expect(access('MindLink-72B')).toEqual(['', null]);
  });

  it('rejects a row with no date or name, skips a repeat, and refuses a file it does not know', () => {
    const header =
      'Model,Organization,Publication date,Domain,Task,Parameters,Training compute (FLOP),Model accessibility,Country (of organization),Link';
    const csv = `${header}\nA,Org,,Language,,,,,,\n,Org,2024-01-01,,,,,,,\nB,Org,2024-01-02,,,1e9,,API access,,\nB,Org,2024-01-02,,,2e9,,,,\nC,Org,2024-13-40,,,,,,,\n`;
    const r = parseEpochNotableModels(csv, ctx('notable_ai_models.csv'));
    expect(r.rows.map((x) => [x.model_name, x.parameters])).toEqual([['B', 1e9]]);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['line 2: A', 'missing_publication_date'],
      ['line 3: ?', 'missing_model_name'],
      ['line 6: C', 'schema_violation'],
    ]);
    expect(r.skipped).toEqual({ duplicate: 1 });
    expect(() => parseEpochNotableModels(csv, ctx('benchmark_index.csv'))).toThrow(
      /notable_ai_models\.csv, frontier_ai_models\.csv/,
    );
  });
});
