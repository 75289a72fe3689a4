import { PermanentError } from '../schemas/errors.ts';
import { seriesKey } from '../schemas/price-dimensions.ts';
import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import type { PriceObservation } from '../schemas/events/price-observation.ts';
import type { RawDocument } from '../schemas/raw-document.ts';
import { deadLetter } from './dead-letters.ts';
import { normalizePrice, type FxRates } from './normalize-price.ts';
import type { PricePoint } from './price-point.ts';
import type { PriceTransformer, SheetParse } from './transformer.ts';

export interface DocumentResult {
  observations: PriceObservation[];
  deadLetters: DeadLetter[];
  skipped: Record<string, number>;
  rejectedSeries: Set<string>;
  rejectedModels: Set<string>;
  wholeDocumentRejected: boolean;
}

/**
 * History datasets place each period at its effective_from. An undated period is the price before the
 * series' earliest dated one (1 ms before it), unless that one lies in the future: then it is today's.
 */
function historyTimeAxis(source: string, sheet: SheetParse, fetchedAt: string): (p: PricePoint) => string {
  const earliest = new Map<string, number>();
  for (const p of sheet.rows) {
    if (!p.effective_from) continue;
    const key = seriesKey({ source, ...p });
    earliest.set(key, Math.min(earliest.get(key) ?? Infinity, Date.parse(p.effective_from)));
  }
  const now = Date.parse(fetchedAt);
  return (p) => {
    if (p.effective_from) return new Date(Date.parse(p.effective_from)).toISOString();
    const first = earliest.get(seriesKey({ source, ...p }));
    return first !== undefined && first <= now ? new Date(first - 1).toISOString() : fetchedAt;
  };
}

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
    result.rejectedModels.add(reject.source_model_id);
    result.deadLetters.push(
      deadLetter(doc, 'transform', reject.record_ref, reject.reason, reject.detail, reject.record, now, {
        source_model_id: reject.source_model_id,
      }),
    );
  }
  const placeAt = sheetSpec.effectiveDated
    ? historyTimeAxis(doc.source, sheet, doc.observed_at)
    : () => doc.observed_at;
  for (const point of sheet.rows) {
    const n = normalizePrice(point, { ...context, observed_at: placeAt(point) });
    if (!n.ok) {
      const rejected = seriesKey({ source: doc.source, ...point });
      result.rejectedSeries.add(rejected);
      result.deadLetters.push(
        deadLetter(doc, 'transform', n.reject.record_ref, n.reject.reason, n.reject.detail, n.reject.record, now, {
          series_key: rejected,
        }),
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
