import type { TopicKey } from '../schemas/topics.ts';
import type { PricePoint, RecordReject } from './price-point.ts';

/** Where a document came from: every parser gets it, whether it needs it or not. */
export interface ParseContext {
  source: string;
  url: string;
  observed_at: string;
  content_hash?: string;
}

/** A record the parser could not use; it goes to the dead-letter topic with the reason. */
export interface Reject {
  record_ref: string;
  reason: string;
  detail: string;
  record: unknown;
}

/** What every parser returns: rows, rejects with reasons, and out-of-scope records counted by reason. */
export interface Parsed<R, J extends Reject = Reject> {
  rows: R[];
  rejects: J[];
  skipped: Record<string, number>;
}

/** A price sheet's parse: its rejects name the model record they drop. */
export type SheetParse = Parsed<PricePoint, RecordReject> & {
  // per source model id, the entry's kind as the source labels it (LiteLLM's mode): a changed kind is a correction
  entryKinds?: Record<string, string>;
};

/** A pure reader of one document; it throws PermanentError for a document it cannot read at all. */
export type Parse<R, J extends Reject = Reject> = (payload: string, ctx: ParseContext) => Parsed<R, J>;

/** Token price sheets: points are normalized to observations, then compared with the series' state. */
export interface PriceTransformer {
  output: 'prices';
  parse: Parse<PricePoint, RecordReject>;
  // history datasets: each price is placed at its effective_from on the time axis, not at the fetch time
  effectiveDated: boolean;
}

/** Everything else: rows of one topic, keyed so that one entity keeps its order. */
export interface FactTransformer {
  output: 'facts';
  topic: TopicKey;
  key: (row: object) => string;
  parse: Parse<object>;
}

export type Transformer = PriceTransformer | FactTransformer;

export const priceSheet = (parse: PriceTransformer['parse'], effectiveDated = false): PriceTransformer => ({
  output: 'prices',
  parse,
  effectiveDated,
});

export const facts = <R extends object>(
  topic: TopicKey,
  key: (row: R) => string,
  parse: Parse<R>,
): FactTransformer => ({
  output: 'facts',
  topic,
  key: key as FactTransformer['key'],
  parse,
});

/** The fact rows' usual key: the series, else the row itself. */
export const bySeries = (row: { series_key?: string; event_id: string }): string => row.series_key ?? row.event_id;
