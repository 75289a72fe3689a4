import type { ChangeClass, PriceChange } from '../schemas/events/price-change.ts';
import type { SeriesState, SourceState } from './change-detector.ts';
import {
  factorText,
  isFirstParty,
  judgesOf,
  ordered,
  samePrice,
  showPeer,
  showing,
  stepFactor,
  type PeerLookup,
  type PeerPrice,
} from './peer-prices.ts';

/** A step this large (10x either way) is a probable typo or unit slip unless something confirms it. */
export const OUTLIER_FACTOR = 10;
/** factor >= 10, with a float slack so that 1.63 -> 0.163 counts */
export const isOutlierStep = (factor: number): boolean => factor >= OUTLIER_FACTOR * (1 - 1e-9);
/** How the evidence of a correction opens when it shows the old price was never the price (model_prices_by_day drops it). */
export const WRONG_OLD_PRICE = ['input and output swapped', 'reverts a ', 'carried ', 'realigned with '] as const;
// a step reverted within one observation is a typo-sized correction from 5x up
const REVERT_FACTOR = 5;

export interface ClassifyInput {
  before: SourceState; // the source's state before the document
  after: SourceState; // and after it
  changes: PriceChange[]; // the document's changes, as detectChanges gave them
  entryKinds?: ReadonlyMap<string, string>;
  peers: PeerLookup;
}

export type Verdict = { class: ChangeClass; evidence: string };
const verdict = (c: ChangeClass, evidence: string): Verdict => ({ class: c, evidence });
const day = (iso: string): string => iso.slice(0, 10);

// the entry an alias or a fine-tune stands for: ft:davinci-002 -> davinci-002, gemini-2.5-flash-preview-05-20 -> gemini-2.5-flash
const BASE_SUFFIX = /(-preview(-[\w.-]+)?|-latest|-exp(-[\w.-]+)?)$/;
function baseEntry(id: string): { base: string; alias: boolean } | null {
  if (id.startsWith('ft:')) return { base: id.slice(3).split(':')[0]!, alias: false };
  const base = id.replace(BASE_SUFFIX, '');
  return base !== id && base ? { base, alias: true } : null;
}

// a series key with one part replaced: source|source_model_id|token_class|service_tier|region|context_tier
const MODEL_PART = 1;
const CLASS_PART = 2;
const withPart = (key: string, part: number, from: string, to: string): string => {
  const parts = key.split('|');
  if (parts[part] === from) parts[part] = to;
  return parts.join('|');
};
const SWAP: Record<string, string> = { input: 'output', output: 'input' };

/** Every change of one document gets a class and the evidence for it: a vendor's move, a source's correction, or unknown. */
export function classifyChanges(input: ClassifyInput): PriceChange[] {
  const byKey = new Map(input.changes.map((c) => [c.series_key, c]));
  return input.changes.map((c) => {
    const v = classifyOne(c, input, byKey);
    return { ...c, class: v.class, class_evidence: v.evidence };
  });
}

function classifyOne(c: PriceChange, input: ClassifyInput, byKey: Map<string, PriceChange>): Verdict {
  const prev = input.before[c.series_key];
  const now = input.after[c.series_key]!;
  const kindNow = input.entryKinds?.get(c.source_model_id);
  if (c.kind === 'first_seen') return verdict('move', 'first listed by this source');
  if (c.kind === 'removed') {
    if (prev?.entry_kind && kindNow && kindNow !== prev.entry_kind)
      return verdict('correction', `entry mode ${prev.entry_kind} -> ${kindNow}: no longer priced per token`);
    return verdict('move', 'no longer listed in a complete document of this source');
  }
  const oldP = c.old_usd_per_mtok!;
  const newP = c.new_usd_per_mtok!;
  if (prev?.model_id !== undefined && now.model_id !== undefined && prev.model_id !== now.model_id)
    return verdict(
      'correction',
      `mapping changed: ${c.source_model_id} resolves to ${now.model_id || '(none)'}, was ${prev.model_id || '(none)'}`,
    );
  if (prev?.entry_kind && kindNow && kindNow !== prev.entry_kind)
    return verdict('correction', `entry mode changed: ${prev.entry_kind} -> ${kindNow}`);
  const twin = SWAP[c.token_class]
    ? byKey.get(withPart(c.series_key, CLASS_PART, c.token_class, SWAP[c.token_class]!))
    : undefined;
  const swapped =
    twin?.old_usd_per_mtok &&
    twin.new_usd_per_mtok &&
    !samePrice(twin.old_usd_per_mtok, oldP) &&
    samePrice(twin.old_usd_per_mtok, newP) &&
    samePrice(twin.new_usd_per_mtok, oldP);
  if (swapped)
    return verdict(
      'correction',
      `input and output swapped: ${c.token_class} ${oldP} -> ${newP}, ${twin.token_class} ${twin.old_usd_per_mtok} -> ${twin.new_usd_per_mtok}`,
    );
  const factor = stepFactor(oldP, newP);
  const firstParty = isFirstParty(c.source, c.provider);
  // a typo lives one document: the step came in the observation before this one (a vendor's list that ends a promo is its price)
  const oneBack = prev?.since !== undefined && prev.since === prev.observed_at;
  if (
    !firstParty &&
    oneBack &&
    prev?.prior_usd_per_mtok &&
    factor >= REVERT_FACTOR &&
    samePrice(prev.prior_usd_per_mtok, newP)
  )
    return verdict(
      'correction',
      `reverts a ${factorText(factor)}x step: ${prev.prior_usd_per_mtok} -> ${oldP} on ${day(prev.observed_at)}, back to ${newP}`,
    );
  const base = baseVerdict(c, input) ?? siblingVerdict(c, input);
  if (base) return base;
  if (firstParty) return verdict('move', `${c.source} is ${c.provider}'s own price list`);
  return judgeByPeers(c, prev?.since, input.peers(now, c.observed_at));
}

const stepText = (oldP: string, newP: string, factor: number): string =>
  factor === Infinity ? `a step from ${oldP} (free or a placeholder) to ${newP}` : `a ${factorText(factor)}x step`;

// an entry that carried its base model's price, or an alias re-pointed to the model it now names
function baseVerdict(c: PriceChange, input: ClassifyInput): Verdict | null {
  const b = baseEntry(c.source_model_id);
  if (!b) return null;
  const key = withPart(c.series_key, MODEL_PART, c.source_model_id, b.base);
  const before = input.before[key];
  const after = input.after[key];
  if (!after || after.removed) return null;
  const baseMoved = before && !before.removed && !samePrice(before.usd_per_mtok, after.usd_per_mtok);
  if (
    !baseMoved &&
    before &&
    samePrice(before.usd_per_mtok, c.old_usd_per_mtok!) &&
    !samePrice(after.usd_per_mtok, c.new_usd_per_mtok!)
  )
    return verdict(
      'correction',
      `carried ${b.base}'s price ${c.old_usd_per_mtok} (unchanged there), now its own ${c.new_usd_per_mtok}`,
    );
  const sameMove = before && samePrice(before.usd_per_mtok, c.old_usd_per_mtok!);
  if (b.alias && !sameMove && samePrice(after.usd_per_mtok, c.new_usd_per_mtok!))
    return verdict(
      'correction',
      `re-pointed to ${b.base}: now its price ${c.new_usd_per_mtok}${before ? '' : ' (first listed in this document)'}`,
    );
  return null;
}

// a dated snapshot of an entry: gpt-4-0613 (MMDD), mistral-large-2407 (YYMM), claude-3-5-sonnet-20241022,
// gpt-4o-2024-08-06, command-r-08-2024, gemini-2.0-flash-001 (a version); never a size (llama3-70b-8192)
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[12]\\d|3[01])';
const SNAPSHOT = new RegExp(
  `^(.+?)-(${MONTH}${DAY}|2[3-9]${MONTH}|20\\d{2}${MONTH}${DAY}|20\\d{2}-${MONTH}-${DAY}|${MONTH}-${DAY}|${MONTH}-20\\d{2}|00\\d)$`,
);

// per entry, the series of its dated snapshots, indexed once per document
const snapshotsOf = new WeakMap<SourceState, Map<string, SeriesState[]>>();
function snapshots(state: SourceState, id: string): SeriesState[] {
  let index = snapshotsOf.get(state);
  if (!index) {
    index = new Map();
    for (const s of Object.values(state)) {
      const base = SNAPSHOT.exec(s.source_model_id)?.[1];
      if (!base || s.removed) continue;
      index.set(base, [...(index.get(base) ?? []), s]);
    }
    snapshotsOf.set(state, index);
  }
  return index.get(id) ?? [];
}

// an alias that now has the price its dated snapshot (gpt-3.5-turbo-0125) showed before: the source re-pointed it late
function siblingVerdict(c: PriceChange, input: ClassifyInput): Verdict | null {
  for (const sib of snapshots(input.before, c.source_model_id)) {
    const key = withPart(c.series_key, MODEL_PART, c.source_model_id, sib.source_model_id);
    if (input.before[key] !== sib) continue; // another token class or tier of the snapshot
    const after = input.after[key];
    if (!after || !samePrice(sib.usd_per_mtok, c.new_usd_per_mtok!) || !samePrice(after.usd_per_mtok, sib.usd_per_mtok))
      continue;
    return verdict(
      'correction',
      `re-pointed: now ${sib.source_model_id}'s price ${sib.usd_per_mtok}, shown there ${sib.since ? 'since' : 'by'} ${day(sib.since ?? sib.observed_at)}`,
    );
  }
  return null;
}

/** The evidence of a verdict judgeByPeers gave (and `rebar reclassify` may give again with every source's history). */
export const PEER_JUDGED =
  /^(no other source carries this price|.+ that no other source carries for this model$|realigned with |no majority: |.+ shows? it$|.+ still shows? \S+$)/;

/**
 * A price step of an aggregator judged by the other sources' prices at its time: the first-party list first, else the
 * other sources by majority, one vote per source. oldSince: when the source's old price was first shown, if known.
 */
export function judgeByPeers(c: PriceChange, oldSince: string | undefined, peers: PeerPrice[]): Verdict {
  const oldP = c.old_usd_per_mtok!;
  const newP = c.new_usd_per_mtok!;
  const factor = stepFactor(oldP, newP);
  if (!peers.length)
    return isOutlierStep(factor)
      ? verdict('unknown', `${stepText(oldP, newP, factor)} that no other source carries for this model`)
      : verdict('move', 'no other source carries this price; nothing contradicts it');
  const judges = judgesOf(ordered(peers));
  const label = judges[0]!.first_party ? 'first-party ' : '';
  const showNew = showing(judges, newP);
  const showOld = showing(judges, oldP);
  if (showNew.length > showOld.length) {
    // a peer that already showed the new price when the old one was first shown means the source was behind
    const behind =
      oldSince !== undefined && showNew.every((p) => p.since !== null && Date.parse(p.since) <= Date.parse(oldSince));
    return behind
      ? verdict(
          'correction',
          `realigned with ${label}${showNew.map(showPeer).join(', ')}, which showed it before this source's ${oldP}`,
        )
      : verdict('move', `${label}${showNew.map(showPeer).join(', ')} show${showNew.length > 1 ? '' : 's'} it`);
  }
  if (showOld.length > showNew.length)
    return verdict(
      'unknown',
      `${label}${showOld.map(showPeer).join(', ')} still show${showOld.length > 1 ? '' : 's'} ${oldP}`,
    );
  return verdict('unknown', `no majority: ${label}${judges.map(showPeer).join(', ')}`);
}
