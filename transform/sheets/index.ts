import type { SheetParse } from '../price-point.ts';
import { parseAnthropicPricingMd } from './anthropic-pricing-md.ts';
import { parseDeepseekPricingMd } from './deepseek-pricing-md.ts';
import { parseGeminiPricingMd } from './gemini-pricing-md.ts';
import { parseGenaiPricesPydantic } from './genai-prices-pydantic.ts';
import { parseLitellmSheet } from './litellm.ts';
import { parseLlmPricesSimonw } from './llm-prices-simonw.ts';
import { parseMinimaxPricingMd } from './minimax-pricing-md.ts';
import { parseMoonshotPricingMd } from './moonshot-pricing-md.ts';
import { parseOpenaiPricingMd } from './openai-pricing-md.ts';
import { parseOpenaiPricingPage } from './openai-pricing-page.ts';
import { parseOpenrouterModels } from './openrouter.ts';
import { parseXaiPricingMd } from './xai-pricing-md.ts';

export interface SheetSpec {
  parse: (payload: string) => SheetParse; // pure; throws PermanentError for a document it cannot read
  // history datasets: each price is placed at its effective_from on the time axis, not at the fetch time
  effectiveDated: boolean;
}

const now = (parse: SheetSpec['parse']): SheetSpec => ({ parse, effectiveDated: false });

/** Token price readers by source name. */
export const sheets: Record<string, SheetSpec> = {
  litellm: now(parseLitellmSheet),
  openrouter: now(parseOpenrouterModels),
  'llm-prices': { parse: parseLlmPricesSimonw, effectiveDated: true },
  'genai-prices': { parse: parseGenaiPricesPydantic, effectiveDated: true },
  'openai-pricing-page': now(parseOpenaiPricingPage),
  'anthropic-pricing': now(parseAnthropicPricingMd),
  'deepseek-pricing': now(parseDeepseekPricingMd),
  'gemini-pricing': now(parseGeminiPricingMd),
  'minimax-pricing': now(parseMinimaxPricingMd),
  'moonshot-pricing': now(parseMoonshotPricingMd),
  'openai-pricing': now(parseOpenaiPricingMd),
  'xai-models': now(parseXaiPricingMd),
};
