import { PermanentError } from '../../../schemas/errors.ts';
import type { ServiceTier, TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { isZero, parseDecimal } from '../../../transform/decimal.ts';
import { countSkip, nonTokenPrice } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';

// OpenRouter GET /api/v1/models: { data: [{ id: 'openai/gpt-4o', pricing: { prompt: '0.0000025', ... } }] }, USD per token as strings
const TOKEN_FIELDS: Record<string, TokenClass> = {
  prompt: 'input',
  completion: 'output',
  input_cache_read: 'cache_read',
  input_cache_write: 'cache_write', // the default (5-minute) cache write where a provider prices two TTLs
  input_cache_write_1h: 'cache_write_1h',
  internal_reasoning: 'reasoning',
  audio: 'audio_input',
  input_audio_cache: 'audio_cache_read',
  audio_output: 'audio_output',
  image_output: 'image_output', // per generated-image token: gpt-image-1 0.00004 is OpenAI's $40 per 1M
};
// fields that price the same dimension as another field: 'image_token' ("per image token") appears only on
// image-generating models, next to image_output and at its value (MAI-Image-2.5 Pro: both 0.000108, its image output rate)
const ALIASES: Record<string, string> = { image_token: 'image_output' };
const NON_TOKEN_FIELDS: Record<string, string> = {
  image: 'image', // per input image
  request: 'request',
  web_search: 'query',
  discount: 'discount',
};
// what an entry of pricing.overrides is conditioned on, besides the prices it overrides
const OVERRIDE_CONDITIONS = new Set(['min_prompt_tokens', 'utc_start', 'utc_end', 'utc_days']);
// ':batch' and the like: a service tier of the base model, not a model of its own
const TIER_SUFFIX = /:(batch|flex|priority)$/;

/**
 * Dedicated audio models (every output modality 'transcription' or 'speech') run on OpenRouter's audio endpoints,
 * priced per audio duration (speech-to-text; Whisper per minute) or per input character (text-to-speech): their
 * prompt and completion are then not token prices. The token-priced ones (gpt-4o-transcribe, Gemini TTS) publish an
 * output-token price; the others publish completion '0'.
 */
function audioEndpointUnit(model: { architecture?: unknown }, pricing: Record<string, unknown>): string | null {
  const outputs = (model.architecture as { output_modalities?: unknown } | null | undefined)?.output_modalities;
  if (!Array.isArray(outputs) || outputs.length === 0) return null;
  const unit = outputs.every((o) => o === 'transcription')
    ? 'audio_duration'
    : outputs.every((o) => o === 'speech')
      ? 'character'
      : null;
  if (!unit) return null;
  const completion = parseDecimal(typeof pricing.completion === 'string' ? pricing.completion.trim() : '');
  return completion && !isZero(completion) ? null : unit;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function parseOpenrouter(payload: string): SheetParse {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch (err) {
    throw new PermanentError(`openrouter models document is not valid JSON (${(err as Error).message})`, {
      cause: err,
    });
  }
  const data = (doc as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new PermanentError('openrouter models document has no data array: layout changed?');
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  for (const model of data) {
    const id = typeof model?.id === 'string' ? model.id : null;
    const pricing = model?.pricing;
    if (!id || pricing === null || typeof pricing !== 'object') {
      out.rejects.push({
        record_ref: String(id ?? '?'),
        source_model_id: String(id ?? '?'),
        reason: 'malformed_record',
        detail: 'model without id or pricing object',
        record: model,
      });
      continue;
    }
    const prices = pricing as Record<string, unknown>;
    const suffix = TIER_SUFFIX.exec(id);
    const baseId = suffix ? id.slice(0, suffix.index) : id;
    const service_tier: ServiceTier = suffix ? (suffix[1] as ServiceTier) : 'standard';
    const creator = baseId.includes('/') ? baseId.split('/')[0]! : 'unknown';
    const audioUnit = audioEndpointUnit(model, prices);
    const reject = (ref: string, reason: string, detail: string, record: unknown): void => {
      out.rejects.push({ record_ref: `${id}#${ref}`, source_model_id: id, reason, detail, record });
    };

    // one priced field of the model (or of one of its overrides) at a context tier
    const price = (entry: Record<string, unknown>, field: string, context_tier: string, path: string): void => {
      const value = entry[field];
      const ref = `${path}${field}`;
      const unit =
        field in NON_TOKEN_FIELDS
          ? NON_TOKEN_FIELDS[field]!
          : audioUnit && /^(prompt|completion)$/.test(field)
            ? audioUnit
            : null;
      if (unit) {
        const at = { record_ref: `${id}#${ref}`, source_model_id: id, field: ref, value };
        nonTokenPrice(out, { ...at, unit, skip: `non_token_unit:${unit}` });
        return;
      }
      const alias = ALIASES[field];
      if (alias && alias in entry && String(entry[alias]).trim() === String(value).trim()) {
        countSkip(out.skipped, `same_as:${alias}`);
        return;
      }
      const token_class = TOKEN_FIELDS[alias ?? field];
      if (!token_class) {
        reject(ref, 'unknown_unit', `pricing.${ref} has no known unit`, { [field]: value });
        return;
      }
      const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
      if (!parseDecimal(text)) {
        reject(ref, 'unparseable_price', `pricing.${ref} = ${JSON.stringify(value)} is not a number`, {
          [field]: value,
        });
        return;
      }
      out.rows.push({
        source_model_id: id,
        source_provider: creator,
        source_field: `pricing.${ref}`,
        token_class,
        service_tier,
        region: 'global',
        context_tier,
        raw_value: text,
        raw_unit: 'per_token',
        currency: 'USD',
        effective_from: null,
        provider: 'openrouter',
        model: canonicalModel(baseId),
      });
    };

    for (const field of Object.keys(prices)) {
      if (field === 'overrides') continue;
      price(prices, field, 'base', '');
    }
    const overrides = prices.overrides;
    if (overrides === undefined) continue;
    if (!Array.isArray(overrides)) {
      reject('overrides', 'malformed_record', 'pricing.overrides is not a list', { overrides });
      continue;
    }
    overrides.forEach((o: unknown, k) => {
      const path = `overrides[${k}].`;
      if (!isObject(o)) {
        reject(`overrides[${k}]`, 'malformed_record', `pricing.overrides[${k}] is not an object`, o);
        return;
      }
      const fields = Object.keys(o).filter((f) => !OVERRIDE_CONDITIONS.has(f));
      // time-of-day prices (DeepSeek's peak hours: utc_start/utc_end as HHMM) have no dimension to land in
      if ('utc_start' in o || 'utc_end' in o || 'utc_days' in o) {
        fields.forEach(() => countSkip(out.skipped, 'time_of_day_price'));
        return;
      }
      if (!('min_prompt_tokens' in o)) {
        reject(
          `overrides[${k}]`,
          'unknown_condition',
          `pricing.overrides[${k}] has no condition OpenRouter is known to use`,
          o,
        );
        return;
      }
      // prompts of more than min_prompt_tokens are priced at the override for the whole request (1k = 1000, "200K")
      const n = o.min_prompt_tokens;
      if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0 || n % 1000 !== 0) {
        reject(
          `overrides[${k}].min_prompt_tokens`,
          'unknown_tier_threshold',
          `pricing.overrides[${k}].min_prompt_tokens = ${JSON.stringify(n)} is not a whole number of thousands`,
          o,
        );
        return;
      }
      for (const field of fields) price(o, field, `above_${n / 1000}k`, path);
    });
  }
  if (out.rows.length === 0)
    throw new PermanentError('openrouter models document has no token prices: layout changed?');
  return out;
}
