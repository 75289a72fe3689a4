import { DAY, joinUrl, single, type SourceSpec } from '../source.ts';

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

export const llmPrices = (baseUrl: string, schedule: string): SourceSpec => ({
  name: 'llm-prices',
  description: 'simonw/llm-prices (llm-prices.com): per-vendor price history with from/to dates, USD per 1M tokens',
  url: joinUrl(baseUrl, 'data'),
  urls: LLM_PRICES_VENDORS.map((v) => joinUrl(baseUrl, `data/${v}.json`)),
  schedule,
  expectedRefreshMs: 7 * DAY,
  complete: false,
  kind: 'sheet',
  render: false,
});

export const genaiPrices = (baseUrl: string, schedule: string): SourceSpec =>
  single({
    name: 'genai-prices',
    description: 'pydantic/genai-prices data.json: prices per provider and model with start dates and context tiers',
    url: joinUrl(baseUrl, 'prices/data.json'),
    schedule,
    expectedRefreshMs: 7 * DAY,
    complete: false,
    kind: 'sheet',
    render: false,
  });
