import { deterministicId } from '../schemas/ids.ts';
import type { DeadLetter } from '../schemas/events/dead-letter.ts';
import type { RawDocument } from '../schemas/raw-document.ts';

const MAX_PAYLOAD = 64 * 1024;

export function deadLetter(
  doc: Pick<RawDocument, 'source' | 'url' | 'content_hash' | 'observed_at'>,
  stage: DeadLetter['stage'],
  recordRef: string,
  reason: string,
  detail: string,
  record: unknown,
  now: Date,
  rejected: Partial<Pick<DeadLetter, 'series_key' | 'source_model_id'>> = {},
): DeadLetter {
  const payload = typeof record === 'string' ? record : (JSON.stringify(record) ?? '');
  return {
    event_id: deterministicId('dead_letter', stage, doc.source, doc.content_hash, doc.observed_at, recordRef, reason),
    stage,
    reason,
    detail,
    source: doc.source,
    source_url: doc.url,
    document_hash: doc.content_hash,
    record_ref: recordRef,
    series_key: rejected.series_key ?? '',
    source_model_id: rejected.source_model_id ?? '',
    payload: payload.length > MAX_PAYLOAD ? payload.slice(0, MAX_PAYLOAD) : payload,
    observed_at: doc.observed_at,
    dead_lettered_at: now.toISOString(),
  };
}
