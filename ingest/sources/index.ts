import type { Env } from '../../schemas/env.ts';
import { ConfigError } from '../../schemas/errors.ts';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hasContact } from '../contact.ts';
import type { Company } from '../../schemas/company.ts';
import { loadCompanies, REGISTRY_DIR } from '../company-registry.ts';
import type { SourceSpec } from '../source.ts';
import { analystDatapoints, secCompanyfacts, secSubmissions } from './sec.ts';
import { aider, epoch, lmarena, openLlmLeaderboard, openrouterRankings, sweBench } from './benchmarks.ts';
import { gpuPriceSheets, gpuPriceTracker } from './gpu.ts';
import { genaiPrices, llmPrices } from './history.ts';
import { litellm } from './litellm.ts';
import { openrouter } from './openrouter.ts';
import { openaiPricingPage, pricingDocs } from './pages.ts';

const DEFAULT_BASES: Record<string, string> = {
  'llm-prices': 'https://raw.githubusercontent.com/simonw/llm-prices/main',
  'genai-prices': 'https://raw.githubusercontent.com/pydantic/genai-prices/main',
  'openai-pricing-page': 'https://openai.com',
  'gpu-price-sheets': 'https://raw.githubusercontent.com/becloudready/gpu-price/main',
  'gpu-price-tracker': 'https://raw.githubusercontent.com/tugot17/gpu-price-tracker/main',
  'sec-companyfacts': 'https://data.sec.gov',
  lmarena: 'https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main',
  'open-llm-leaderboard': 'https://raw.githubusercontent.com/fboulnois/llm-leaderboard-csv/main',
  aider: 'https://raw.githubusercontent.com/Aider-AI/aider/main',
  epoch: 'https://raw.githubusercontent.com/epoch-research/llm-benchmark-efficiency/main',
  'epoch-stitching': 'https://raw.githubusercontent.com/epoch-research/benchmark-stitching/main',
  'epoch-models': 'https://epoch.ai/data',
  'swe-bench': 'https://raw.githubusercontent.com/SWE-bench/swe-bench.github.io/main',
  'openrouter-rankings': 'https://raw.githubusercontent.com/johnbean393/openrouter-inference-stats/main',
  'sec-submissions': 'https://data.sec.gov',
  // reviewed in the repo; a full URL (file:// or http) overrides it
  'analyst-datapoints': pathToFileURL(path.join(REGISTRY_DIR, 'analyst-datapoints.csv')).href,
};
const DEFAULT_SCHEDULES: Record<string, string> = {
  'llm-prices': '41 3 * * *',
  'genai-prices': '43 3 * * *',
  'openai-pricing-page': '23 */6 * * *',
  'gpu-price-sheets': '7 */6 * * *',
  'gpu-price-tracker': '37 * * * *',
  // companyfacts change when a company files: daily, outside US business hours
  'sec-companyfacts': '13 6 * * *',
  'sec-submissions': '19 6 * * *',
  lmarena: '29 5 * * *',
  aider: '31 5 * * *',
  'swe-bench': '33 5 * * *',
  'open-llm-leaderboard': '35 5 * * *',
  epoch: '37 5 * * 1',
  // the week's file appears on Monday
  'openrouter-rankings': '39 6 * * 1',
  'analyst-datapoints': '3 * * * *',
};

/** Every source rebar knows, with its configured base URL and schedule (cron, UTC). */
export function sourceRegistry(env: Env, companies: Company[] = loadCompanies()): Record<string, SourceSpec> {
  const base = (name: string): string => env.REBAR_BASE_URLS[name] ?? DEFAULT_BASES[name]!;
  const cron = (name: string): string => env.REBAR_SCHEDULES[name] ?? DEFAULT_SCHEDULES[name]!;
  const tracked = companies.filter((c) => c.tracked).map((c) => c.cik);
  const all = [
    litellm(
      env.REBAR_BASE_URLS.litellm ?? env.REBAR_LITELLM_BASE_URL,
      env.REBAR_SCHEDULES.litellm ?? env.REBAR_SCHEDULE_LITELLM,
    ),
    openrouter(
      env.REBAR_BASE_URLS.openrouter ?? env.REBAR_OPENROUTER_BASE_URL,
      env.REBAR_SCHEDULES.openrouter ?? env.REBAR_SCHEDULE_OPENROUTER,
    ),
    llmPrices(base('llm-prices'), cron('llm-prices')),
    genaiPrices(base('genai-prices'), cron('genai-prices')),
    openaiPricingPage(base('openai-pricing-page'), cron('openai-pricing-page'), env.REBAR_RENDER_OPENAI_PAGE),
    gpuPriceSheets(base('gpu-price-sheets'), cron('gpu-price-sheets')),
    gpuPriceTracker(base('gpu-price-tracker'), cron('gpu-price-tracker')),
    secCompanyfacts(base('sec-companyfacts'), cron('sec-companyfacts'), tracked),
    secSubmissions(base('sec-submissions'), cron('sec-submissions'), tracked),
    analystDatapoints(base('analyst-datapoints'), cron('analyst-datapoints')),
    lmarena(base('lmarena'), cron('lmarena')),
    aider(base('aider'), cron('aider')),
    epoch({ prices: base('epoch'), stitching: base('epoch-stitching'), models: base('epoch-models') }, cron('epoch')),
    sweBench(base('swe-bench'), cron('swe-bench')),
    openLlmLeaderboard(base('open-llm-leaderboard'), cron('open-llm-leaderboard')),
    openrouterRankings(base('openrouter-rankings'), cron('openrouter-rankings')),
    // full URLs here: these docs have no common base
    ...pricingDocs(env.REBAR_BASE_URLS, env.REBAR_SCHEDULES),
  ];
  return Object.fromEntries(all.map((s) => [s.name, s]));
}

export function pickSources(all: Record<string, SourceSpec>, names: readonly string[]): SourceSpec[] {
  return names.map((n) => {
    const s = all[n];
    if (!s) throw new ConfigError(`unknown source ${n}: known sources are ${Object.keys(all).join(', ')}`);
    return s;
  });
}

/** The configured default sources a run can start: one that needs a contact e-mail waits, with a warning, until one is set. */
export function defaultSources(
  all: Record<string, SourceSpec>,
  names: readonly string[],
  userAgent: string,
): { run: string[]; waiting: string[] } {
  const waiting = names.filter((n) => all[n]?.requiresContact && !hasContact(userAgent));
  return { run: names.filter((n) => !waiting.includes(n)), waiting };
}
