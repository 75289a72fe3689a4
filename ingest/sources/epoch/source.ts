import { DAY, defineSource, joinUrl } from '../../source.ts';
import { PermanentError } from '../../../schemas/errors.ts';
import { facts, type Transformer } from '../../../transform/transformer.ts';
import { parseEpochNotableModels } from './parse-notable-models.ts';
import { parseEpochPrices } from './parse-prices.ts';
import { parseEpochRuns } from './parse-runs.ts';

const PRICES = ['aa_data_with_math5.csv', 'epoch_ai_price_data_not_in_aa_with_benchmarks.csv'];
const STITCHING = [
  'benchmarks_runs',
  ...['aider_polyglot', 'arc_agi', 'livebench', 'metr', 'mmlu', 'os_world', 'simple_bench', 'terminal_bench'].map(
    (b) => `external_benchmark_${b}`,
  ),
];
const MODELS = ['notable_ai_models.csv', 'frontier_ai_models.csv'];

// Epoch publishes several datasets, each file its own document: the file name says which table it feeds
const FILES: { match: RegExp; transformer: Transformer }[] = [
  {
    match: /aa_data_with_math5|price_data_not_in_aa/,
    transformer: facts('modelPricePoints', (row) => row.model_name, parseEpochPrices),
  },
  {
    match: /benchmarks_runs|external_benchmark_/,
    transformer: facts('benchmarkResults', (row) => row.source_model_id, parseEpochRuns),
  },
  {
    match: /notable_ai_models|frontier_ai_models/,
    transformer: facts('notableModels', (row) => row.model_name, parseEpochNotableModels),
  },
];
const unknownFile: Transformer = facts(
  'modelPricePoints',
  (row: { event_id: string }) => row.event_id,
  (_payload, ctx) => {
    throw new PermanentError(
      `${ctx.url}: not an Epoch file rebar reads (${[...PRICES, 'benchmarks_runs.csv', 'external_benchmark_*.csv', ...MODELS].join(', ')})`,
    );
  },
);

// the inputs of Epoch's 'LLM inference prices have fallen rapidly but unequally across tasks' (2025-03-12), each its own document;
// the benchmark-stitching runs and the notable-models tables live elsewhere: bases `epoch`, `epoch-stitching`, `epoch-models`
export const epoch = defineSource({
  name: 'epoch',
  description:
    "Epoch AI's data: price-trend inputs (blended price and scores per model), benchmark-stitching runs and external benchmarks, notable and frontier models",
  bases: {
    epoch: 'https://raw.githubusercontent.com/epoch-research/llm-benchmark-efficiency/main',
    'epoch-stitching': 'https://raw.githubusercontent.com/epoch-research/benchmark-stitching/main',
    'epoch-models': 'https://epoch.ai/data',
  },
  documents: (base) => [
    ...PRICES.map((f) => joinUrl(base(), `data/${f}`)),
    ...STITCHING.map((f) => joinUrl(base('epoch-stitching'), `data/${f}.csv`)),
    ...MODELS.map((f) => joinUrl(base('epoch-models'), f)),
  ],
  schedule: '37 5 * * 1',
  scheduledByDefault: true,
  expectedRefreshMs: 30 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: (url) => FILES.find((f) => f.match.test(url))?.transformer ?? unknownFile,
  fixtures: 'test/fixtures/epoch',
});
