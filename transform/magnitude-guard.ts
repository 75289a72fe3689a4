import type { TokenClass } from '../schemas/price-dimensions.ts';
import { compare, isZero, parseDecimal, type Decimal } from './decimal.ts';

// plausible USD per 1M tokens. The dearest real list price seen is o1-pro output at $600; a unit
// slip (per-1M entered as per-token) lands at 1e6x, e.g. LiteLLM's 2026 wandb rows at $540,000.
const DEFAULT_BAND = { min: '0.00001', max: '1000' };
const BANDS: Partial<Record<TokenClass, { min: string; max: string }>> = {};

// the guard's verdicts: a price the guard refuses says its entry's unit is wrong, not the one field alone
export const GUARD_REASONS = ['negative_price', 'price_out_of_band'] as const;

export type GuardVerdict = { ok: true } | { ok: false; reason: (typeof GUARD_REASONS)[number]; detail: string };

export function checkMagnitude(tokenClass: TokenClass, usdPerMtok: Decimal, text: string): GuardVerdict {
  if (usdPerMtok.coef < 0n) return { ok: false, reason: 'negative_price', detail: `price ${text} USD/1M is negative` };
  if (isZero(usdPerMtok)) return { ok: true }; // published free tiers are real prices
  const band = BANDS[tokenClass] ?? DEFAULT_BAND;
  if (compare(usdPerMtok, parseDecimal(band.max)!) > 0 || compare(usdPerMtok, parseDecimal(band.min)!) < 0) {
    return {
      ok: false,
      reason: 'price_out_of_band',
      detail: `${text} USD/1M for ${tokenClass} is outside the plausible band [${band.min}, ${band.max}]`,
    };
  }
  return { ok: true };
}
