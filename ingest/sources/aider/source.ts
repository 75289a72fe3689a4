import { DAY, defineSource, joinUrl } from '../../source.ts';
import { facts } from '../../../transform/transformer.ts';
import { parseAider } from './parse.ts';

// the leaderboard is named by its file: edit, polyglot and refactor are three documents
export const aider = defineSource({
  name: 'aider',
  description:
    "Aider's code-editing leaderboards (edit, polyglot, refactor): pass rates per model and edit format, per run date",
  bases: { aider: 'https://raw.githubusercontent.com/Aider-AI/aider/main' },
  documents: (base) =>
    ['edit', 'polyglot', 'refactor'].map((b) => joinUrl(base(), `aider/website/_data/${b}_leaderboard.yml`)),
  schedule: '31 5 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 8 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: facts('benchmarkResults', (row) => row.source_model_id, parseAider),
  modelAliases: true,
  fixtures: 'test/fixtures/aider',
});
