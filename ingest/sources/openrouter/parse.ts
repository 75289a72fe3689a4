import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { parseDecimal } from '../../../transform/decimal.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';

// OpenRouter GET /api/v1/models: { data: [{ id: 'openai/gpt-4o', pricing: { prompt: '0.0000025', ... } }] }, USD per token as strings
const TOKEN_FIELDS: Record<string, TokenClass> = {
  prompt: 'input',
  completion: 'output',
  input_cache_read: 'cache_read',
  input_cache_write: 'cache_write',
  internal_reasoning: 'reasoning',
  audio: 'audio_input',
};
const NON_TOKEN_FIELDS: Record<string, string> = {
  image: 'image',
  request: 'request',
  web_search: 'query',
  discount: 'discount',
};

export function parseOpenrouterModels(payload: string): SheetParse {
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
    const creator = id.includes('/') ? id.split('/')[0]! : 'unknown';
    for (const [field, value] of Object.entries(pricing as Record<string, unknown>)) {
      const ref = `${id}#${field}`;
      if (field in NON_TOKEN_FIELDS) {
        countSkip(out.skipped, `non_token_unit:${NON_TOKEN_FIELDS[field]}`);
        continue;
      }
      const token_class = TOKEN_FIELDS[field];
      if (!token_class) {
        out.rejects.push({
          record_ref: ref,
          source_model_id: id,
          reason: 'unknown_unit',
          detail: `pricing.${field} has no known unit`,
          record: { [field]: value },
        });
        continue;
      }
      const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
      if (!parseDecimal(text)) {
        out.rejects.push({
          record_ref: ref,
          source_model_id: id,
          reason: 'unparseable_price',
          detail: `pricing.${field} = ${JSON.stringify(value)} is not a number`,
          record: { [field]: value },
        });
        continue;
      }
      out.rows.push({
        source_model_id: id,
        source_provider: creator,
        source_field: `pricing.${field}`,
        token_class,
        service_tier: 'standard',
        region: 'global',
        context_tier: 'base',
        raw_value: text,
        raw_unit: 'per_token',
        currency: 'USD',
        effective_from: null,
        provider: 'openrouter',
        model: canonicalModel(id),
      });
    }
  }
  if (out.rows.length === 0)
    throw new PermanentError('openrouter models document has no token prices: layout changed?');
  return out;
}
