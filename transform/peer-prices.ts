import type { SeriesState, SourceState } from './change-detector.ts';
import { parseDecimal, toNumber } from './decimal.ts';
import { classifyPrices, FIRST_PARTY_SOURCES } from './metrics/agreement.ts';

/** Another source's current price for the same dimension of the same registry model. */
export interface PeerPrice {
  source: string;
  usd_per_mtok: string;
  since: string; // the first observation at this price
  first_party: boolean; // the source is the provider's own price list
}

/** The other sources' current prices for a series' dimension; none for a series whose model the registry does not know. */
export type PeerLookup = (series: SeriesState) => PeerPrice[];

// the dimension as the price_agreement view has it: registry model, provider, token class, tier, region, context
const dimension = (s: SeriesState): string =>
  [s.model_id, s.provider, s.token_class, s.service_tier, s.region, s.context_tier].join('|');

/** The source is the provider's own price list (anthropic-pricing for anthropic). */
export const isFirstParty = (source: string, provider: string): boolean => FIRST_PARTY_SOURCES[source] === provider;

/** The judges of a price: the provider's own list if another source is, else every other source. */
export function judgesOf(peers: PeerPrice[]): PeerPrice[] {
  const own = peers.filter((p) => p.first_party);
  return own.length ? own : peers;
}

/** Indexes the latest state of every other source by dimension. */
export function peerIndex(others: Readonly<Record<string, SourceState>>): PeerLookup {
  const byDimension = new Map<string, PeerPrice[]>();
  for (const [source, state] of Object.entries(others)) {
    for (const s of Object.values(state)) {
      if (s.removed || !s.model_id) continue;
      const key = dimension(s);
      const list = byDimension.get(key) ?? [];
      list.push({
        source,
        usd_per_mtok: s.usd_per_mtok,
        since: s.since ?? s.observed_at,
        first_party: isFirstParty(source, s.provider),
      });
      byDimension.set(key, list);
    }
  }
  return (series) => (series.model_id ? (byDimension.get(dimension(series)) ?? []) : []);
}

/** Two USD prices equal within the agreement tolerance (zero only equals zero). */
export function samePrice(a: string, b: string): boolean {
  const x = toNumber(parseDecimal(a)!);
  const y = toNumber(parseDecimal(b)!);
  if (x === y) return true;
  return x > 0 && y > 0 && classifyPrices(x, y).agreement !== 'disagree';
}

/** larger / smaller of two prices; Infinity when one is zero and the other not. */
export function stepFactor(a: string, b: string): number {
  const x = toNumber(parseDecimal(a)!);
  const y = toNumber(parseDecimal(b)!);
  if (x === y) return 1;
  return Math.min(x, y) > 0 ? Math.max(x, y) / Math.min(x, y) : Infinity;
}
