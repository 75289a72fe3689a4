import { contentHash, deterministicId } from '../../schemas/ids.ts';
import type { RawDocument } from '../../schemas/raw-document.ts';

export function rawDocument(source: string, payload: string, observedAt: string, complete = true): RawDocument {
  const hash = contentHash(payload);
  return {
    document_id: deterministicId('raw_document', source, hash, observedAt),
    source,
    url: `https://example.test/${source}`,
    fetched_at: observedAt,
    observed_at: observedAt,
    content_hash: hash,
    content_type: 'application/json',
    etag: null,
    complete,
    origin: 'import',
    payload,
  };
}
