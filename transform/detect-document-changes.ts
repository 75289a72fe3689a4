import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import type { PriceChange } from '../schemas/events/price-change.ts';
import type { PriceObservation } from '../schemas/events/price-observation.ts';
import type { RawDocument } from '../schemas/raw-document.ts';
import { classifyChanges } from './change-class.ts';
import { detectChanges, type SourceState } from './change-detector.ts';
import { holdOutliers } from './outlier-hold.ts';
import { peerIndex, type PeerLookup } from './peer-prices.ts';
import type { SeriesStateStore } from './series-state-store.ts';
import type { DocumentResult } from './transform-document.ts';

export interface DocumentChanges {
  observations: PriceObservation[]; // what stands after the review
  changes: PriceChange[]; // classified
  deadLetters: DeadLetter[]; // the held outliers
  next: SourceState | null;
  historical: number;
}

// one index per set of other states: the store hands back the same object while no other source moved
const indexes = new WeakMap<object, PeerLookup>();
const indexed = (others: Record<string, SourceState>): PeerLookup => {
  const hit = indexes.get(others);
  if (hit) return hit;
  const made = peerIndex(others);
  indexes.set(others, made);
  return made;
};

/** Outliers held against the source's own history and the other sources, then changes detected and classified. */
export function detectDocumentChanges(
  doc: RawDocument,
  result: DocumentResult,
  store: SeriesStateStore,
  now: Date,
): DocumentChanges {
  const state = store.load(doc.source);
  let peers: PeerLookup | undefined; // the other sources' states are read only when a step needs them
  const lookup = (): PeerLookup => (peers ??= indexed(store.others(doc.source)));
  const review = holdOutliers(doc, state, result.observations, lookup, now);
  const scope = {
    source: doc.source,
    source_url: doc.url,
    observed_at: doc.observed_at,
    complete: doc.complete,
    rejectedSeries: new Set([...result.rejectedSeries, ...review.heldSeries]),
    rejectedModels: new Set([...result.rejectedModels, ...review.heldModels]),
    entryKinds: result.entryKinds,
  };
  const d = detectChanges(state, review.observations, scope);
  const moved = d.changes.some((c) => c.kind === 'increase' || c.kind === 'decrease');
  const changes = classifyChanges({
    before: state,
    after: d.next,
    changes: d.changes,
    entryKinds: result.entryKinds,
    peers: moved ? lookup() : () => [],
  });
  return { ...d, changes, observations: review.observations, deadLetters: review.deadLetters };
}
