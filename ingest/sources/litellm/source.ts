import { HOUR, defineSource, joinUrl } from '../../source.ts';
import { priceSheet } from '../../../transform/transformer.ts';
import { parseLitellm } from './parse.ts';

export const litellm = defineSource({
  name: 'litellm',
  description: "LiteLLM's model price map (JSON, USD per token), the community-maintained sheet of ~2,500 model ids",
  bases: { litellm: 'https://raw.githubusercontent.com/BerriAI/litellm/main' },
  documents: (base) => [joinUrl(base(), 'model_prices_and_context_window.json')],
  schedule: '17 * * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 3 * HOUR,
  complete: true,
  kind: 'sheet',
  transformer: priceSheet(parseLitellm),
  modelAliases: true,
  fixtures: 'test/fixtures/litellm',
});
