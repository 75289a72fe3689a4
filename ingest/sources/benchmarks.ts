import { DAY, joinUrl, single, type SourceSpec } from '../source.ts';

const sheet = { complete: false, kind: 'sheet', render: false } as const;

// LMArena publishes no stable CSV of its own; fboulnois/llm-leaderboard-csv keeps one in the arena's columns
export const lmarena = (baseUrl: string, schedule: string): SourceSpec =>
  single({
    name: 'lmarena',
    description:
      'LMArena (LMSYS Chatbot Arena) text leaderboard as CSV: arena score, 95% CI, votes, rank (with style control from Nov 2024), organization, license',
    url: joinUrl(baseUrl, 'csv/lmsys.csv'),
    schedule,
    expectedRefreshMs: 8 * DAY,
    ...sheet,
  });

// the leaderboard is named by its file: edit, polyglot and refactor are three documents
export const aider = (baseUrl: string, schedule: string): SourceSpec => {
  const urls = ['edit', 'polyglot', 'refactor'].map((b) =>
    joinUrl(baseUrl, `aider/website/_data/${b}_leaderboard.yml`),
  );
  return {
    name: 'aider',
    description:
      "Aider's code-editing leaderboards (edit, polyglot, refactor): pass rates per model and edit format, per run date",
    url: urls[0]!,
    urls,
    schedule,
    expectedRefreshMs: 8 * DAY,
    ...sheet,
  };
};

export const sweBench = (baseUrl: string, schedule: string): SourceSpec =>
  single({
    name: 'swe-bench',
    description:
      'SWE-bench leaderboards (Test, Verified, Lite, Multimodal): % of issues resolved per system, with submission dates',
    url: joinUrl(baseUrl, 'data/leaderboards.json'),
    schedule,
    expectedRefreshMs: 8 * DAY,
    ...sheet,
  });

export const openLlmLeaderboard = (baseUrl: string, schedule: string): SourceSpec =>
  single({
    name: 'open-llm-leaderboard',
    description:
      'Hugging Face Open LLM Leaderboard v2 as CSV: normalized IFEval, BBH, MATH lvl 5, GPQA, MuSR, MMLU-Pro and their average per open model',
    url: joinUrl(baseUrl, 'csv/huggingface_v2.csv'),
    schedule,
    expectedRefreshMs: 8 * DAY,
    ...sheet,
  });

// the inputs of Epoch's 'LLM inference prices have fallen rapidly but unequally across tasks' (2025-03-12), each its own document
// the benchmark-stitching runs and the notable-models tables live elsewhere: bases are `epoch`, `epoch-stitching`, `epoch-models`
const STITCHING = [
  'benchmarks_runs',
  ...['aider_polyglot', 'arc_agi', 'livebench', 'metr', 'mmlu', 'os_world', 'simple_bench', 'terminal_bench'].map(
    (b) => `external_benchmark_${b}`,
  ),
];
export const epoch = (bases: { prices: string; stitching: string; models: string }, schedule: string): SourceSpec => {
  const urls = [
    ...['aa_data_with_math5.csv', 'epoch_ai_price_data_not_in_aa_with_benchmarks.csv'].map((f) =>
      joinUrl(bases.prices, `data/${f}`),
    ),
    ...STITCHING.map((f) => joinUrl(bases.stitching, `data/${f}.csv`)),
    ...['notable_ai_models.csv', 'frontier_ai_models.csv'].map((f) => joinUrl(bases.models, f)),
  ];
  return {
    name: 'epoch',
    description:
      "Epoch AI's data: price-trend inputs (blended price and scores per model), benchmark-stitching runs and external benchmarks, notable and frontier models",
    url: urls[0]!,
    urls,
    schedule,
    expectedRefreshMs: 30 * DAY,
    ...sheet,
  };
};

/** The Sunday a weekly ranking is filed under: the last one on or before `now` (UTC). */
export function lastSunday(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - now.getUTCDay()));
  return d.toISOString().slice(0, 10);
}

// weekly snapshots of openrouter.ai/rankings, one file per week
export const openrouterRankings = (baseUrl: string, schedule: string): SourceSpec => ({
  name: 'openrouter-rankings',
  description:
    "OpenRouter's weekly top models by tokens (johnbean393/openrouter-inference-stats snapshots of openrouter.ai/rankings); revenue estimates not stored",
  url: joinUrl(baseUrl, 'data/'),
  urls: [joinUrl(baseUrl, 'data/')],
  urlsAt: (now) => [joinUrl(baseUrl, `data/${lastSunday(now)}.json`)],
  schedule,
  expectedRefreshMs: 8 * DAY,
  ...sheet,
});
