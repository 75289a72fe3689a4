import { PermanentError } from '../schemas/errors.ts';
import { seriesKey } from '../schemas/price-dimensions.ts';
import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import type { PriceObservation } from '../schemas/events/price-observation.ts';
import type { RawDocument } from '../schemas/raw-document.ts';
import { deadLetter } from './dead-letters.ts';
import { GUARD_REASONS } from './magnitude-guard.ts';
import { normalizePrice, type Normalized, type FxRates } from './normalize-price.ts';
import { NON_TOKEN_UNIT, type PricePoint } from './price-point.ts';
import type { PriceTransformer, SheetParse } from './transformer.ts';

export interface DocumentResult {
  observations: PriceObservation[];
  deadLetters: DeadLetter[];
  skipped: Record<string, number>;
  rejectedSeries: Set<string>;
  rejectedModels: Set<string>;
  entryKinds: Map<string, string>;
  wholeDocumentRejected: boolean;
}

/**
 * History datasets place each period at its effective_from. An undated period is the price before the
 * series' earliest dated one (1 ms before it) or before its own declared end, unless that lies in the future: then
 * it is today's.
 */
function historyTimeAxis(source: string, sheet: SheetParse, fetchedAt: string): (p: PricePoint) => string {
  const earliest = new Map<string, number>();
  for (const p of sheet.rows) {
    // an undated period that ended (effective_to) was in force before its end, whatever the series' other periods
    const bound = p.effective_from ?? p.effective_to;
    if (!bound) continue;
    const key = seriesKey({ source, ...p });
    earliest.set(key, Math.min(earliest.get(key) ?? Infinity, Date.parse(bound)));
  }
  const now = Date.parse(fetchedAt);
  return (p) => {
    if (p.effective_from) return new Date(Date.parse(p.effective_from)).toISOString();
    const first = earliest.get(seriesKey({ source, ...p }));
    return first !== undefined && first <= now ? new Date(first - 1).toISOString() : fetchedAt;
  };
}

// an entry (the record the parser read: one model id, one period of a history) is judged whole: a price the magnitude
// guard refuses (a unit slip, a placeholder) holds the entry's other prices too. An unparseable value, an unknown
// unit, a missing FX rate or a conflicting duplicate concern that field only: the entry's other prices stand.
const HOLDS_ENTRY: ReadonlySet<string> = new Set(GUARD_REASONS);
const entryOf = (p: PricePoint): string => `${p.source_model_id}@${p.effective_from ?? ''}`;

/** Pure: one raw price sheet to observations and dead letters. Bad data is a result, never a throw. */
export function transformDocument(
  doc: RawDocument,
  sheetSpec: PriceTransformer,
  now: Date,
  fx?: FxRates,
): DocumentResult {
  const result: DocumentResult = {
    observations: [],
    deadLetters: [],
    skipped: {},
    rejectedSeries: new Set(),
    rejectedModels: new Set(),
    entryKinds: new Map(),
    wholeDocumentRejected: false,
  };
  let sheet: SheetParse;
  try {
    sheet = sheetSpec.parse(doc.payload, doc);
  } catch (err) {
    if (!(err instanceof PermanentError)) throw err;
    result.deadLetters.push(deadLetter(doc, 'transform', '*', 'document_unreadable', err.message, doc.payload, now));
    result.wholeDocumentRejected = true;
    return result;
  }
  result.skipped = sheet.skipped;
  result.entryKinds = new Map(Object.entries(sheet.entryKinds ?? {}));
  const context = {
    source: doc.source,
    url: doc.url,
    observed_at: doc.observed_at,
    content_hash: doc.content_hash,
    transformed_at: now.toISOString(),
    fx,
  };
  const byKey = new Map<string, PriceObservation>();
  for (const reject of sheet.rejects) {
    // a price in another unit is out of scope, not bad data: it holds none of its entry's series from removal
    const holds = reject.reason !== NON_TOKEN_UNIT;
    if (holds) result.rejectedModels.add(reject.source_model_id);
    result.deadLetters.push(
      deadLetter(
        doc,
        'transform',
        reject.record_ref,
        reject.reason,
        reject.detail,
        reject.record,
        now,
        holds ? { source_model_id: reject.source_model_id } : {},
      ),
    );
  }
  const placeAt = sheetSpec.effectiveDated
    ? historyTimeAxis(doc.source, sheet, doc.observed_at)
    : () => doc.observed_at;
  const normalized = sheet.rows.map((point): [PricePoint, Normalized] => [
    point,
    normalizePrice(point, { ...context, observed_at: placeAt(point) }),
  ]);
  const heldBy = new Map<string, string>(); // entry -> what held it
  for (const [point, n] of normalized) {
    if (n.ok || !HOLDS_ENTRY.has(n.reject.reason)) continue;
    const why = `${point.source_field} = ${point.raw_value} ${point.raw_unit}: ${n.reject.reason}`;
    const entry = entryOf(point);
    heldBy.set(entry, heldBy.has(entry) ? `${heldBy.get(entry)}; ${why}` : why);
  }
  for (const [point, n] of normalized) {
    const held = heldBy.has(entryOf(point));
    if (held) result.rejectedModels.add(point.source_model_id);
    // a held entry's letters name its model too: none of its series is removed, as for a record the parser rejected
    const model = held ? { source_model_id: point.source_model_id } : {};
    if (!n.ok) {
      const rejected = seriesKey({ source: doc.source, ...point });
      result.rejectedSeries.add(rejected);
      result.deadLetters.push(
        deadLetter(doc, 'transform', n.reject.record_ref, n.reject.reason, n.reject.detail, n.reject.record, now, {
          series_key: rejected,
          ...model,
        }),
      );
      continue;
    }
    if (held) {
      const o = n.observation;
      result.rejectedSeries.add(o.series_key);
      result.deadLetters.push(
        deadLetter(
          doc,
          'transform',
          `${point.source_model_id}#${point.source_field}`,
          'entry_held',
          `${point.source_field} = ${point.raw_value} ${point.raw_unit} (${o.usd_per_mtok} USD/1M) held with its entry: ${heldBy.get(entryOf(point))}`,
          point,
          now,
          { series_key: o.series_key, ...model },
        ),
      );
      continue;
    }
    // one document may hold several periods of a series (history datasets): a series is unique per point in time
    const key = `${n.observation.series_key}@${n.observation.observed_at}`;
    const prior = byKey.get(key);
    if (prior && prior.usd_per_mtok !== n.observation.usd_per_mtok) {
      // two fields price the same series differently: keep neither as fact, say why
      byKey.delete(key);
      result.rejectedSeries.add(n.observation.series_key);
      result.deadLetters.push(
        deadLetter(
          doc,
          'transform',
          `${point.source_model_id}#${point.source_field}`,
          'conflicting_duplicate',
          `${prior.source_field} = ${prior.usd_per_mtok} and ${point.source_field} = ${n.observation.usd_per_mtok} USD/1M price the same series`,
          point,
          now,
          { series_key: n.observation.series_key },
        ),
      );
      continue;
    }
    if (prior || result.rejectedSeries.has(n.observation.series_key)) continue;
    byKey.set(key, n.observation);
  }
  result.observations = [...byKey.values()];
  return result;
}
