import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { parseSweBench } from '../../../ingest/sources/swe-bench/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const ctx = {
  source: 'swe-bench',
  url: 'https://raw.githubusercontent.com/swe-bench/swe-bench.github.io/master/data/leaderboards.json',
  observed_at: '2025-05-29T00:00:00.000Z',
};
const parse = (payload: string): ReturnType<typeof parseSweBench> => parseSweBench(payload, ctx);
const fixture = (): ReturnType<typeof parseSweBench> =>
  parse(readFixture('swe-bench/swe-bench_leaderboards_2025-05-29__5ee3e105.json'));
const doc = (results: unknown[]): string => JSON.stringify({ leaderboards: [{ name: 'Verified', results }] });

describe('SWE-bench leaderboards JSON', () => {
  it('every entry of the four leaderboards is one row, versioned by leaderboard and dated by its submission', () => {
    const r = fixture();
    expect(r.rejects).toEqual([]);
    expect(r.rows).toHaveLength(197);
    expect(
      Object.fromEntries(
        ['test', 'verified', 'lite', 'multimodal'].map((v) => [
          v,
          r.rows.filter((x) => x.benchmark_version === v).length,
        ]),
      ),
    ).toEqual({ test: 21, verified: 89, lite: 73, multimodal: 14 });
    expect(new Set(r.rows.map((x) => x.event_id)).size).toBe(197);
  });

  it('the score is resolved as published; model comes only from a single Model tag, organization from Org tags', () => {
    const r = fixture();
    const find = (version: string, name: string, date: string) =>
      r.rows.find((x) => x.benchmark_version === version && x.source_model_id === name && x.snapshot_date === date);
    // Verified: "Tools + Claude 3.5 Sonnet (2024-10-22)", resolved 49.0, date 2024-10-22, tags Model: claude-3-5-sonnet-20241022 / claude-3.5-sonnet-20241022, Org: Anthropic
    expect(find('verified', 'Tools + Claude 3.5 Sonnet (2024-10-22)', '2024-10-22')).toMatchObject({
      benchmark: 'swe_bench',
      score: '49',
      unit: 'percent',
      model: 'claude-3-5-sonnet-20241022',
      organization: 'Anthropic',
      rank: null,
      votes: null,
      ci_low: null,
      license: '',
      observed_at: ctx.observed_at,
    });
    // Verified: "OpenHands + DevStral Small 2505", resolved 46.8, tags Org: OpenHands, Org: Mistral
    expect(find('verified', 'OpenHands + DevStral Small 2505', '2025-05-20')).toMatchObject({
      score: '46.8',
      organization: 'OpenHands, Mistral',
    });
    // Verified: "Refact.ai Agent", resolved 70.4, tags Model: claude-3-7-sonnet-20250219, o3, o4-mini: several models, none chosen
    expect(find('verified', 'Refact.ai Agent', '2025-05-15')).toMatchObject({
      score: '70.4',
      model: '',
      organization: 'Refact.ai',
    });
    // Lite: "devlo", resolved 47.33, date 2024-11-22; the same system on Verified has three submission dates
    expect(find('lite', 'devlo', '2024-11-22')).toMatchObject({ score: '47.33' });
    expect(
      r.rows
        .filter((x) => x.benchmark_version === 'verified' && x.source_model_id === 'devlo')
        .map((x) => [x.snapshot_date, x.score]),
    ).toEqual([
      ['2025-05-19', '70.2'],
      ['2024-12-13', '58.2'],
      ['2024-11-08', '54.2'],
    ]);
  });

  it('a missing score and a run listed twice with two scores are rejected with their reasons; an exact repeat is skipped', () => {
    const entry = (name: string, resolved?: number) => ({ name, resolved, date: '2025-01-02', tags: [] });
    const r = parse(doc([entry('A', 10), entry('B'), entry('C', 20), entry('C', 21), entry('D', 5), entry('D', 5)]));
    expect(r.rows.map((x) => [x.source_model_id, x.score])).toEqual([
      ['A', '10'],
      ['D', '5'],
    ]);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['Verified: B (2025-01-02)', 'unparseable_score'],
      ['Verified: C (2025-01-02)', 'ambiguous_run'],
      ['Verified: C (2025-01-02)', 'ambiguous_run'],
    ]);
    expect(r.skipped).toEqual({ duplicate: 1 });
  });

  it('a document of another shape is not a leaderboard', () => {
    expect(() => parse('{"results": []}')).toThrow(PermanentError);
    expect(() => parse('[1,2]')).toThrow(/not a SWE-bench leaderboard/);
    expect(() => parse('not json')).toThrow(/not a SWE-bench leaderboard/);
  });
});
