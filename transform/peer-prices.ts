import type { SeriesState, SourceState } from './change-detector.ts';
import { parseDecimal, toNumber } from './decimal.ts';
import { classifyPrices, FIRST_PARTY_SOURCES } from './price-agreement.ts';

/** Another source's price for the same dimension of the same registry model, one per source and price. */
export interface PeerPrice {
  source: string;
  usd_per_mtok: string;
  since: string | null; // the first observation at this price; null from a state kept before since was
  observed_at: string; // the latest one (for a dated period, when it took effect)
  confirmed_at: string; // the latest document that showed it
  first_party: boolean; // the source is the provider's own price list
}

/** The other sources' prices for a series' dimension as they stood at a time; none for a model the registry does not know. */
export type PeerLookup = (series: SeriesState, at: string) => PeerPrice[];

/** A peer price last confirmed this long before the time judged no longer says what the peer showed then. */
export const PEER_FRESH_MS = 45 * 86_400_000;

/** The dimension as the price_agreement view has it: registry model, provider, token class, tier, region, context. */
export const priceDimension = (s: {
  model_id?: string;
  provider: string;
  token_class: string;
  service_tier: string;
  region: string;
  context_tier: string;
}): string => [s.model_id, s.provider, s.token_class, s.service_tier, s.region, s.context_tier].join('|');

/** The source is the provider's own price list (anthropic-pricing for anthropic). */
export const isFirstParty = (source: string, provider: string): boolean => FIRST_PARTY_SOURCES[source] === provider;

/** The judges of a price: the provider's own list if another source is, else every other source. */
export function judgesOf(peers: PeerPrice[]): PeerPrice[] {
  const own = peers.filter((p) => p.first_party);
  return own.length ? own : peers;
}

/** The judges that show a price, one per source (a source with ':beta' and ':free' series votes once). */
export const showing = (judges: PeerPrice[], usd: string): PeerPrice[] => {
  const seen = new Set<string>();
  return judges.filter((p) => samePrice(p.usd_per_mtok, usd) && !seen.has(p.source) && seen.add(p.source));
};

/** A peer price as evidence reads it: "openai-pricing-page 30 since 2023-12-14" (or "by" when its start is unknown). */
export const showPeer = (p: PeerPrice): string =>
  p.since
    ? `${p.source} ${p.usd_per_mtok} since ${p.since.slice(0, 10)}`
    : `${p.source} ${p.usd_per_mtok} by ${p.observed_at.slice(0, 10)}`;

/** Peers in one order (source, then price), so that evidence reads the same whatever order the states were read in. */
export const ordered = (peers: PeerPrice[]): PeerPrice[] =>
  [...peers].sort((a, b) => a.source.localeCompare(b.source) || a.usd_per_mtok.localeCompare(b.usd_per_mtok));

/** The peer is known to have shown its price at t (shown by then, confirmed within PEER_FRESH_MS of it). */
export const shownAt = (p: PeerPrice, t: number): boolean =>
  Date.parse(p.since ?? p.observed_at) <= t && Date.parse(p.confirmed_at) >= t - PEER_FRESH_MS;

/** A step factor as evidence reads it, to one decimal: 10, 2.5. */
export const factorText = (f: number): string => String(Math.round(f * 10) / 10);

/** Distinct sources among peer prices. */
export const sourceCount = (peers: PeerPrice[]): number => new Set(peers.map((p) => p.source)).size;

/**
 * Indexes the latest state of every other source by dimension. A peer counts at a time only if it is known to have
 * shown its price then: first shown on or before it (or, from a state kept before since was, observed by then),
 * confirmed by a document within PEER_FRESH_MS of it.
 */
export function peerIndex(others: Readonly<Record<string, SourceState>>): PeerLookup {
  const byDimension = new Map<string, PeerPrice[]>();
  for (const [source, state] of Object.entries(others)) {
    for (const s of Object.values(state)) {
      if (s.removed || !s.model_id) continue;
      const key = priceDimension(s);
      const list = byDimension.get(key) ?? [];
      const seen: PeerPrice = {
        source,
        usd_per_mtok: s.usd_per_mtok,
        since: s.since ?? null,
        observed_at: s.observed_at,
        confirmed_at: s.confirmed_at ?? s.observed_at,
        first_party: isFirstParty(source, s.provider),
      };
      const twin = list.find((p) => p.source === source && p.usd_per_mtok === s.usd_per_mtok);
      if (!twin) list.push(seen);
      else mergeInto(twin, seen);
      byDimension.set(key, list);
    }
  }
  return (series, at) => {
    if (!series.model_id) return [];
    const t = Date.parse(at);
    return ordered((byDimension.get(priceDimension(series)) ?? []).filter((p) => shownAt(p, t)));
  };
}

/** Two series of one source at one price are one peer: the earliest known start, the latest sight. */
export function mergeInto(twin: PeerPrice, p: PeerPrice): void {
  if (p.since && (!twin.since || p.since < twin.since)) twin.since = p.since;
  if (p.observed_at > twin.observed_at) twin.observed_at = p.observed_at;
  if (p.confirmed_at > twin.confirmed_at) twin.confirmed_at = p.confirmed_at;
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
