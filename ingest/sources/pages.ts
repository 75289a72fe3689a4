import { DAY, joinUrl, single, type SourceSpec } from '../source.ts';

// openai.com builds its pricing tables in the browser today: Playwright renders, cheerio parses
export const openaiPricingPage = (baseUrl: string, schedule: string, render: boolean): SourceSpec =>
  single({
    name: 'openai-pricing-page',
    description: "OpenAI's pricing page (HTML; prices per 1K tokens in the 2023 layout), rendered with Playwright",
    url: joinUrl(baseUrl, 'api/pricing/'),
    schedule,
    expectedRefreshMs: 2 * DAY,
    complete: true,
    kind: 'page',
    render,
  });

// providers' own pricing docs, read as markdown (several serve it: Anthropic .md, Google .md.txt)
const DOCS: [name: string, vendor: string, path: string][] = [
  ['anthropic-pricing', 'Anthropic', 'https://docs.anthropic.com/en/docs/about-claude/pricing.md'],
  ['deepseek-pricing', 'DeepSeek', 'https://api-docs.deepseek.com/quick_start/pricing'],
  ['gemini-pricing', 'Google Gemini API', 'https://ai.google.dev/gemini-api/docs/pricing.md.txt'],
  ['minimax-pricing', 'MiniMax', 'https://platform.minimax.io/docs/pricing/pay-as-you-go'],
  ['moonshot-pricing', 'Moonshot (Kimi)', 'https://platform.moonshot.cn/docs/pricing/chat'],
  ['openai-pricing', 'OpenAI', 'https://platform.openai.com/docs/pricing'],
  ['xai-models', 'xAI', 'https://docs.x.ai/docs/models'],
];

export const DOC_SOURCE_NAMES = DOCS.map(([name]) => name);

export const pricingDocs = (urls: Record<string, string>, schedules: Record<string, string>): SourceSpec[] =>
  DOCS.map(([name, vendor, url]) =>
    single({
      name,
      description: `${vendor} pricing documentation (markdown tables: tiers, cache, batch, long context, currency as published)`,
      url: urls[name] ?? url,
      schedule: schedules[name] ?? '29 5 * * *',
      expectedRefreshMs: 2 * DAY,
      complete: true,
      kind: 'page',
      render: false,
    }),
  );
