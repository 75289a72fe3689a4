import { PermanentError } from '../schemas/errors.ts';
import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import type { GpuPriceObservation } from '../schemas/events/gpu-price-observation.ts';
import type { RawDocument } from '../schemas/raw-document.ts';
import { deadLetter } from './dead-letters.ts';
import type { GpuParseContext, GpuSheetParse } from './gpu/gpu-price.ts';

export interface GpuDocumentResult { observations: GpuPriceObservation[]; deadLetters: DeadLetter[]; skipped: Record<string, number> }

/** Pure: one GPU price document to $/GPU-hour observations and dead letters. */
export function transformGpuDocument(doc: RawDocument, parse: (payload: string, ctx: GpuParseContext) => GpuSheetParse, now: Date): GpuDocumentResult {
  try {
    const r = parse(doc.payload, { source: doc.source, url: doc.url, observed_at: doc.observed_at, content_hash: doc.content_hash });
    return {
      observations: r.observations,
      deadLetters: r.rejects.map((x) => deadLetter(doc, 'transform', x.record_ref, x.reason, x.detail, x.record, now)),
      skipped: r.skipped,
    };
  } catch (err) {
    if (!(err instanceof PermanentError)) throw err;
    return { observations: [], deadLetters: [deadLetter(doc, 'transform', '*', 'document_unreadable', err.message, doc.payload, now)], skipped: {} };
  }
}
