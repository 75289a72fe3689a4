import { deterministicId } from '../schemas/ids.ts';
import type { PriceChange, ChangeKind } from '../schemas/events/price-change.ts';
import type { PriceObservation } from '../schemas/events/price-observation.ts';
import { compare, parseDecimal, subtract, toNumber, toText } from './decimal.ts';

type SeriesFields = Pick<
  PriceObservation,
  'provider' | 'model' | 'source_model_id' | 'token_class' | 'service_tier' | 'region' | 'context_tier'
>;

export interface SeriesState extends SeriesFields {
  usd_per_mtok: string;
  observed_at: string;
  event_id: string;
  removed: boolean;
  // what the change classes read (transform/change-class.ts); a state file written before them reads as unknown
  model_id?: string;
  since?: string; // the first observation at this price
  prior_usd_per_mtok?: string | null; // the price before this one
  entry_kind?: string; // the entry's kind as the source labels it (LiteLLM's mode)
  confirmed_at?: string; // the latest document that showed this price (a dated period's observed_at stays its start)
}

/** Latest known price per series of one source; persisted between runs. */
export type SourceState = Record<string, SeriesState>;

export interface DocumentScope {
  source: string;
  source_url: string;
  observed_at: string;
  complete: boolean;
  // series and models that were in the document but rejected: absent from the facts, yet not removed
  rejectedSeries: ReadonlySet<string>;
  rejectedModels: ReadonlySet<string>;
  // per source model id, the entry's kind as the source labels it (LiteLLM's mode), where it labels one
  entryKinds?: ReadonlyMap<string, string>;
}

export interface Detection {
  changes: PriceChange[];
  next: SourceState;
  historical: number; // observations older than the series' latest: stored, but not live news
}

/** The fields that name a series, from an observation or a state. */
export const seriesFields = (o: SeriesFields): SeriesFields => ({
  provider: o.provider,
  model: o.model,
  source_model_id: o.source_model_id,
  token_class: o.token_class,
  service_tier: o.service_tier,
  region: o.region,
  context_tier: o.context_tier,
});

function change(
  kind: ChangeKind,
  key: string,
  fields: SeriesFields,
  scope: DocumentScope,
  prev: SeriesState | null,
  obs: PriceObservation | null,
): PriceChange {
  const oldP = prev && !prev.removed && kind !== 'first_seen' ? parseDecimal(prev.usd_per_mtok)! : null;
  const newP = obs ? parseDecimal(obs.usd_per_mtok)! : null;
  const abs = oldP && newP ? subtract(newP, oldP) : null;
  const pct = abs && oldP && oldP.coef !== 0n ? Math.round((toNumber(abs) / toNumber(oldP)) * 100 * 1e6) / 1e6 : null;
  return {
    event_id: deterministicId('price_change', key, kind, scope.observed_at),
    series_key: key,
    kind,
    ...fields,
    old_usd_per_mtok: oldP ? toText(oldP) : null,
    new_usd_per_mtok: newP ? toText(newP) : null,
    abs_change: abs ? toText(abs) : null,
    pct_change: pct,
    observed_at: scope.observed_at,
    previous_observed_at: prev ? prev.observed_at : null,
    old_event_id: oldP ? prev!.event_id : null,
    new_event_id: obs ? obs.event_id : null,
    source: scope.source,
    source_url: scope.source_url,
    class: 'unknown', // until classifyChanges has read the evidence
    class_evidence: '',
  };
}

/** Compares one document's observations with the latest state: first seen, up, down, removed. */
export function detectChanges(state: SourceState, observations: PriceObservation[], scope: DocumentScope): Detection {
  const next: SourceState = { ...state };
  const changes: PriceChange[] = [];
  const seen = new Set<string>();
  let historical = 0;
  const at = Date.parse(scope.observed_at);
  // anything older than the source's newest observation is history: stored as facts, never live news
  const watermark = Object.values(state).reduce((m, x) => Math.max(m, Date.parse(x.observed_at)), 0);
  const ordered = [...observations].sort((a, b) => Date.parse(a.observed_at) - Date.parse(b.observed_at));
  for (const obs of ordered) {
    seen.add(obs.series_key);
    const t = Date.parse(obs.observed_at);
    const prev = next[obs.series_key];
    if (t < watermark || (prev && Date.parse(prev.observed_at) > t)) {
      historical += 1;
      continue;
    }
    const listed = prev && !prev.removed;
    const cmp = listed ? compare(parseDecimal(obs.usd_per_mtok)!, parseDecimal(prev.usd_per_mtok)!) : 0;
    const kind = scope.entryKinds?.get(obs.source_model_id);
    const current: SeriesState = {
      ...seriesFields(obs),
      usd_per_mtok: obs.usd_per_mtok,
      observed_at: obs.observed_at,
      event_id: obs.event_id,
      removed: false,
      model_id: obs.model_id,
      since: listed && cmp === 0 ? prev.since : obs.observed_at, // a state from before since was kept stays unknown
      prior_usd_per_mtok: !listed ? null : cmp !== 0 ? prev.usd_per_mtok : (prev.prior_usd_per_mtok ?? null),
      ...(kind !== undefined ? { entry_kind: kind } : {}),
    };
    next[obs.series_key] = current;
    const live = { ...scope, observed_at: obs.observed_at };
    if (!listed) {
      changes.push(change('first_seen', obs.series_key, seriesFields(obs), live, prev ?? null, obs));
      continue;
    }
    if (cmp !== 0)
      changes.push(change(cmp > 0 ? 'increase' : 'decrease', obs.series_key, seriesFields(obs), live, prev, obs));
  }
  if (at < watermark) return { changes, next, historical };
  for (const key of seen)
    if (next[key] && !next[key].removed) next[key] = { ...next[key], confirmed_at: scope.observed_at };
  if (scope.complete) {
    for (const [key, prev] of Object.entries(state)) {
      if (
        prev.removed ||
        seen.has(key) ||
        scope.rejectedSeries.has(key) ||
        scope.rejectedModels.has(prev.source_model_id)
      )
        continue;
      if (Date.parse(prev.observed_at) >= at) continue;
      next[key] = { ...prev, removed: true, observed_at: scope.observed_at };
      changes.push(change('removed', key, seriesFields(prev), scope, prev, null));
    }
  }
  return { changes, next, historical };
}
