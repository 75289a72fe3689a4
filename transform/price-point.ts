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
