import { DAY, defineSource, joinUrl } from '../../source.ts';
import { priceSheet } from '../../../transform/transformer.ts';
import { parseGenaiPrices } from './parse.ts';

export const genaiPrices = defineSource({
  name: 'genai-prices',
  description: 'pydantic/genai-prices data.json: prices per provider and model with start dates and context tiers',
  bases: { 'genai-prices': 'https://raw.githubusercontent.com/pydantic/genai-prices/main' },
  documents: (base) => [joinUrl(base(), 'prices/data.json')],
  schedule: '43 3 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 7 * DAY,
  complete: false,
  kind: 'sheet',
  transformer: priceSheet(parseGenaiPrices, true),
  fixtures: 'test/fixtures/genai-prices',
});
