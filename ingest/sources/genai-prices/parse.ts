import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel, canonicalProvider, regionOf } from '../../../transform/canonical-ids.ts';
import { decimalFromNumber } from '../../../transform/decimal.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';

// pydantic/genai-prices prices/data.json (see data.schema.json): [{ id, models: [{ id, prices }] }], USD per 1M tokens.
// prices is one ModelPrice or a list of { constraint?: { start_date } | { start_time, end_time }, prices } periods;
// a field is a number or { base, tiers: [{ start, price }] } where a prompt past `start` input tokens pays `price` for all its tokens.
const FIELDS: Record<string, TokenClass> = {
  input_mtok: 'input',
  output_mtok: 'output',
  cache_read_mtok: 'cache_read',
  cache_write_mtok: 'cache_write',
  input_text_mtok: 'input',
  output_text_mtok: 'output',
  cache_text_read_mtok: 'cache_read',
  cache_text_write_mtok: 'cache_write',
  input_audio_mtok: 'audio_input',
  output_audio_mtok: 'audio_output',
  cache_audio_read_mtok: 'audio_cache_read',
  cache_audio_write_mtok: 'audio_cache_write',
  input_image_mtok: 'image_input',
  output_image_mtok: 'image_output',
  cache_image_read_mtok: 'image_cache_read',
};
const NO_CLASS = new Set([
  'cache_image_write_mtok',
  'input_video_mtok',
  'output_video_mtok',
  'cache_video_read_mtok',
  'cache_video_write_mtok',
]);
const NON_TOKEN: Record<string, string> = { requests_kcount: 'request' };

type Obj = Record<string, unknown>;
interface Period {
  effective_from: string | null;
  effective_to: string | null;
}
interface Ctx {
  out: SheetParse;
  provider: string;
  id: string;
  seen: Map<string, string>;
}

export function parseGenaiPrices(payload: string): SheetParse {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch (err) {
    throw new PermanentError(`genai-prices data.json is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (
    !Array.isArray(doc) ||
    doc.length === 0 ||
    !doc.every((p: Obj | null) => typeof p?.id === 'string' && Array.isArray(p.models))
  ) {
    throw new PermanentError('genai-prices data.json is not an array of providers with id and models: layout changed?');
  }
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  for (const p of doc as { id: string; models: Obj[] }[]) {
    for (const m of p.models) {
      const id = typeof m?.id === 'string' ? m.id : null;
      const prices = m?.prices;
      if (!id || prices === null || typeof prices !== 'object') {
        out.rejects.push({
          record_ref: `${p.id}/${id ?? '?'}`,
          source_model_id: String(id ?? '?'),
          reason: 'malformed_record',
          detail: 'model without id or prices',
          record: m,
        });
        continue;
      }
      // several providers list the same model id and the series key has no provider: prefix it, as LiteLLM ids are
      const ctx: Ctx = { out, provider: p.id, id: `${p.id}/${id}`, seen: new Map() };
      const periods = Array.isArray(prices) ? (prices as Obj[]) : [{ prices }];
      // off-peak windows (deepseek) are prices by time of day, not a history: no tier of ours holds them
      if (periods.some((c) => (c.constraint as Obj | undefined)?.start_time !== undefined)) {
        const n = periods.reduce((sum, c) => sum + Object.keys((c.prices ?? {}) as Obj).length, 0);
        out.skipped.time_of_day_price = (out.skipped.time_of_day_price ?? 0) + n;
        continue;
      }
      // a later start_date replaces the period before it whole, tiers included: each period ends where the next begins
      const starts = periods.map((c) => {
        const constraint = c.constraint as Obj | undefined;
        return constraint === undefined || constraint === null ? null : effectiveFrom(constraint.start_date);
      });
      periods.forEach((c, j) =>
        readPeriod(ctx, c, Array.isArray(prices) ? `prices[${j}]` : 'prices', endOf(starts[j], starts)),
      );
    }
  }
  if (out.rows.length === 0) throw new PermanentError('genai-prices data.json has no token prices: layout changed?');
  return out;
}

/** The earliest valid start after `from` (null = since always): when the period starting at `from` ends; null = open. */
function endOf(from: string | null | undefined, starts: (string | null | undefined)[]): string | null {
  if (from === undefined) return null;
  const later = starts.filter((s): s is string => typeof s === 'string' && (from === null || s > from)).sort();
  return later[0] ?? null;
}

function readPeriod(ctx: Ctx, c: Obj, path: string, effective_to: string | null): void {
  const reject = (reason: string, detail: string, ref = path): void => {
    ctx.out.rejects.push({
      record_ref: `${ctx.provider}/${ctx.id}#${ref}`,
      source_model_id: ctx.id,
      reason,
      detail,
      record: c,
    });
  };
  const constraint = c.constraint as Obj | undefined;
  const start = constraint?.start_date;
  const from = constraint === undefined || constraint === null ? null : effectiveFrom(start);
  if (from === undefined)
    return reject('bad_effective_date', `constraint ${JSON.stringify(constraint)} has no valid start_date`);
  const period: Period = { effective_from: from, effective_to };
  const prices = c.prices;
  if (prices === null || typeof prices !== 'object') return reject('malformed_record', 'period without prices');
  for (const [field, value] of Object.entries(prices as Obj)) {
    const ref = `${path}.${field}`;
    if (field in NON_TOKEN) {
      countSkip(ctx.out.skipped, `non_token_unit:${NON_TOKEN[field]}`);
      continue;
    }
    if (NO_CLASS.has(field)) {
      countSkip(ctx.out.skipped, `no_token_class:${field}`);
      continue;
    }
    const token_class = FIELDS[field];
    if (!token_class) {
      reject('unknown_unit', `${field} has no known unit`, ref);
      continue;
    }
    if (typeof value === 'number') {
      emit(ctx, ref, token_class, 'base', value, period, reject);
      continue;
    }
    const tiered = value as { base?: unknown; tiers?: unknown } | null;
    if (typeof tiered?.base !== 'number' || !Array.isArray(tiered.tiers)) {
      reject('unparseable_price', `${field} = ${JSON.stringify(value)}`, ref);
      continue;
    }
    emit(ctx, `${ref}.base`, token_class, 'base', tiered.base, period, reject);
    (tiered.tiers as Obj[]).forEach((t, k) => {
      // thresholds are token counts; 200000 -> above_200k (1k = 1000, as the vendors' "200K")
      const s = t?.start;
      if (typeof s !== 'number' || !Number.isInteger(s) || s <= 0 || s % 1000 !== 0) {
        reject(
          'unknown_tier_threshold',
          `tier start ${JSON.stringify(s)} is not a whole number of thousands`,
          `${ref}.tiers[${k}]`,
        );
        return;
      }
      emit(ctx, `${ref}.tiers[${k}]`, token_class, `above_${s / 1000}k`, t.price, period, reject);
    });
  }
}

function emit(
  ctx: Ctx,
  ref: string,
  token_class: TokenClass,
  context_tier: string,
  value: unknown,
  period: Period,
  reject: (r: string, d: string, ref?: string) => void,
): void {
  const { effective_from, effective_to } = period;
  const dec = typeof value === 'number' ? decimalFromNumber(value) : null;
  if (!dec) return reject('unparseable_price', `${ref} = ${JSON.stringify(value)} is not a number`, ref);
  const raw_value = String(value);
  const key = `${token_class}|${context_tier}|${effective_from}`;
  const prior = ctx.seen.get(key);
  if (prior !== undefined) {
    if (prior === raw_value) countSkip(ctx.out.skipped, 'duplicate_entry');
    else reject('conflicting_duplicate', `${ref} = ${raw_value} vs ${prior} for the same period`, ref);
    return;
  }
  ctx.seen.set(key, raw_value);
  ctx.out.rows.push({
    source_model_id: ctx.id,
    source_provider: ctx.provider,
    source_field: ref,
    token_class,
    service_tier: 'standard',
    region: regionOf(ctx.id),
    context_tier,
    raw_value,
    raw_unit: 'per_1m_tokens',
    currency: 'USD',
    effective_from,
    effective_to,
    provider: canonicalProvider(ctx.provider),
    model: canonicalModel(ctx.id),
  });
}

/** 'YYYY-MM-DD' -> midnight UTC; undefined = invalid. */
function effectiveFrom(d: unknown): string | undefined {
  if (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  const t = new Date(`${d}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d ? undefined : t.toISOString();
}
