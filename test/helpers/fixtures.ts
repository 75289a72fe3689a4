import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

export const fixturePath = (rel: string): string => path.join(FIXTURES, rel);
export const readFixture = (rel: string): string => readFileSync(fixturePath(rel), 'utf8');

export const LITELLM = {
  '2023-11-30': 'litellm/litellm_model_prices_2023-11-30__upstream_8c1a9f1c.json',
  '2024-03-30': 'litellm/litellm_model_prices_2024-03-30__upstream_89471ba4.json',
  '2024-07-29': 'litellm/litellm_model_prices_2024-07-29__upstream_8e24c3c9.json',
  '2024-11-28': 'litellm/litellm_model_prices_2024-11-28__upstream_2d2931a2.json',
  '2025-06-02': 'litellm/litellm_model_prices_2025-06-02__rocry-llm-api-price_33910465.json',
  '2026-02-02': 'litellm/litellm_model_prices_2026-02-02__rocry-llm-api-price_9c934f3a.json',
} as const;

export const OPENROUTER = {
  '2024-04-24': 'openrouter/openrouter_api_v1_models_2024-04-24__sternelee-solid-pile_0d4094b6.json',
  '2025-02-08': 'openrouter/openrouter_api_v1_models_2025-02-08__sternelee-solid-pile_a5c285c2.json',
} as const;
