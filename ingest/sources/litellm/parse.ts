import { PermanentError } from '../../../schemas/errors.ts';
import { canonicalModel, canonicalProvider, regionOf } from '../../../transform/canonical-ids.ts';
import { decimalFromNumber, parseDecimal } from '../../../transform/decimal.ts';
import { countSkip, nonTokenPrice, type PricePoint } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';
import { isPriceField, litellmFieldMeaning, litellmNonTokenMode } from './fields.ts';
import { providerLabel } from './provider-label.ts';

// LiteLLM's model_prices_and_context_window.json: { "<model id>": { litellm_provider, <field>_cost_per_token: number, ... } }
export function parseLitellm(payload: string): SheetParse {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch (err) {
    throw new PermanentError(`litellm sheet is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PermanentError('litellm sheet is not a JSON object of model entries');
  }
  const out: SheetParse = { rows: [], rejects: [], skipped: {}, entryKinds: {} };
  for (const [id, entry] of Object.entries(doc)) {
    if (id === 'sample_spec') {
      countSkip(out.skipped, 'documentation_entry');
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      countSkip(out.skipped, 'not_a_model_entry');
      continue;
    }
    parseEntry(id, entry as Record<string, unknown>, out);
  }
  if (out.rows.length === 0) throw new PermanentError('litellm sheet has no token prices: layout changed?');
  return out;
}

function parseEntry(id: string, entry: Record<string, unknown>, out: SheetParse): void {
  if (typeof entry.mode === 'string') out.entryKinds![id] = entry.mode;
  const provider = providerLabel(id, entry);
  if (!provider) {
    out.rejects.push({
      record_ref: id,
      source_model_id: id,
      reason: 'unknown_provider',
      detail: `entry ${id} has no litellm_provider and its id names none`,
      record: entry,
    });
    return;
  }
  const nonTokenMode = litellmNonTokenMode(entry);
  for (const { field, name, value, contextTier } of priceFields(entry)) {
    const ref = `${id}#${field}`;
    const meaning = litellmFieldMeaning(name);
    if (meaning.kind === 'non_token') {
      const skip = `non_token_unit:${meaning.unit}`;
      nonTokenPrice(out, { record_ref: ref, source_model_id: id, field, value, unit: meaning.unit, skip });
      continue;
    }
    if (meaning.kind === 'unknown') {
      out.rejects.push({
        record_ref: ref,
        source_model_id: id,
        reason: 'unknown_unit',
        detail: `field ${field} has no known unit`,
        record: { [field]: value },
      });
      continue;
    }
    if (nonTokenMode) {
      // a token field of an entry priced per image (or second, query): counted as such, like per-image fields
      const unit = `${nonTokenMode} (its mode)`;
      nonTokenPrice(out, {
        record_ref: ref,
        source_model_id: id,
        field,
        value,
        unit,
        skip: `not_token_priced:${nonTokenMode}`,
      });
      continue;
    }
    if (value === null || value === undefined) {
      countSkip(out.skipped, 'null_price');
      continue;
    }
    const dec =
      typeof value === 'number' ? decimalFromNumber(value) : typeof value === 'string' ? parseDecimal(value) : null;
    if (!dec) {
      out.rejects.push({
        record_ref: ref,
        source_model_id: id,
        reason: 'unparseable_price',
        detail: `${field} = ${JSON.stringify(value)} is not a number`,
        record: { [field]: value },
      });
      continue;
    }
    const point: PricePoint = {
      source_model_id: id,
      source_provider: provider.stated ? provider.label : '', // verbatim: '' where the sheet names none
      source_field: field,
      token_class: meaning.token_class,
      service_tier: meaning.service_tier,
      region: regionOf(id),
      context_tier: contextTier ?? meaning.context_tier,
      raw_value: typeof value === 'string' ? value.trim() : String(value),
      raw_unit: meaning.unit,
      currency: 'USD',
      effective_from: null,
      provider: canonicalProvider(provider.label),
      model: canonicalModel(id),
    };
    out.rows.push(point);
  }
}

interface PriceField {
  field: string; // where in the entry, as source_field: 'input_cost_per_token', 'tiered_pricing[1].input_cost_per_token'
  name: string; // the cost field's own name, which says what it prices
  value: unknown;
  contextTier?: string; // set by a tiered_pricing range
}

// an entry's cost fields, and those of its tiered_pricing list (dashscope's qwen: one price set per prompt-size range)
function priceFields(entry: Record<string, unknown>): PriceField[] {
  const out: PriceField[] = Object.entries(entry)
    .filter(([name]) => isPriceField(name))
    .map(([name, value]) => ({ field: name, name, value }));
  const tiers = Array.isArray(entry.tiered_pricing) ? (entry.tiered_pricing as unknown[]) : [];
  tiers.forEach((tier, i) => {
    if (tier === null || typeof tier !== 'object') return;
    const range = (tier as { range?: unknown }).range;
    const from = Array.isArray(range) && typeof range[0] === 'number' ? range[0] : null;
    // a range starting at 0 is the base price; one starting at 256000 tokens applies above 256k
    const contextTier = from === 0 ? 'base' : from !== null && from % 1000 === 0 ? `above_${from / 1000}k` : null;
    for (const [name, value] of Object.entries(tier as Record<string, unknown>)) {
      if (!isPriceField(name)) continue;
      const field = `tiered_pricing[${i}].${name}`;
      out.push(contextTier ? { field, name, value, contextTier } : { field, name: field, value });
    }
  });
  return out;
}
