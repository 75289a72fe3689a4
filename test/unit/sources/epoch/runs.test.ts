import { describe, expect, it } from 'vitest';
import { parseEpochRuns } from '../../../../ingest/sources/epoch/parse-runs.ts';
import { readFixture } from '../../../helpers/fixtures.ts';

const BASE = 'https://raw.githubusercontent.com/epoch-research/benchmark-stitching/main/data/';
const ctx = (file: string): Parameters<typeof parseEpochRuns>[1] => ({
  source: 'epoch-benchmark-stitching',
  url: `${BASE}${file}`,
  observed_at: '2025-12-03T10:00:00.000Z',
});
const parse = (file: string): ReturnType<typeof parseEpochRuns> =>
  parseEpochRuns(readFixture(`epoch/benchmark-stitching/${file}`), ctx(file));
const row = (r: ReturnType<typeof parseEpochRuns>, benchmark: string, model: string): unknown =>
  r.rows.find((x) => x.benchmark === benchmark && x.source_model_id === model);

describe("Epoch's benchmark-stitching inputs", () => {
  it('every file gives its rows, with skips and no rejects', () => {
    const counts = [
      'benchmarks_runs',
      ...['aider_polyglot', 'arc_agi', 'livebench', 'metr', 'mmlu', 'os_world', 'simple_bench', 'terminal_bench'].map(
        (n) => `external_benchmark_${n}`,
      ),
    ].map((f) => {
      const r = parse(`${f}.csv`);
      return [f, r.rows.length, r.rejects.length, r.skipped];
    });
    expect(counts).toEqual([
      ['benchmarks_runs', 541, 0, {}], // 541 runs, all Success, no two of one (task, version, model, day)
      ['external_benchmark_aider_polyglot', 61, 0, { no_model_version: 5, lower_duplicate: 2 }],
      ['external_benchmark_arc_agi', 54, 0, { no_model_version: 2 }],
      ['external_benchmark_livebench', 52, 0, { no_model_version: 10, lower_duplicate: 2 }],
      ['external_benchmark_metr', 30, 0, {}],
      ['external_benchmark_mmlu', 134, 0, { no_model_version: 32, lower_duplicate: 80 }],
      ['external_benchmark_os_world', 12, 0, { no_model_version: 28, lower_duplicate: 4 }],
      ['external_benchmark_simple_bench', 46, 0, {}],
      ['external_benchmark_terminal_bench', 28, 0, { no_model_version: 2, lower_duplicate: 31 }],
    ]);
  });

  it("Epoch's own runs: best score as percent, the best scorer's ± as interval, the day the run started", () => {
    const r = parse('benchmarks_runs.csv');
    // V3YQtSEnQ3TPZEPPgkCKQM,GPQA diamond,gpt-5.1_medium,0.850,choice:0.85±0.02,...,17 November 2025 4:28pm,Success,,1.0.1
    expect(row(r, 'epoch_gpqa_diamond', 'gpt-5.1_medium')).toMatchObject({
      benchmark_version: '1.0.1',
      score: '85',
      unit: 'percent',
      ci_low: '83',
      ci_high: '87',
      snapshot_date: '2025-11-17',
      organization: '',
      source_url: `${BASE}benchmarks_runs.csv`,
    });
    // DKLrszPeTvFUGq39AaTniX,FrontierMath-2025-02-28-Private,o3-2025-04-16_low,0.097,verification_code:0.1±0.02,...,16 November 2025 8:17pm,Success,,1.1.0
    expect(row(r, 'epoch_frontiermath_2025_02_28_private', 'o3-2025-04-16_low')).toMatchObject({
      benchmark_version: '1.1.0',
      score: '9.7',
      ci_low: '7.7',
      ci_high: '11.7',
      snapshot_date: '2025-11-16',
    });
    // ...,MATH level 5,DeepSeek-V3,0.649,"normalized_string_match:0.58±0.01,sympy_equiv:0.58±0.01,model_graded_equiv:0.65±0.01",...,26 January 2025 7:00pm,...
    expect(row(r, 'epoch_math_level_5', 'DeepSeek-V3')).toMatchObject({
      score: '64.9',
      ci_low: '63.9',
      ci_high: '65.9',
      snapshot_date: '2025-01-26',
    });
    // A85Zfq2qguE4X9xXBweBHP,GPQA diamond,grok-4-0709,0.870,choice:0.87±0.02,,,,,Success,,1.0.0 (no started_at: the fetch day)
    expect(row(r, 'epoch_gpqa_diamond', 'grok-4-0709')).toMatchObject({
      score: '87',
      snapshot_date: '2025-12-03',
      benchmark_version: '1.0.0',
    });
    expect(new Set(r.rows.map((x) => x.benchmark))).toEqual(
      new Set([
        'epoch_gpqa_diamond',
        'epoch_frontiermath_2025_02_28_private',
        'epoch_otis_mock_aime_2024_2025',
        'epoch_frontiermath_2025_02_28_public',
        'epoch_frontiermath_tier_4_2025_07_01_private',
        'epoch_frontiermath_tier_4_2025_07_01_public',
        'epoch_swe_bench_verified',
        'epoch_math_level_5',
      ]),
    );
  });

  it('external tables: the chosen column, as percent, the best of several rows per model', () => {
    // rec3I5CcPGjF3Riat,claude-3-5-sonnet-20240620,34.47256900,9.49295400,18.21683000,METR - ...,0.476797, (average_score is a fraction)
    expect(row(parse('external_benchmark_metr.csv'), 'epoch_ext_metr', 'claude-3-5-sonnet-20240620')).toMatchObject({
      score: '47.6797',
      unit: 'percent',
      ci_low: null,
      model: 'claude-3-5-sonnet-20240620',
      snapshot_date: '2025-12-03',
    });
    // OpenAI CUA (200 steps),CUA,38.100,...,24/1/2025,  beats  OpenAI CUA (15 steps),CUA,19.700,...,24/1/2025,
    expect(
      parse('external_benchmark_os_world.csv')
        .rows.filter((x) => x.source_model_id === 'CUA')
        .map((x) => [x.score, x.snapshot_date]),
    ).toEqual([['38.1', '2025-01-24']]);
    // recj1FdLi6DQg1cOt,Apex2,claude-sonnet-4-5-20250929,64.5%,0.6%,...: the best of its eight agents
    expect(
      row(parse('external_benchmark_terminal_bench.csv'), 'epoch_ext_terminal_bench', 'claude-sonnet-4-5-20250929'),
    ).toMatchObject({ score: '64.5', ci_low: null, ci_high: null });
    // recFnX3IAcQd2NffG,o4-mini (Medium),o4-mini-2025-04-16_medium,42%,ARC Prize Leaderboard,...
    expect(
      row(parse('external_benchmark_arc_agi.csv'), 'epoch_ext_arc_agi', 'o4-mini-2025-04-16_medium'),
    ).toMatchObject({ score: '42', benchmark_version: '' });
    // gemini-2.5-pro-exp-03-25,recdqASZ0IuC0YxYB,gemini-2.5-pro-exp-03-25,82.35,...,LiveBench-2024-11-25,...
    expect(
      row(parse('external_benchmark_livebench.csv'), 'epoch_ext_livebench', 'gemini-2.5-pro-exp-03-25'),
    ).toMatchObject({ score: '82.35', benchmark_version: 'LiveBench-2024-11-25' });
    // reccNX56mRCIhx9ok,Amazon Nova Lite,77.0%,amazon.nova-lite-v1:0,5,Stanford CRFM Leaderboard,...
    expect(row(parse('external_benchmark_mmlu.csv'), 'epoch_ext_mmlu', 'amazon.nova-lite-v1:0')).toMatchObject({
      score: '77',
    });
  });

  it('the latest run of a day stands, other statuses are skipped, a bad score is rejected; an unknown file is refused', () => {
    const header =
      'id,task,model,Best score (across scorers),Scores,log viewer,logs,job,started_at,Status,Manual evaluation,task version';
    const r = parseEpochRuns(
      `\uFEFF${header}\n` +
        'a,GPQA diamond,m1,0.500,choice:0.5±0.03,,,,2 March 2025 12:30pm,Success,,1.0.0\n' +
        'b,GPQA diamond,m1,0.400,choice:0.4±0.03,,,,2 March 2025 9:15am,Success,,1.0.0\n' +
        'c,GPQA diamond,m1,0.600,,,,,2 March 2025 12:05am,Success,,1.0.0\n' +
        'd,GPQA diamond,m2,0.700,choice:0.7±0.03,,,,2 March 2025 1:00pm,Error,,1.0.0\n' +
        'e,GPQA diamond,m3,n/a,,,,,2 March 2025 1:00pm,Success,,1.0.0\n',
      ctx('benchmarks_runs.csv'),
    );
    expect(r.rows.map((x) => [x.source_model_id, x.score, x.ci_low, x.ci_high])).toEqual([['m1', '50', '47', '53']]);
    expect(r.skipped).toEqual({ superseded_run: 2, status_error: 1 });
    expect(r.rejects.map((x) => [x.record_ref, x.reason, x.detail])).toEqual([
      ['line 6: m3', 'unparseable_score', 'Best score (across scorers) "n/a" is not a number'],
    ]);
    expect(() => parseEpochRuns('id,Model\n', ctx('model_versions.csv'))).toThrow(
      /not one of the Epoch benchmark-stitching files this reads \(benchmarks_runs\.csv, external_benchmark_/,
    );
    expect(() => parseEpochRuns('id\n', ctx('external_benchmark_gsm8k.csv'))).toThrow(
      /external_benchmark_\{aider_polyglot,.*terminal_bench\}\.csv/,
    );
  });
});
