import { z } from 'zod';

// what a price is charged for; one observation per priced dimension
export const TokenClass = z.enum([
  'input',
  'output',
  'cache_read',
  'cache_write',
  'cache_write_1h',
  'reasoning',
  'audio_input',
  'audio_output',
  'audio_cache_read',
  'audio_cache_write',
  'image_input',
  'image_output',
  'image_cache_read',
  'citation',
  'computer_use_input',
  'computer_use_output',
  'training',
]);
export type TokenClass = z.infer<typeof TokenClass>;

export const ServiceTier = z.enum(['standard', 'batch', 'flex', 'priority']);
export type ServiceTier = z.infer<typeof ServiceTier>;

// units a token price is published in (in its own currency); anything else is not a token price
export const TokenUnit = z.enum(['per_token', 'per_1k_tokens', 'per_1m_tokens']);
export type TokenUnit = z.infer<typeof TokenUnit>;

// 'base' or 'above_<n>k': prompts past the threshold are priced differently for the whole request
export const ContextTier = z.string().regex(/^(base|above_\d+k)$/);

/** Identifies one price series: the same thing priced by the same source over time. */
export interface SeriesIdentity {
  source: string;
  currency?: string; // a price list in another currency is its own series
  source_model_id: string;
  token_class: TokenClass;
  service_tier: ServiceTier;
  region: string;
  context_tier: string;
}

export function seriesKey(s: SeriesIdentity): string {
  const key = [s.source, s.source_model_id, s.token_class, s.service_tier, s.region, s.context_tier].join('|');
  return s.currency && s.currency !== 'USD' ? `${key}|${s.currency}` : key;
}
