import type { Env } from '../../schemas/env.ts';
import { ConfigError } from '../../schemas/errors.ts';
import type { Company } from '../../schemas/company.ts';
import { hasContact } from '../contact.ts';
import { loadCompanies } from '../company-registry.ts';
import { configureSource, type SourceDefinition, type SourceSpec } from '../source.ts';
import type { PriceTransformer, Transformer } from '../../transform/transformer.ts';
import { aider } from './aider/source.ts';
import { analystDatapoints } from './analyst-datapoints/source.ts';
import { anthropicPricing } from './anthropic-pricing/source.ts';
import { deepseekPricing } from './deepseek-pricing/source.ts';
import { epoch } from './epoch/source.ts';
import { geminiPricing } from './gemini-pricing/source.ts';
import { genaiPrices } from './genai-prices/source.ts';
import { gpuPriceSheets } from './gpu-price-sheets/source.ts';
import { gpuPriceTracker } from './gpu-price-tracker/source.ts';
import { litellm } from './litellm/source.ts';
import { llmPrices } from './llm-prices/source.ts';
import { lmarena } from './lmarena/source.ts';
import { minimaxPricing } from './minimax-pricing/source.ts';
import { moonshotPricing } from './moonshot-pricing/source.ts';
import { openLlmLeaderboard } from './open-llm-leaderboard/source.ts';
import { openaiPricing } from './openai-pricing/source.ts';
import { openaiPricingPage } from './openai-pricing-page/source.ts';
import { openrouter } from './openrouter/source.ts';
import { openrouterRankings } from './openrouter-rankings/source.ts';
import { secCompanyfacts } from './sec-companyfacts/source.ts';
import { secSubmissions } from './sec-submissions/source.ts';
import { sweBench } from './swe-bench/source.ts';
import { tokenTariff } from './token-tariff/source.ts';
import { xaiModels } from './xai-models/source.ts';

/** Every source rebar knows, by hand: everything else (names, defaults, transformers, the README table) derives from it. */
export const sources: readonly SourceDefinition[] = [
  litellm,
  openrouter,
  llmPrices,
  genaiPrices,
  tokenTariff,
  openaiPricingPage,
  anthropicPricing,
  deepseekPricing,
  geminiPricing,
  minimaxPricing,
  moonshotPricing,
  openaiPricing,
  xaiModels,
  gpuPriceSheets,
  gpuPriceTracker,
  analystDatapoints,
  secCompanyfacts,
  secSubmissions,
  lmarena,
  aider,
  sweBench,
  openLlmLeaderboard,
  openrouterRankings,
  epoch,
];

export const sourceNames = (): string[] => sources.map((s) => s.name);

/** The sources whose spellings registry/model-aliases.csv may name. */
export const aliasSources = (): string[] => sources.filter((s) => s.modelAliases).map((s) => s.name);

/** Every source with its configured base URLs and schedule (cron, UTC), by name. */
export function sourceRegistry(env: Env, companies: Company[] = loadCompanies()): Record<string, SourceSpec> {
  const ctx = {
    trackedCiks: companies.filter((c) => c.tracked).map((c) => c.cik),
    renderPages: env.REBAR_RENDER_OPENAI_PAGE,
  };
  const overrides = { bases: env.REBAR_BASE_URLS, schedules: env.REBAR_SCHEDULES };
  return Object.fromEntries(sources.map((def) => [def.name, configureSource(def, overrides, ctx)]));
}

export function pickSources(all: Record<string, SourceSpec>, names: readonly string[]): SourceSpec[] {
  return names.map((n) => {
    const s = all[n];
    if (!s) throw new ConfigError(`unknown source ${n}: known sources are ${Object.keys(all).join(', ')}`);
    return s;
  });
}

/** REBAR_SOURCES as names, every one checked; unset means every source scheduled by default. */
export function configuredSourceNames(env: Pick<Env, 'REBAR_SOURCES'>): string[] {
  if (!env.REBAR_SOURCES) return sources.filter((s) => s.scheduledByDefault).map((s) => s.name);
  const known = sourceNames();
  const unknown = env.REBAR_SOURCES.filter((n) => !known.includes(n));
  if (unknown.length)
    throw new ConfigError(`REBAR_SOURCES: unknown source ${unknown.join(', ')}: known sources are ${known.join(', ')}`);
  return env.REBAR_SOURCES;
}

/** The configured default sources a run can start: one that needs a contact e-mail waits, with a warning, until one is set. */
export function defaultSources(
  all: Record<string, SourceSpec>,
  env: Pick<Env, 'REBAR_SOURCES' | 'REBAR_USER_AGENT'>,
): { run: string[]; waiting: string[] } {
  const names = configuredSourceNames(env);
  const waiting = names.filter((n) => all[n]?.requiresContact && !hasContact(env.REBAR_USER_AGENT));
  return { run: names.filter((n) => !waiting.includes(n)), waiting };
}

/** The transformer of a document, by its source and URL; undefined for a source rebar does not know. */
export function transformerFor(source: string, url: string): Transformer | undefined {
  const def = sources.find((s) => s.name === source);
  if (!def) return undefined;
  return typeof def.transformer === 'function' ? def.transformer(url) : def.transformer;
}

/** A source's price-sheet reader, for tools and tests that transform documents without the pipeline. */
export function priceTransformer(source: string): PriceTransformer {
  const t = transformerFor(source, '');
  if (t?.output !== 'prices') throw new ConfigError(`${source} is not a price sheet source`);
  return t;
}
