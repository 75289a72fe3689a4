import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel, canonicalProvider } from '../../../transform/canonical-ids.ts';
import { decimalFromNumber, parseDecimal } from '../../../transform/decimal.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';

// llm-prices.com data/<vendor>.json: { vendor, models: [{ id, name, price_history: [{ input, output, input_cached, from_date, to_date }] }] },
// USD per 1M tokens; each history entry is one period, so one document holds several points per series.
const FIELDS: [string, TokenClass][] = [
  ['input', 'input'],
  ['output', 'output'],
  ['input_cached', 'cache_read'],
];
// long-context prices are separate entries: id '<base>-200k' named '... >200k'
const ABOVE_RE = />\s*(\d+)k\b/i;

export function parseLlmPrices(payload: string): SheetParse {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch (err) {
    throw new PermanentError(`llm-prices vendor file is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const { vendor, models } = (doc ?? {}) as { vendor?: unknown; models?: unknown };
  if (typeof vendor !== 'string' || !Array.isArray(models))
    throw new PermanentError('llm-prices vendor file has no vendor string and models array: layout changed?');
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  const seen = new Map<string, string>();
  for (const m of models as Record<string, unknown>[]) {
    const id = typeof m?.id === 'string' ? m.id : null;
    if (!id || !Array.isArray(m.price_history)) {
      out.rejects.push({
        record_ref: String(id ?? '?'),
        source_model_id: String(id ?? '?'),
        reason: 'malformed_record',
        detail: 'model without id or price_history array',
        record: m,
      });
      continue;
    }
    const above = ABOVE_RE.exec(typeof m.name === 'string' ? m.name : '')?.[1];
    const tiered = above !== undefined && id.endsWith(`-${above}k`);
    const context_tier = tiered ? `above_${above}k` : 'base';
    const model = canonicalModel(tiered ? id.slice(0, -`-${above}k`.length) : id);
    (m.price_history as Record<string, unknown>[]).forEach((entry, i) => {
      const ref = `${id}#price_history[${i}]`;
      const effective_from = effectiveFrom(entry?.from_date);
      if (effective_from === undefined) {
        out.rejects.push({
          record_ref: ref,
          source_model_id: id,
          reason: 'bad_effective_date',
          detail: `from_date ${JSON.stringify(entry?.from_date)} is not YYYY-MM-DD`,
          record: entry,
        });
        return;
      }
      // to_date is where the next period begins (its from_date): the period has ended by then
      const effective_to = effectiveFrom(entry?.to_date);
      if (effective_to === undefined) {
        out.rejects.push({
          record_ref: ref,
          source_model_id: id,
          reason: 'bad_effective_date',
          detail: `to_date ${JSON.stringify(entry?.to_date)} is not YYYY-MM-DD`,
          record: entry,
        });
        return;
      }
      for (const [field, token_class] of FIELDS) {
        const value = entry[field];
        if (value === null || value === undefined) {
          if (field !== 'input_cached') countSkip(out.skipped, 'null_price');
          continue;
        }
        const dec =
          typeof value === 'number' ? decimalFromNumber(value) : typeof value === 'string' ? parseDecimal(value) : null;
        if (!dec) {
          out.rejects.push({
            record_ref: `${ref}.${field}`,
            source_model_id: id,
            reason: 'unparseable_price',
            detail: `${field} = ${JSON.stringify(value)} is not a number`,
            record: entry,
          });
          continue;
        }
        const raw_value = typeof value === 'string' ? value.trim() : String(value);
        // a model listed twice (xai grok-4-fast): same price is one point, a different one is a conflict
        const key = `${id}|${token_class}|${effective_from}`;
        const prior = seen.get(key);
        if (prior !== undefined) {
          if (prior === raw_value) countSkip(out.skipped, 'duplicate_entry');
          else
            out.rejects.push({
              record_ref: `${ref}.${field}`,
              source_model_id: id,
              reason: 'conflicting_duplicate',
              detail: `${field} ${raw_value} vs ${prior} for the same period`,
              record: entry,
            });
          continue;
        }
        seen.set(key, raw_value);
        out.rows.push({
          source_model_id: id,
          source_provider: vendor,
          source_field: `price_history[${i}].${field}`,
          token_class,
          service_tier: 'standard',
          region: 'global',
          context_tier,
          raw_value,
          raw_unit: 'per_1m_tokens',
          currency: 'USD',
          effective_from,
          effective_to,
          provider: canonicalProvider(vendor),
          model,
        });
      }
    });
  }
  if (out.rows.length === 0) throw new PermanentError('llm-prices vendor file has no prices: layout changed?');
  return out;
}

/** 'YYYY-MM-DD' -> midnight UTC; null stays null (price known, start unknown); undefined = invalid. */
function effectiveFrom(d: unknown): string | null | undefined {
  if (d === null || d === undefined) return null;
  if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  const t = new Date(`${d}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d ? undefined : t.toISOString();
}
