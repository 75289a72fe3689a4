import type { PriceChange } from '../schemas/events/price-change.ts';
import { judgeByPeers, PEER_JUDGED } from './change-class.ts';
import type { SeriesState } from './change-detector.ts';
import { isFirstParty, PEER_FRESH_MS, priceDimension, type PeerLookup, type PeerPrice } from './peer-prices.ts';

/** One stored observation of a registry-resolved series, as `rebar reclassify` reads it. */
export interface HistoryRow {
  source: string;
  series_key: string;
  model_id: string;
  provider: string;
  token_class: string;
  service_tier: string;
  region: string;
  context_tier: string;
  usd_per_mtok: string;
  observed_at: string; // ISO 8601
}

// per series, its observations in time order, each with the start of its run of one price
interface Series {
  source: string;
  at: number[];
  since: number[];
  usd: string[];
}

/** A price step with the registry model its new observation resolved to. */
export type ResolvedChange = PriceChange & { model_id: string };

/** What every source showed, and when: the peers of a step as of its time, whatever order the sources were fetched in. */
export interface PriceHistory {
  peersFor(source: string): PeerLookup;
  sinceAt(seriesKey: string, at: string): string | undefined;
}

const iso = (t: number): string => new Date(t).toISOString();

// the last index whose time is at or before t, -1 if none
function lastAtOrBefore(at: number[], t: number): number {
  let lo = 0;
  let hi = at.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! <= t) [found, lo] = [mid, mid + 1];
    else hi = mid - 1;
  }
  return found;
}

/**
 * The history of every source: a peer counts at a time as the live index counts it (its price then, first shown on or
 * before it, confirmed within PEER_FRESH_MS), and not once a later complete document of its source left it out.
 */
export function priceHistory(
  rows: HistoryRow[],
  completeDocs: { source: string; observed_at: string }[],
): PriceHistory {
  const series = new Map<string, Series>();
  const byDimension = new Map<string, Series[]>();
  const firstParty = new Map<Series, boolean>();
  for (const r of [...rows].sort((a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at))) {
    let s = series.get(r.series_key);
    if (!s) {
      s = { source: r.source, at: [], since: [], usd: [] };
      series.set(r.series_key, s);
      const key = priceDimension(r);
      byDimension.set(key, [...(byDimension.get(key) ?? []), s]);
      firstParty.set(s, isFirstParty(r.source, r.provider));
    }
    const t = Date.parse(r.observed_at);
    const n = s.at.length;
    s.since.push(n && s.usd[n - 1] === r.usd_per_mtok ? s.since[n - 1]! : t);
    s.at.push(t);
    s.usd.push(r.usd_per_mtok);
  }
  const docs = new Map<string, number[]>();
  for (const d of completeDocs) docs.set(d.source, [...(docs.get(d.source) ?? []), Date.parse(d.observed_at)]);
  for (const list of docs.values()) list.sort((a, b) => a - b);
  // a complete document of its source after its last observation and by t: the series was gone at t
  const goneBy = (s: Series, last: number, t: number): boolean => {
    const list = docs.get(s.source) ?? [];
    const i = lastAtOrBefore(list, t);
    return i >= 0 && list[i]! > last;
  };

  return {
    peersFor: (source) => (judged: SeriesState, at: string) => {
      const t = Date.parse(at);
      const out: PeerPrice[] = [];
      for (const s of byDimension.get(priceDimension(judged)) ?? []) {
        if (s.source === source) continue;
        const i = lastAtOrBefore(s.at, t);
        if (i < 0 || s.at[i]! < t - PEER_FRESH_MS || goneBy(s, s.at[i]!, t)) continue;
        if (out.some((p) => p.source === s.source && p.usd_per_mtok === s.usd[i])) continue;
        out.push({
          source: s.source,
          usd_per_mtok: s.usd[i]!,
          since: iso(s.since[i]!),
          observed_at: iso(s.at[i]!),
          first_party: firstParty.get(s)!,
        });
      }
      return out;
    },
    sinceAt: (seriesKey, at) => {
      const s = series.get(seriesKey);
      const i = s ? lastAtOrBefore(s.at, Date.parse(at)) : -1;
      return i >= 0 ? iso(s!.since[i]!) : undefined;
    },
  };
}

/**
 * The steps the other sources judged, judged again with every source's history as of each step: those whose class or
 * evidence comes out different, with the new one. A step a rule of its own source's entries explained stays as it is.
 */
export function rejudgeChanges(changes: ResolvedChange[], history: PriceHistory): PriceChange[] {
  const out: PriceChange[] = [];
  for (const { model_id, ...c } of changes) {
    if ((c.kind !== 'increase' && c.kind !== 'decrease') || !PEER_JUDGED.test(c.class_evidence)) continue;
    const judged = { ...c, model_id, usd_per_mtok: c.new_usd_per_mtok!, event_id: c.event_id, removed: false };
    const peers = history.peersFor(c.source)(judged, c.observed_at);
    const oldSince = c.previous_observed_at ? history.sinceAt(c.series_key, c.previous_observed_at) : undefined;
    const v = judgeByPeers(c, oldSince, peers);
    if (v.class !== c.class || v.evidence !== c.class_evidence)
      out.push({ ...c, class: v.class, class_evidence: v.evidence });
  }
  return out;
}
