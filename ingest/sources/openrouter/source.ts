import { HOUR, defineSource, joinUrl } from '../../source.ts';
import { priceSheet } from '../../../transform/transformer.ts';
import { parseOpenrouter } from './parse.ts';

export const openrouter = defineSource({
  name: 'openrouter',
  description:
    "OpenRouter's model list /api/v1/models (JSON, USD per token as strings): aggregator prices, not list prices",
  bases: { openrouter: 'https://openrouter.ai' },
  documents: (base) => [joinUrl(base(), 'api/v1/models')],
  schedule: '*/15 * * * *',
  scheduledByDefault: true,
  expectedRefreshMs: HOUR,
  complete: true,
  kind: 'sheet',
  transformer: priceSheet(parseOpenrouter),
  modelAliases: true,
  fixtures: 'test/fixtures/openrouter',
});
