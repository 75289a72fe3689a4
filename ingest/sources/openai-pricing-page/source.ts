import { DAY, defineSource, joinUrl } from '../../source.ts';
import { priceSheet } from '../../../transform/transformer.ts';
import { parseOpenaiPricingPage } from './parse.ts';

// openai.com builds its pricing tables in the browser today: Playwright renders, cheerio parses
export const openaiPricingPage = defineSource({
  name: 'openai-pricing-page',
  description: "OpenAI's pricing page (HTML; prices per 1K tokens in the 2023 layout), rendered with Playwright",
  bases: { 'openai-pricing-page': 'https://openai.com' },
  documents: (base) => [joinUrl(base(), 'api/pricing/')],
  schedule: '23 */6 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 2 * DAY,
  complete: true,
  kind: 'page',
  render: (ctx) => ctx.renderPages,
  transformer: priceSheet(parseOpenaiPricingPage),
  fixtures: 'test/fixtures/openai-pricing-page',
});
