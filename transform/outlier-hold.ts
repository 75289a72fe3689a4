import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import type { PriceObservation } from '../schemas/events/price-observation.ts';
import type { RawDocument } from '../schemas/raw-document.ts';
import { isOutlierStep } from './change-class.ts';
import { seriesFields, type SeriesState, type SourceState } from './change-detector.ts';
import { deadLetter } from './dead-letters.ts';
import { isFirstParty, judgesOf, samePrice, stepFactor, type PeerLookup, type PeerPrice } from './peer-prices.ts';

export interface Review {
  observations: PriceObservation[]; // what stands
  deadLetters: DeadLetter[]; // what is held, with the reason
  heldSeries: Set<string>;
  heldModels: Set<string>;
}

/**
 * A 10x step against the series' own last price that the other sources contradict (the first-party list, else any,
 * still shows the old price and none the new), or a first price 10x from the first-party list (or from two other sources
 * that agree), is held for review, not published as a move; its entry is held whole, and the series stays at its last
 * accepted price.
 */
export function holdOutliers(
  doc: Pick<RawDocument, 'source' | 'url' | 'content_hash' | 'observed_at'>,
  state: SourceState,
  observations: PriceObservation[],
  peers: () => PeerLookup,
  now: Date,
): Review {
  const why = new Map<string, string>(); // source model id -> what held its entry
  for (const o of observations) {
    const reason = outlierReason(o, state[o.series_key], peers);
    if (reason)
      why.set(o.source_model_id, why.has(o.source_model_id) ? `${why.get(o.source_model_id)}; ${reason}` : reason);
  }
  const review: Review = { observations: [], deadLetters: [], heldSeries: new Set(), heldModels: new Set() };
  for (const o of observations) {
    const reason = why.get(o.source_model_id);
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

const show = (p: PeerPrice): string => `${p.source} ${p.usd_per_mtok} since ${p.since.slice(0, 10)}`;
const x = (f: number): string => `${Math.round(f * 10) / 10}x`;

// a provider's own list is judged by no aggregator; a first price by how far it lies from every judge
function outlierReason(o: PriceObservation, prev: SeriesState | undefined, peers: () => PeerLookup): string | null {
  if (isFirstParty(o.source, o.provider)) return null;
  const listed = prev && !prev.removed;
  if (listed && Date.parse(o.observed_at) <= Date.parse(prev.observed_at)) return null;
  const factor = listed ? stepFactor(prev.usd_per_mtok, o.usd_per_mtok) : Infinity;
  if (listed && (!isOutlierStep(factor) || factor === Infinity)) return null;
  const judges = judgesOf(peers()(seriesOf(o)));
  if (!judges.length) return null;
  if (!listed) {
    // with no history of its own, one aggregator against another proves nothing: the first-party list, or two agreeing
    const trusted =
      judges[0]!.first_party || judges.some((p, i) => i > 0 && samePrice(p.usd_per_mtok, judges[0]!.usd_per_mtok));
    const far = judges.every((p) => isOutlierStep(stepFactor(p.usd_per_mtok, o.usd_per_mtok)));
    if (!trusted || !far || stepFactor(judges[0]!.usd_per_mtok, o.usd_per_mtok) === Infinity) return null;
    return `first price ${o.token_class} ${o.usd_per_mtok} USD/1M is ${x(stepFactor(judges[0]!.usd_per_mtok, o.usd_per_mtok))} from ${judges.map(show).join(', ')}`;
  }
  const old = judges.filter((p) => samePrice(p.usd_per_mtok, prev.usd_per_mtok));
  if (!old.length || judges.some((p) => samePrice(p.usd_per_mtok, o.usd_per_mtok))) return null;
  return `${o.token_class} ${prev.usd_per_mtok} -> ${o.usd_per_mtok} USD/1M (${x(factor)}) while ${old.map(show).join(', ')}`;
}

const seriesOf = (o: PriceObservation): SeriesState => ({
  ...seriesFields(o),
  model_id: o.model_id,
  usd_per_mtok: o.usd_per_mtok,
  observed_at: o.observed_at,
  event_id: o.event_id,
  removed: false,
});
