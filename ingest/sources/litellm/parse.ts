import { PermanentError } from '../../../schemas/errors.ts';
import { canonicalModel, canonicalProvider, regionOf } from '../../../transform/canonical-ids.ts';
import { decimalFromNumber, parseDecimal } from '../../../transform/decimal.ts';
import { countSkip, type PricePoint } from '../../../transform/price-point.ts';
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
  for (const [field, value] of Object.entries(entry)) {
    if (!isPriceField(field)) continue;
    const ref = `${id}#${field}`;
    const meaning = litellmFieldMeaning(field);
    if (meaning.kind === 'non_token') {
      countSkip(out.skipped, `non_token_unit:${meaning.unit}`);
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
      countSkip(out.skipped, `not_token_priced:${nonTokenMode}`);
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
      context_tier: meaning.context_tier,
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
