import { DAY, defineSource, joinUrl } from '../../source.ts';
import { facts } from '../../../transform/transformer.ts';
import { parseOpenrouterRankings } from './parse.ts';

/** The Sunday a weekly ranking is filed under: the last one on or before `now` (UTC). */
export function lastSunday(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - now.getUTCDay()));
  return d.toISOString().slice(0, 10);
}

// weekly snapshots of openrouter.ai/rankings, one file per week
export const openrouterRankings = defineSource({
  name: 'openrouter-rankings',
  description:
    "OpenRouter's weekly top models by tokens (johnbean393/openrouter-inference-stats snapshots of openrouter.ai/rankings); revenue estimates not stored",
  bases: { 'openrouter-rankings': 'https://raw.githubusercontent.com/johnbean393/openrouter-inference-stats/main' },
  documents: (base) => [joinUrl(base(), 'data/')],
  documentsAt: (base, now) => [joinUrl(base(), `data/${lastSunday(now)}.json`)],
  // the week's file appears on Monday
  schedule: '39 6 * * 1',
  scheduledByDefault: true,
  expectedRefreshMs: 8 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: facts('marketShares', (row) => row.entity, parseOpenrouterRankings),
  fixtures: 'test/fixtures/openrouter-rankings',
});
