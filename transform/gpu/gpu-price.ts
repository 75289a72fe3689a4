import type { ParseContext, Parsed, Reject } from '../transformer.ts';
import { deterministicId } from '../../schemas/ids.ts';
import type { GpuPriceObservation } from '../../schemas/events/gpu-price-observation.ts';
import { compare, normalize, parseDecimal, toText, type Decimal } from '../decimal.ts';

export type GpuParseContext = ParseContext;

/** A record the parser could not use; it goes to the dead-letter topic with the reason. */
export type GpuRecordReject = Reject;

export type GpuSheetParse = Parsed<GpuPriceObservation>;

export const USD_PER_GPU_HOUR_SCALE = 12;
// a GPU-hour at or below 0, or above this, is a scraper or unit error, not a price
const MAX_USD_PER_GPU_HOUR = parseDecimal('200')!;
const ZERO = parseDecimal('0')!;

/** Exact d / n, rounded half to even at `scale` decimals (decimal.ts has no division). */
export function divideByInt(d: Decimal, n: number, scale = USD_PER_GPU_HOUR_SCALE): Decimal {
  if (!Number.isSafeInteger(n) || n <= 0) throw new RangeError(`divisor must be a positive integer, got ${n}`);
  // d / n = coef / (10^d.scale * n); shift by 10^scale and divide once, so the remainder decides the rounding
  const num = d.coef * 10n ** BigInt(scale);
  const den = 10n ** BigInt(d.scale) * BigInt(n);
  let q = num / den;
  const r = num % den;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > den || (twice === den && q % 2n !== 0n)) q += num < 0n ? -1n : 1n;
  return normalize({ coef: q, scale });
}

export function inPriceBand(usdPerGpuHour: Decimal): boolean {
  return compare(usdPerGpuHour, ZERO) > 0 && compare(usdPerGpuHour, MAX_USD_PER_GPU_HOUR) <= 0;
}

// marketplace ids that name a provider other sources spell differently
const PROVIDER_ALIASES: Record<string, string> = {
  lambdalabs: 'lambda',
  lambda_labs: 'lambda',
  crusoecloud: 'crusoe',
  'core weave': 'coreweave',
};

export function canonicalGpuProvider(label: string): string {
  const id = label.trim().toLowerCase();
  return PROVIDER_ALIASES[id] ?? id;
}

/** Timestamps with offsets or microseconds ('2025-10-19T21:01:58.727366+00:00') as ISO UTC milliseconds; null when unparseable. */
export function isoUtc(text: unknown): string | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

export type ObservationFields = Omit<
  GpuPriceObservation,
  | 'event_id'
  | 'series_key'
  | 'usd_per_gpu_hour'
  | 'currency'
  | 'observed_at'
  | 'source'
  | 'source_url'
  | 'document_hash'
>;

/** Fills ids, provenance and the exact per-GPU price; the caller has checked the band. */
// seriesInstance: the instance name plus whatever tells apart rows that share it (Lambda lists 'NVIDIA H100 SXM' at 4 sizes)
export function buildObservation(
  f: ObservationFields,
  usd: Decimal,
  ctx: GpuParseContext,
  opts: { observed_at?: string; seriesInstance?: string } = {},
): GpuPriceObservation {
  const observed_at = opts.observed_at ?? ctx.observed_at;
  const commitment = f.term ? `${f.commitment}_${f.term}` : f.commitment;
  const series_key = [
    ctx.source,
    f.provider,
    f.gpu_model,
    commitment,
    f.region,
    opts.seriesInstance ?? f.instance,
    f.statistic,
  ].join('|');
  const usd_per_gpu_hour = toText(usd);
  return {
    event_id: deterministicId(series_key, observed_at, usd_per_gpu_hour),
    series_key,
    ...f,
    usd_per_gpu_hour,
    currency: 'USD',
    observed_at,
    source: ctx.source,
    source_url: ctx.url,
    document_hash: ctx.content_hash ?? '',
  };
}
