import { DAY, defineSource, joinUrl } from '../../source.ts';
import { facts } from '../../../transform/transformer.ts';
import { parseLmarena } from './parse.ts';

// LMArena publishes no stable CSV of its own; fboulnois/llm-leaderboard-csv keeps one in the arena's columns
export const lmarena = defineSource({
  name: 'lmarena',
  description:
    'LMArena (LMSYS Chatbot Arena) text leaderboard as CSV: arena score, 95% CI, votes, rank (with style control from Nov 2024), organization, license',
  bases: { lmarena: 'https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main' },
  documents: (base) => [joinUrl(base(), 'csv/lmsys.csv')],
  schedule: '29 5 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 8 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: facts('benchmarkResults', (row) => row.source_model_id, parseLmarena),
  modelAliases: true,
  fixtures: 'test/fixtures/lmarena',
});
