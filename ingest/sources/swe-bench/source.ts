import { DAY, defineSource, joinUrl } from '../../source.ts';
import { facts } from '../../../transform/transformer.ts';
import { parseSweBench } from './parse.ts';

export const sweBench = defineSource({
  name: 'swe-bench',
  description:
    'SWE-bench leaderboards (Test, Verified, Lite, Multimodal): % of issues resolved per system, with submission dates',
  bases: { 'swe-bench': 'https://raw.githubusercontent.com/SWE-bench/swe-bench.github.io/main' },
  documents: (base) => [joinUrl(base(), 'data/leaderboards.json')],
  schedule: '33 5 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 8 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: facts('benchmarkResults', (row) => row.source_model_id, parseSweBench),
  fixtures: 'test/fixtures/swe-bench',
});
