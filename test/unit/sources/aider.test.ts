import { describe, expect, it } from 'vitest';
import { parseAider } from '../../../ingest/sources/aider/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

// the URLs the fixtures were copied from (test/fixtures/SOURCES.md): the file name says which leaderboard
const RAW = 'https://raw.githubusercontent.com/Aider-AI/aider';
const ctx = (url: string) => ({ source: 'aider', url, observed_at: '2026-05-22T00:00:00.000Z' });
const parse = (file: string, url: string): ReturnType<typeof parseAider> =>
  parseAider(readFixture(`aider/${file}`), ctx(url));
const find = (r: ReturnType<typeof parseAider>, model: string, format: string) =>
  r.rows.find((x) => x.source_model_id === model && x.benchmark_version === format);

describe('Aider leaderboards', () => {
  it('early edit CSV (May 2024): second is the score, M/D/YY dates, no test count', () => {
    const r = parse('aider_edit_leaderboard_2024-05-04__e524dd92.csv', `${RAW}/e524dd92033/_data/edit_leaderboard.csv`);
    expect([r.rows.length, r.rejects.length]).toEqual([15, 0]);
    // Deepseek Coder,54.5,47,whole,aider --model openai/deepseek-coder,0.30.1,c07f793,4/29/24
    expect(find(r, 'Deepseek Coder', 'whole')).toMatchObject({
      benchmark: 'aider_edit',
      score: '54.5',
      unit: 'percent',
      snapshot_date: '2024-04-29',
      votes: null,
      rank: null,
      organization: '',
      license: '',
    });
    // gpt-3.5-turbo-0301,57.9,50.4,whole,aider --model gpt-3.5-turbo-0301,0.16.4-dev,44388db-dirty,11/6/23
    expect(find(r, 'gpt-3.5-turbo-0301', 'whole')).toMatchObject({ score: '57.9', snapshot_date: '2023-11-06' });
  });

  it('edit YAML: pass_rate_2, edit format as version, the run date', () => {
    const r = parse(
      'aider_edit_leaderboard_HEAD-2026-05-22__5dc9490b.yml',
      `${RAW}/5dc9490bb35/aider/website/_data/edit_leaderboard.yml`,
    );
    expect([r.rows.length, r.rejects.length]).toEqual([98, 0]);
    // line 813: dirname 2024-08-06-18-28-39--gpt-4o-2024-08-06-diff-again, test_cases: 133, model: gpt-4o-2024-08-06, edit_format: diff, pass_rate_2: 71.4, date: 2024-08-06
    expect(find(r, 'gpt-4o-2024-08-06', 'diff')).toMatchObject({
      benchmark: 'aider_edit',
      score: '71.4',
      votes: 133,
      snapshot_date: '2024-08-06',
      observed_at: '2026-05-22T00:00:00.000Z',
    });
    expect(new Set(r.rows.map((x) => x.event_id)).size).toBe(98);
  });

  it('polyglot YAML, first (Dec 2024) and later (Apr 2025, with architect runs)', () => {
    const dec = parse(
      'aider_polyglot_leaderboard_2024-12-21__ec448506.yml',
      `${RAW}/ec448506461/aider/website/_data/polyglot_leaderboard.yml`,
    );
    expect([dec.rows.length, dec.rejects.length]).toEqual([6, 0]);
    // model: claude-3-5-haiku-20241022, edit_format: diff, pass_rate_2: 28.0, test_cases: 225, date: 2024-12-21 (28.0 is the number 28)
    expect(find(dec, 'claude-3-5-haiku-20241022', 'diff')).toMatchObject({
      benchmark: 'aider_polyglot',
      score: '28',
      votes: 225,
      snapshot_date: '2024-12-21',
    });
    const apr = parse(
      'aider_polyglot_leaderboard_2025-04-20__230e5065.yml',
      `${RAW}/230e5065c1b/aider/website/_data/polyglot_leaderboard.yml`,
    );
    expect([apr.rows.length, apr.rejects.length]).toEqual([47, 0]);
    // line 133: model: o1-2024-12-17 (high), edit_format: diff, test_cases: 224, pass_rate_2: 61.7, date: 2024-12-21
    expect(find(apr, 'o1-2024-12-17 (high)', 'diff')).toMatchObject({
      score: '61.7',
      votes: 224,
      snapshot_date: '2024-12-21',
    });
    // line 445: model: DeepSeek R1 + claude-3-5-sonnet-20241022, edit_format: architect, pass_rate_2: 64.0, date: 2025-01-23
    expect(find(apr, 'DeepSeek R1 + claude-3-5-sonnet-20241022', 'architect')).toMatchObject({
      score: '64',
      snapshot_date: '2025-01-23',
    });
  });

  it('refactor YAML: single try, so pass_rate_1 is the score; aider aliases resolve', () => {
    const r = parse(
      'aider_refactor_leaderboard_HEAD-2026-05-22__5dc9490b.yml',
      `${RAW}/5dc9490bb35/aider/website/_data/refactor_leaderboard.yml`,
    );
    expect([r.rows.length, r.rejects.length]).toEqual([14, 0]);
    // line 43: model: gpt-4-turbo-2024-04-09 (udiff), edit_format: udiff, pass_rate_1: 34.1, test_cases: 88, date: 2024-04-09
    expect(find(r, 'gpt-4-turbo-2024-04-09 (udiff)', 'udiff')).toMatchObject({
      benchmark: 'aider_refactor',
      score: '34.1',
      votes: 88,
      snapshot_date: '2024-04-09',
      model: 'gpt-4-turbo-2024-04-09',
    });
  });

  it('rejects runs without model or score, both sides of a conflicting repeat; keeps an exact repeat once', () => {
    const doc = [
      '- {model: a, edit_format: diff, pass_rate_2: 50.0, date: 2024-01-01}',
      '- {edit_format: diff, pass_rate_2: 40.0, date: 2024-01-01}',
      '- {model: b, edit_format: diff, pass_rate_2: n/a, date: 2024-01-01}',
      '- {model: c, edit_format: whole, pass_rate_2: 10.5, date: 2024-01-01}',
      '- {model: c, edit_format: whole, pass_rate_2: 12.5, date: 2024-01-01}',
      '- {model: a, edit_format: diff, pass_rate_2: 50, date: 2024-01-01}',
      '- {model: d, edit_format: diff, pass_rate_2: 30.25}',
    ].join('\n');
    const r = parseAider(doc, ctx('https://example.com/polyglot_leaderboard.yml'));
    expect(r.rows.map((x) => [x.source_model_id, x.score, x.snapshot_date])).toEqual([
      ['a', '50', '2024-01-01'],
      ['d', '30.25', '2026-05-22'],
    ]);
    expect(r.skipped).toEqual({ duplicate_run: 1 });
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['run 2: ?', 'malformed_record'],
      ['run 3: b', 'unparseable_score'],
      ['run 4: c', 'ambiguous_run'],
      ['run 5: c', 'ambiguous_run'],
    ]);
    expect(r.rejects[2]!.detail).toMatch(/10\.5 .*12\.5/);
  });

  it('throws when the leaderboard cannot be told from the URL, or the document is no list of runs', () => {
    expect(() => parseAider('- {model: a, pass_rate_2: 1}', ctx('https://example.com/leaderboard.yml'))).toThrow(
      /cannot tell edit, polyglot or refactor/,
    );
    expect(() => parseAider('model: a', ctx('https://example.com/edit_leaderboard.yml'))).toThrow(
      /expected a list of runs/,
    );
    expect(() => parseAider('name,score\na,1', ctx('https://example.com/edit_leaderboard.csv'))).toThrow(
      /not an Aider leaderboard CSV/,
    );
  });
});
