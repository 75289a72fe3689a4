import { DAY, defineSource, joinUrl } from '../../source.ts';
import { priceSheet } from '../../../transform/transformer.ts';
import { parseLlmPrices } from './parse.ts';

// llm-prices.com keeps one file per vendor, each with dated price periods
export const LLM_PRICES_VENDORS = [
  'amazon',
  'anthropic',
  'deepseek',
  'google',
  'meta-ai',
  'minimax',
  'mistral',
  'moonshot-ai',
  'openai',
  'qwen',
  'xai',
];

export const llmPrices = defineSource({
  name: 'llm-prices',
  description: 'simonw/llm-prices (llm-prices.com): per-vendor price history with from/to dates, USD per 1M tokens',
  bases: { 'llm-prices': 'https://raw.githubusercontent.com/simonw/llm-prices/main' },
  documents: (base) => LLM_PRICES_VENDORS.map((v) => joinUrl(base(), `data/${v}.json`)),
  schedule: '41 3 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 7 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: priceSheet(parseLlmPrices, true),
  fixtures: 'test/fixtures/llm-prices',
});
