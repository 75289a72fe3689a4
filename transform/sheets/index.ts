import type { SheetParse } from '../price-point.ts';
import { parseAnthropicPricingMd } from '../../ingest/sources/anthropic-pricing/parse.ts';
import { parseDeepseekPricingMd } from '../../ingest/sources/deepseek-pricing/parse.ts';
import { parseGeminiPricingMd } from '../../ingest/sources/gemini-pricing/parse.ts';
import { parseGenaiPricesPydantic } from '../../ingest/sources/genai-prices/parse.ts';
import { parseLitellmSheet } from '../../ingest/sources/litellm/parse.ts';
import { parseLlmPricesSimonw } from '../../ingest/sources/llm-prices/parse.ts';
import { parseMinimaxPricingMd } from '../../ingest/sources/minimax-pricing/parse.ts';
import { parseMoonshotPricingMd } from '../../ingest/sources/moonshot-pricing/parse.ts';
import { parseOpenaiPricingMd } from '../../ingest/sources/openai-pricing/parse.ts';
import { parseOpenaiPricingPage } from '../../ingest/sources/openai-pricing-page/parse.ts';
import { parseOpenrouterModels } from '../../ingest/sources/openrouter/parse.ts';
import { parseXaiPricingMd } from '../../ingest/sources/xai-models/parse.ts';

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
