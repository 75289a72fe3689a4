import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { parseOpenLlmLeaderboard } from '../../../ingest/sources/open-llm-leaderboard/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const ctx = {
  source: 'open-llm-leaderboard',
  url: 'https://huggingface.co/datasets/open-llm-leaderboard/contents',
  observed_at: '2024-07-13T08:00:00.000Z',
};
const parse = (payload: string): ReturnType<typeof parseOpenLlmLeaderboard> => parseOpenLlmLeaderboard(payload, ctx);
const fixture = (): ReturnType<typeof parseOpenLlmLeaderboard> =>
  parse(readFixture('open-llm-leaderboard/open_llm_leaderboard_v2_2024-07-13__52859821.csv'));
const HEAD = 'fullname,average,ifeval,bbh,math_lvl_5,gpqa,musr,mmlupro,precision,hub_license';

describe('Open LLM Leaderboard v2 CSV', () => {
  it('237 listings are 7 rows each (average and six normalized scores), unique per metric and model', () => {
    const r = fixture();
    expect(r.rejects).toEqual([]);
    expect(r.rows).toHaveLength(237 * 7);
    expect(new Set(r.rows.map((x) => `${x.benchmark_version}\t${x.source_model_id}`)).size).toBe(1659);
    expect(new Set(r.rows.map((x) => x.snapshot_date))).toEqual(new Set(['2024-07-13']));
  });

  it('scores come from the normalized columns, not *_raw, with organization and license from the listing', () => {
    const r = fixture();
    // Qwen/Qwen2-72B-Instruct: average 42.49, ifeval 79.89 (raw 0.8), bbh 57.48, math_lvl_5 35.12, gpqa 16.33, musr 17.17, mmlupro 48.92, hub_license other
    const qwen = r.rows.filter((x) => x.source_model_id === 'Qwen/Qwen2-72B-Instruct');
    expect(qwen.map((x) => [x.benchmark_version, x.score])).toEqual([
      ['average', '42.49'],
      ['ifeval', '79.89'],
      ['bbh', '57.48'],
      ['math_lvl_5', '35.12'],
      ['gpqa', '16.33'],
      ['musr', '17.17'],
      ['mmlupro', '48.92'],
    ]);
    expect(qwen[0]).toMatchObject({
      benchmark: 'open_llm_v2',
      unit: 'points',
      organization: 'Qwen',
      license: 'other',
      rank: null,
      votes: null,
    });
    // meta-llama/Meta-Llama-3-70B-Instruct: average 36.18, hub_license llama3
    expect(r.rows.find((x) => x.source_model_id === 'meta-llama/Meta-Llama-3-70B-Instruct')).toMatchObject({
      score: '36.18',
      organization: 'meta-llama',
      license: 'llama3',
      model: 'llama-3-70b-instruct',
    });
  });

  it('a model listed at two precisions keeps both, told apart by the precision', () => {
    const r = fixture();
    // gpt2,...,bfloat16 average 6.54 and gpt2,...,float16 average 5.98: a bare Hub name, no organization
    expect(
      r.rows
        .filter((x) => x.source_model_id.startsWith('gpt2') && x.benchmark_version === 'average')
        .map((x) => [x.source_model_id, x.score, x.organization]),
    ).toEqual([
      ['gpt2 (bfloat16)', '6.54', ''],
      ['gpt2 (float16)', '5.98', ''],
    ]);
    // UCLA-AGI/Llama-3-Instruct-8B-SPPO-Iter3: bfloat16 average 23.31, float16 average 23.06
    expect(
      r.rows
        .filter(
          (x) =>
            x.source_model_id.startsWith('UCLA-AGI/Llama-3-Instruct-8B-SPPO-Iter3') &&
            x.benchmark_version === 'average',
        )
        .map((x) => x.source_model_id),
    ).toEqual([
      'UCLA-AGI/Llama-3-Instruct-8B-SPPO-Iter3 (bfloat16)',
      'UCLA-AGI/Llama-3-Instruct-8B-SPPO-Iter3 (float16)',
    ]);
  });

  it('a score that is not a number is rejected alone; a same-precision repeat is ambiguous; another layout throws', () => {
    const r = parse(
      `${HEAD}\no/a,1,2,3,4,5,6,n/a,bfloat16,mit\no/b,1,1,1,1,1,1,1,float16,mit\no/b,2,2,2,2,2,2,2,float16,mit\n`,
    );
    expect(r.rows.map((x) => x.benchmark_version)).toEqual(['average', 'ifeval', 'bbh', 'math_lvl_5', 'gpqa', 'musr']);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['line 2: o/a mmlupro', 'unparseable_score'],
      ['line 3: o/b (float16)', 'ambiguous_run'],
      ['line 4: o/b (float16)', 'ambiguous_run'],
    ]);
    expect(() => parse('model,average\no/a,1\n')).toThrow(PermanentError);
  });
});
