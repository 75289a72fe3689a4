import type { PriceChange } from '../schemas/events/price-change.ts';
import { judgeByPeers, PEER_JUDGED } from './change-class.ts';
import type { SeriesState } from './change-detector.ts';
import {
  isFirstParty,
  mergeInto,
  ordered,
  PEER_FRESH_MS,
  priceDimension,
  type PeerLookup,
  type PeerPrice,
} from './peer-prices.ts';

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

// per series (and registry model: a re-mapped series is another peer), its observations in time order, each with the
// start of its run of one price
interface Series {
  source: string;
  first_party: boolean;
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
const byTime = (a: number, b: number): number => a - b;

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

function timesBySource(docs: { source: string; observed_at: string }[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const d of docs) out.set(d.source, [...(out.get(d.source) ?? []), Date.parse(d.observed_at)]);
  for (const list of out.values()) list.sort(byTime);
  return out;
}

/**
 * The history of every source, counted as the live index counts a peer at a time: its price then, first shown on or
 * before it, and either still shown after it or confirmed by a document of its source within PEER_FRESH_MS of it;
 * not once a later complete document of its source left it out (a hold by a dead letter reads as gone here).
 * documents: every document of each source; complete: the complete ones.
 */
export function priceHistory(
  rows: HistoryRow[],
  documents: { source: string; observed_at: string }[],
  complete: { source: string; observed_at: string }[],
): PriceHistory {
  const docs = timesBySource(documents);
  const completes = timesBySource(complete);
  // a complete document of the series' source after time a and at or before b: the series was gone in between
  const goneBetween = (source: string, a: number, b: number): boolean => {
    const list = completes.get(source) ?? [];
    const i = lastAtOrBefore(list, b);
    return i >= 0 && list[i]! > a;
  };
  const series = new Map<string, Series>(); // series_key|model_id
  const own = new Map<string, Series>(); // series_key -> its latest-registered series, for sinceAt
  const byDimension = new Map<string, Series[]>();
  const sorted = [...rows].sort(
    (a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at) || a.series_key.localeCompare(b.series_key),
  );
  for (const r of sorted) {
    const id = `${r.series_key}|${r.model_id}`;
    let s = series.get(id);
    if (!s) {
      s = { source: r.source, first_party: isFirstParty(r.source, r.provider), at: [], since: [], usd: [] };
      series.set(id, s);
      const key = priceDimension(r);
      byDimension.set(key, [...(byDimension.get(key) ?? []), s]);
    }
    own.set(r.series_key, s);
    const t = Date.parse(r.observed_at);
    const n = s.at.length;
    const sameRun = n > 0 && s.usd[n - 1] === r.usd_per_mtok && !goneBetween(s.source, s.at[n - 1]!, t - 1);
    s.since.push(sameRun ? s.since[n - 1]! : t);
    s.at.push(t);
    s.usd.push(r.usd_per_mtok);
  }

  const peerAt = (s: Series, t: number): PeerPrice | null => {
    const i = lastAtOrBefore(s.at, t);
    if (i < 0 || goneBetween(s.source, s.at[i]!, t)) return null;
    const list = docs.get(s.source) ?? [];
    const d = lastAtOrBefore(list, t);
    const confirmed = Math.max(s.at[i]!, d >= 0 ? list[d]! : -Infinity);
    const runGoesOn = i + 1 < s.at.length && s.usd[i + 1] === s.usd[i] && s.since[i + 1] === s.since[i];
    if (!runGoesOn && confirmed < t - PEER_FRESH_MS) return null;
    return {
      source: s.source,
      usd_per_mtok: s.usd[i]!,
      since: iso(s.since[i]!),
      observed_at: iso(s.at[i]!),
      confirmed_at: iso(runGoesOn ? Math.max(confirmed, t) : confirmed),
      first_party: s.first_party,
    };
  };

  return {
    peersFor: (source) => (judged: SeriesState, at: string) => {
      const t = Date.parse(at);
      const out: PeerPrice[] = [];
      for (const s of byDimension.get(priceDimension(judged)) ?? []) {
        if (s.source === source) continue;
        const p = peerAt(s, t);
        if (!p) continue;
        const twin = out.find((x) => x.source === p.source && x.usd_per_mtok === p.usd_per_mtok);
        if (twin) mergeInto(twin, p);
        else out.push(p);
      }
      return ordered(out);
    },
    sinceAt: (seriesKey, at) => {
      const s = own.get(seriesKey);
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
