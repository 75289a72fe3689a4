import type { ServiceTier, TokenClass, TokenUnit } from '../../../schemas/price-dimensions.ts';

export type FieldMeaning =
  | { kind: 'token'; token_class: TokenClass; service_tier: ServiceTier; context_tier: string; unit: TokenUnit }
  | { kind: 'non_token'; unit: string }
  | { kind: 'unknown' };

const TOKEN_BASES: Record<string, [TokenClass, TokenUnit]> = {
  input_cost_per_token: ['input', 'per_token'],
  output_cost_per_token: ['output', 'per_token'],
  input_cost_per_token_cache_hit: ['cache_read', 'per_token'],
  cache_read_input_token_cost: ['cache_read', 'per_token'],
  cache_creation_input_token_cost: ['cache_write', 'per_token'],
  output_cost_per_reasoning_token: ['reasoning', 'per_token'],
  input_cost_per_audio_token: ['audio_input', 'per_token'],
  output_cost_per_audio_token: ['audio_output', 'per_token'],
  cache_read_input_audio_token_cost: ['audio_cache_read', 'per_token'],
  cache_creation_input_audio_token_cost: ['audio_cache_write', 'per_token'],
  input_cost_per_image_token: ['image_input', 'per_token'],
  output_cost_per_image_token: ['image_output', 'per_token'],
  cache_read_input_image_token_cost: ['image_cache_read', 'per_token'],
  citation_cost_per_token: ['citation', 'per_token'],
  computer_use_input_cost_per_1k_tokens: ['computer_use_input', 'per_1k_tokens'],
  computer_use_output_cost_per_1k_tokens: ['computer_use_output', 'per_1k_tokens'],
};

const TIER_SUFFIXES: Record<string, ServiceTier> = {
  _batches: 'batch',
  _batch_requests: 'batch',
  _flex: 'flex',
  _priority: 'priority',
};

// priced per something other than a token: known, counted, not yet modelled as usd_per_mtok
const NON_TOKEN_UNIT =
  /_per_(audio_per_second|video_per_second|character|image|pixel|second|query|request|session|page|gb_per_day|1k_calls)|^cost_per_image|_dbu?_cost_per_token/;

/** What a LiteLLM cost field prices, from its name alone. */
export function litellmFieldMeaning(field: string): FieldMeaning {
  let base = field;
  let service_tier: ServiceTier = 'standard';
  for (const [suffix, tier] of Object.entries(TIER_SUFFIXES)) {
    if (base.endsWith(suffix)) {
      base = base.slice(0, -suffix.length);
      service_tier = tier;
      break;
    }
  }
  let context_tier = 'base';
  const ctx = /_above_(\d+)k_tokens$/.exec(base);
  if (ctx) {
    context_tier = `above_${ctx[1]}k`;
    base = base.slice(0, ctx.index);
  }
  let oneHour = false;
  if (base.endsWith('_above_1hr')) {
    oneHour = true;
    base = base.slice(0, -'_above_1hr'.length);
  }
  const known = TOKEN_BASES[base];
  if (known) {
    const token_class: TokenClass = oneHour && known[0] === 'cache_write' ? 'cache_write_1h' : known[0];
    if (oneHour && known[0] !== 'cache_write') return { kind: 'unknown' };
    return { kind: 'token', token_class, service_tier, context_tier, unit: known[1] };
  }
  const nonToken = NON_TOKEN_UNIT.exec(field);
  if (nonToken)
    return {
      kind: 'non_token',
      unit: nonToken[1] ?? (field.includes('dbu') || field.includes('_db_') ? 'databricks_unit' : 'image'),
    };
  return { kind: 'unknown' };
}

export const isPriceField = (field: string): boolean => /cost|price/.test(field);

// Entry modes across the recorded sheets. Priced per text token: chat, completion, responses, embedding,
// moderation(s), rerank, audio_transcription, audio_speech, ocr and entries without a mode; their token fields are
// real per-token prices (gpt-4o-transcribe, gpt-4o-mini-tts, voyage rerank-2, deepseek-ocr). Priced per image,
// second, query or store: the modes below, whose "per token" fields hold another unit (Fireworks' image models put
// $0.00013 per inference step in input_cost_per_token as 1.3e-10, DALL-E on Azure a 0 beside its per-pixel price).
const NON_TOKEN_MODES = new Set(['image_generation', 'image_edit', 'video_generation', 'search', 'vector_store']);
// ...unless the entry prices image tokens: then it is billed per token (gpt-image-1, gemini-2.5-flash-image)
const IMAGE_TOKEN_FIELD = /^(input|output)_cost_per_image_token|^cache_read_input_image_token_cost/;

/** The entry's mode when it says its token fields are not prices per token; null when they are. */
export function litellmNonTokenMode(entry: Record<string, unknown>): string | null {
  const mode = entry.mode;
  if (typeof mode !== 'string' || !NON_TOKEN_MODES.has(mode)) return null;
  return Object.keys(entry).some((field) => IMAGE_TOKEN_FIELD.test(field)) ? null : mode;
}
