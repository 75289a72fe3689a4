import { PermanentError } from '../schemas/errors.ts';
import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import type { RawDocument } from '../schemas/raw-document.ts';
import { deadLetter } from './dead-letters.ts';
import type { FactTransformer } from './transformer.ts';

export interface FactDocumentResult {
  rows: object[];
  deadLetters: DeadLetter[];
  skipped: Record<string, number>;
}

/** Pure: one document of a fact source to its rows and dead letters; an unreadable document is dead-lettered whole. */
export function transformFactDocument(doc: RawDocument, domain: FactTransformer, now: Date): FactDocumentResult {
  try {
    const r = domain.parse(doc.payload, {
      source: doc.source,
      url: doc.url,
      observed_at: doc.observed_at,
      content_hash: doc.content_hash,
    });
    return {
      rows: r.rows,
      deadLetters: r.rejects.map((x) => deadLetter(doc, 'transform', x.record_ref, x.reason, x.detail, x.record, now)),
      skipped: r.skipped,
    };
  } catch (err) {
    if (!(err instanceof PermanentError)) throw err;
    return {
      rows: [],
      deadLetters: [deadLetter(doc, 'transform', '*', 'document_unreadable', err.message, doc.payload, now)],
      skipped: {},
    };
  }
}
