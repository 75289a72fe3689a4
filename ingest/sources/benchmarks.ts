import { DAY, joinUrl, single, type SourceSpec } from '../source.ts';

// LMArena publishes no stable CSV of its own; fboulnois/llm-leaderboard-csv keeps one in the arena's columns
export const lmarena = (baseUrl: string, schedule: string): SourceSpec => single({
  name: 'lmarena',
  description: 'LMArena (LMSYS Chatbot Arena) text leaderboard as CSV: arena score, 95% CI, votes, rank (with style control from Nov 2024), organization, license',
  url: joinUrl(baseUrl, 'csv/lmsys.csv'),
  schedule, expectedRefreshMs: 8 * DAY, complete: false, kind: 'sheet', render: false,
});
