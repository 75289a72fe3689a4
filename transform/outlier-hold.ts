import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import type { PriceObservation } from '../schemas/events/price-observation.ts';
import type { RawDocument } from '../schemas/raw-document.ts';
import { isOutlierStep } from './change-class.ts';
import { seriesFields, type SeriesState, type SourceState } from './change-detector.ts';
import { deadLetter } from './dead-letters.ts';
import {
  factorText,
  isFirstParty,
  judgesOf,
  samePrice,
  showPeer,
  showing,
  stepFactor,
  type PeerLookup,
  type PeerPrice,
} from './peer-prices.ts';

export interface Review {
  observations: PriceObservation[]; // what stands
  deadLetters: DeadLetter[]; // what is held, with the reason
  heldSeries: Set<string>;
  heldModels: Set<string>;
}

/**
 * A 10x step against the series' own last price that the other sources contradict (the first-party list, else any,
 * still shows the old price and none the new), or a first price 10x from the first-party list (or from two other sources
 * that agree), is held for review, not published as a move; its entry (one dated period of one model id) is held whole,
 * and the series stays at its last accepted price. The other sources count as they stood at the observation's time.
 */
export function holdOutliers(
  doc: Pick<RawDocument, 'source' | 'url' | 'content_hash' | 'observed_at'>,
  state: SourceState,
  observations: PriceObservation[],
  peers: () => PeerLookup,
  now: Date,
): Review {
  // an entry is one period of one source model id: a period a source dates is judged against the period before it
  const entry = (o: PriceObservation): string => `${o.source_model_id}@${o.observed_at}`;
  const why = new Map<string, string>(); // entry -> what held it
  const last = new Map<string, SeriesState>(); // per series, the last accepted price before the observation judged
  // entries in time order, each judged whole before it may become the baseline of the next
  const entries = new Map<string, PriceObservation[]>();
  for (const o of [...observations].sort((a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at)))
    entries.set(entry(o), [...(entries.get(entry(o)) ?? []), o]);
  for (const [e, members] of entries) {
    const reasons = members.flatMap(
      (o) => outlierReason(o, last.get(o.series_key) ?? state[o.series_key], peers) ?? [],
    );
    if (reasons.length) {
      why.set(e, reasons.join('; '));
      continue;
    }
    for (const o of members) {
      const base = last.get(o.series_key) ?? state[o.series_key];
      // an observation older than the series' baseline is history: it judges nothing after it
      if (!base || Date.parse(o.observed_at) > Date.parse(base.observed_at)) last.set(o.series_key, seriesOf(o));
    }
  }
  const review: Review = { observations: [], deadLetters: [], heldSeries: new Set(), heldModels: new Set() };
  for (const o of observations) {
    const reason = why.get(entry(o));
    if (reason === undefined) {
      review.observations.push(o);
      continue;
    }
    review.heldSeries.add(o.series_key);
    review.heldModels.add(o.source_model_id);
    review.deadLetters.push(
      deadLetter(
        doc,
        'transform',
        `${o.source_model_id}#${o.source_field}`,
        'price_outlier',
        `${o.source_field} = ${o.raw_value} (${o.usd_per_mtok} USD/1M) held with its entry: ${reason}`,
        o,
        now,
        { series_key: o.series_key, source_model_id: o.source_model_id },
      ),
    );
  }
  return review;
}

const x = (f: number): string => `${factorText(f)}x`;

// with no history of its own, one aggregator against another proves nothing: the first-party list, or a price two
// other sources agree on, is the anchor
function anchorOf(judges: PeerPrice[]): PeerPrice[] {
  if (judges[0]?.first_party) return judges;
  const agreed = judges.map((j) => showing(judges, j.usd_per_mtok)).filter((s) => s.length >= 2);
  const one = agreed.every((a) => samePrice(a[0]!.usd_per_mtok, agreed[0]![0]!.usd_per_mtok));
  return agreed.length && one ? agreed[0]! : [];
}

// a provider's own list is judged by no aggregator; a first price by how far it lies from its anchor
function outlierReason(o: PriceObservation, prev: SeriesState | undefined, peers: () => PeerLookup): string | null {
  if (isFirstParty(o.source, o.provider)) return null;
  const listed = prev && !prev.removed;
  if (listed && Date.parse(o.observed_at) <= Date.parse(prev.observed_at)) return null;
  const factor = listed ? stepFactor(prev.usd_per_mtok, o.usd_per_mtok) : Infinity;
  if (listed && (!isOutlierStep(factor) || factor === Infinity)) return null;
  const judges = judgesOf(peers()(seriesOf(o), o.observed_at));
  if (!judges.length) return null;
  if (!listed) {
    const anchor = anchorOf(judges);
    if (!anchor.length || judges.some((p) => !isOutlierStep(stepFactor(p.usd_per_mtok, o.usd_per_mtok)))) return null;
    const f = stepFactor(anchor[0]!.usd_per_mtok, o.usd_per_mtok);
    if (f === Infinity) return null;
    return `first price ${o.token_class} ${o.usd_per_mtok} USD/1M is ${x(f)} from ${anchor.map(showPeer).join(', ')}`;
  }
  const old = showing(judges, prev.usd_per_mtok);
  if (!old.length || showing(judges, o.usd_per_mtok).length) return null;
  return `${o.token_class} ${prev.usd_per_mtok} -> ${o.usd_per_mtok} USD/1M (${x(factor)}) while ${old.map(showPeer).join(', ')}`;
}

const seriesOf = (o: PriceObservation): SeriesState => ({
  ...seriesFields(o),
  model_id: o.model_id,
  usd_per_mtok: o.usd_per_mtok,
  observed_at: o.observed_at,
  event_id: o.event_id,
  removed: false,
});
