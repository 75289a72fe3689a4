import { DAY, defineSource, joinUrl } from '../../source.ts';
import { facts } from '../../../transform/transformer.ts';
import { parseOpenLlmLeaderboard } from './parse.ts';

export const openLlmLeaderboard = defineSource({
  name: 'open-llm-leaderboard',
  description:
    'Hugging Face Open LLM Leaderboard v2 as CSV: normalized IFEval, BBH, MATH lvl 5, GPQA, MuSR, MMLU-Pro and their average per open model',
  bases: { 'open-llm-leaderboard': 'https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main' },
  documents: (base) => [joinUrl(base(), 'csv/huggingface_v2.csv')],
  schedule: '35 5 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 8 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: facts('benchmarkResults', (row) => row.source_model_id, parseOpenLlmLeaderboard),
  fixtures: 'test/fixtures/open-llm-leaderboard',
});
