import type { ServiceTier, TokenClass, TokenUnit } from '../schemas/price-dimensions.ts';

/** One priced dimension as a sheet publishes it, before units and ids are normalized. */
export interface PricePoint {
  source_model_id: string;
  source_provider: string;
  source_field: string;
  token_class: TokenClass;
  service_tier: ServiceTier;
  region: string;
  context_tier: string;
  raw_value: string;
  raw_unit: TokenUnit;
  currency: string;
  effective_from: string | null;
  // when a later period of the source replaces this price (exclusive); null or absent = no end declared
  effective_to?: string | null;
  // canonical ids, filled by the sheet parser that knows its id scheme
  provider: string;
  model: string;
}

/** A record the parser could not use; it goes to the dead-letter topic with the reason. */
export interface RecordReject {
  record_ref: string;
  source_model_id: string;
  reason: string;
  detail: string;
  record: unknown;
}

export function countSkip(skipped: Record<string, number>, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** A price the source publishes in another unit (per image, second, query): dead-lettered with its unit, never a token price. */
export function nonTokenPrice(
  out: { rejects: RecordReject[]; skipped: Record<string, number> },
  p: { record_ref: string; source_model_id: string; field: string; value: unknown; unit: string; skip: string },
): void {
  countSkip(out.skipped, p.skip);
  out.rejects.push({
    record_ref: p.record_ref,
    source_model_id: p.source_model_id,
    reason: NON_TOKEN_UNIT,
    detail: `${p.field} = ${JSON.stringify(p.value)} is priced per ${p.unit}, not per token`,
    record: { [p.field]: p.value },
  });
}

/** The reason of a price in another unit: out of scope, not bad data, so it holds nothing of its entry. */
export const NON_TOKEN_UNIT = 'non_token_unit';
