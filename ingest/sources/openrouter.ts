import { HOUR, joinUrl, single, type SourceSpec } from '../source.ts';

export const openrouter = (baseUrl: string, schedule: string): SourceSpec =>
  single({
    name: 'openrouter',
    description:
      "OpenRouter's model list /api/v1/models (JSON, USD per token as strings): aggregator prices, not list prices",
    url: joinUrl(baseUrl, 'api/v1/models'),
    schedule,
    expectedRefreshMs: HOUR,
    complete: true,
    kind: 'sheet',
    render: false,
  });
