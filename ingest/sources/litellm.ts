import { HOUR, joinUrl, single, type SourceSpec } from '../source.ts';

export const litellm = (baseUrl: string, schedule: string): SourceSpec =>
  single({
    name: 'litellm',
    description: "LiteLLM's model price map (JSON, USD per token), the community-maintained sheet of ~2,500 model ids",
    url: joinUrl(baseUrl, 'model_prices_and_context_window.json'),
    schedule,
    expectedRefreshMs: 3 * HOUR,
    complete: true,
    kind: 'sheet',
    render: false,
  });
