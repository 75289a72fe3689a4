import { describe, expect, it } from 'vitest';
import { parseLmarena } from '../../../ingest/sources/lmarena/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const at = (date: string) => ({
  source: 'lmarena',
  url: 'https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main/csv/lmsys.csv',
  observed_at: `${date}T00:00:00.000Z`,
});
const parse = (file: string, date: string): ReturnType<typeof parseLmarena> =>
  parseLmarena(readFixture(`lmarena/${file}`), at(date));

describe('LMArena leaderboard CSV', () => {
  it('arena_elo (June 2024) lands in score, with CI, votes, rank and organization', () => {
    const r = parse('lmsys_arena_leaderboard_2024-06-19__3792cf00.csv', '2024-06-19');
    expect(r.rejects).toEqual([]);
    expect(r.rows).toHaveLength(109);
    // rank,model,arena_elo,95_pct_ci,votes,organization,license: 1,GPT-4o-2024-05-13,1287,+3/-3,42046,OpenAI,Proprietary
    expect(r.rows[0]).toMatchObject({
      benchmark: 'lmarena_text',
      source_model_id: 'GPT-4o-2024-05-13',
      organization: 'OpenAI',
      score: '1287',
      unit: 'elo',
      ci_low: '1284',
      ci_high: '1290',
      rank: 1,
      rank_style_control: null,
      votes: 42046,
      license: 'Proprietary',
      snapshot_date: '2024-06-19',
      model: 'gpt-4o-2024-05-13',
    });
  });

  it('arena_score (from July 2024) and rank_stylectrl (from November 2024) land in the same fields', () => {
    const july = parse('lmsys_arena_leaderboard_2024-07-07__65554a1d.csv', '2024-07-07');
    expect(july.rows.find((x) => x.source_model_id === 'GPT-4o-2024-05-13')).toMatchObject({
      score: '1287',
      ci_low: '1284',
      ci_high: '1291',
      votes: 55826,
      rank_style_control: null,
    });
    const jan = parse('lmsys_arena_leaderboard_2025-01-07__af0bbcf4.csv', '2025-01-07');
    expect(jan.rejects).toEqual([]);
    expect(jan.rows).toHaveLength(184);
    // 1,2,Gemini-2.0-Flash-Thinking-Exp-1219,1367,+5/-5,12936,Google: second with style control
    expect(jan.rows.find((x) => x.source_model_id === 'Gemini-2.0-Flash-Thinking-Exp-1219')).toMatchObject({
      rank: 1,
      rank_style_control: 2,
      score: '1367',
      ci_low: '1362',
      ci_high: '1372',
      votes: 12936,
    });
  });

  it('every snapshot parses whole; ids are stable per model and snapshot', () => {
    const a = parse('lmsys_arena_leaderboard_2024-12-03__6caa1ea6.csv', '2024-12-03');
    expect(a.rejects).toEqual([]);
    expect(new Set(a.rows.map((x) => x.event_id)).size).toBe(a.rows.length);
    expect(parse('lmsys_arena_leaderboard_2024-12-03__6caa1ea6.csv', '2024-12-03').rows[0]!.event_id).toBe(
      a.rows[0]!.event_id,
    );
  });

  it('a row without a number is rejected with the reason; a file without the score column is not a leaderboard', () => {
    const r = parseLmarena(
      'rank,model,arena_score,95_pct_ci,votes,organization,license\n1,A,1300,+1/-1,10,X,MIT\n2,B,n/a,,5,Y,MIT\n',
      at('2025-01-01'),
    );
    expect(r.rows.map((x) => x.source_model_id)).toEqual(['A']);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([['line 3: B', 'unparseable_score']]);
    expect(() => parseLmarena('rank,model,score\n1,A,3', at('2025-01-01'))).toThrow(/not an LMArena leaderboard/);
  });
});
