// `rebar demo`: a first look without the network. The recorded documents the repo ships (test/fixtures, with their
// provenance in each folder's SOURCES.md; registry/ for the analysts' datapoints) go through the normal path, each at
// the date it was recorded, so every metric and view has rows on a machine that fetches nothing
import { existsSync } from 'node:fs';
import path from 'node:path';
import { LLM_PRICES_VENDORS } from '../ingest/sources/llm-prices/source.ts';
import { ConfigError } from '../schemas/errors.ts';
import { REPO_ROOT as REPO } from '../schemas/repo-root.ts';
import type { Pipeline } from './pipeline.ts';
import type { Progress } from './progress.ts';
import { emptySummary, mergeSummary, type RunSummary } from './run-summary.ts';
import { listSnapshots } from './snapshots.ts';

const F = 'test/fixtures';

/** A recorded document (or a folder of dated snapshots, each at its file name's date) and when it was recorded. */
export interface DemoDocument {
  source: string;
  path: string; // from the repository's root
  observedAt?: string; // a folder's snapshots carry their own dates
}

const gpuSheet = (file: string): DemoDocument => ({
  source: 'gpu-price-sheets',
  path: `${F}/gpu-price-sheets/becloudready-gpu-price_2026-02-11/${file}`,
  observedAt: '2026-02-11T07:11:53Z',
});
const llmPrices = (vendor: string): DemoDocument => ({
  source: 'llm-prices',
  path: `${F}/llm-prices/${vendor}.json`,
  observedAt: '2026-08-05', // commit 723ef0bd3a6 of simonw/llm-prices
});

export const DEMO_DOCUMENTS: DemoDocument[] = [
  { source: 'litellm', path: `${F}/litellm` },
  {
    source: 'openrouter',
    path: `${F}/openrouter/openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json`,
    observedAt: '2025-02-08',
  },
  ...LLM_PRICES_VENDORS.map(llmPrices),
  { source: 'genai-prices', path: `${F}/genai-prices/data.json`, observedAt: '2026-08-21' },
  ...['lambda_gpu_prices.csv', 'coreweave_prices.csv', 'nebius_prices.csv', 'runpod_gpu_prices.csv'].map(gpuSheet),
  { source: 'lmarena', path: `${F}/lmarena` },
  { source: 'openrouter-rankings', path: `${F}/openrouter-rankings` },
  { source: 'epoch', path: `${F}/epoch/data__aa_data_with_math5.csv`, observedAt: '2025-03-13' },
  {
    source: 'epoch',
    path: `${F}/epoch/data__epoch_ai_price_data_not_in_aa_with_benchmarks.csv`,
    observedAt: '2025-03-13',
  },
  {
    source: 'sec-companyfacts',
    path: `${F}/sec-companyfacts/companyfacts_CIK0001045810_NVIDIA__recorded-2026-07-09.json`,
    observedAt: '2026-07-09',
  },
];
// registry/analyst-datapoints.csv is a source of its own: one cycle of it reads the file
const REGISTRY_SOURCES = ['analyst-datapoints'];

/** Loads every demo document through the pipeline, one line per document to `say`; the summary of all of them. */
export async function runDemo(
  pipeline: Pipeline,
  say: (line: string) => void,
  bar: (label: string, total: number) => Progress,
): Promise<RunSummary> {
  if (!existsSync(path.join(REPO, F)))
    throw new ConfigError(
      `rebar demo loads the recorded documents of a checkout (${F}/): run it from a clone of rebar`,
    );
  // every document first (a folder's snapshots one by one), so the bar knows how many
  const steps: Array<{ label: string; load: () => Promise<RunSummary> }> = [];
  for (const d of DEMO_DOCUMENTS) {
    const where = path.join(REPO, d.path);
    if (d.observedAt) {
      const at = new Date(d.observedAt);
      steps.push({
        label: `${d.source} ${d.path} at ${d.observedAt}`,
        load: () => pipeline.importDocument(d.source, where, at),
      });
      continue;
    }
    for (const s of listSnapshots(where, {}))
      steps.push({
        label: `${d.source} ${path.relative(REPO, s.url.replace(/^file:\/\//, ''))} at ${s.observedAt.toISOString().slice(0, 10)}`,
        load: () => pipeline.importPayload(d.source, { payload: s.read(), url: s.url, observedAt: s.observedAt }),
      });
  }
  steps.push({ label: `${REGISTRY_SOURCES.join(', ')} (registry/)`, load: () => pipeline.runOnce(REGISTRY_SOURCES) });
  const total = emptySummary();
  const progress = bar('demo', steps.length);
  for (const [i, step] of steps.entries()) {
    const r = await step.load();
    mergeSummary(total, r);
    say(`[${i + 1}/${steps.length}] ${step.label}: ${r.observations} observations, ${r.dead_lettered} dead-lettered`);
    progress.update(i + 1, `${total.observations.toLocaleString('en-US')} observations`);
  }
  progress.done();
  return total;
}
