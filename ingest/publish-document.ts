import { contentHash, deterministicId } from '../schemas/ids.ts';
import type { RawDocument } from '../schemas/raw-document.ts';
import type { KafkaNames } from '../schemas/topics.ts';
import type { Publisher } from '../sinks/kafka.ts';
import type { FetchStateStore } from './fetch-state-store.ts';

export interface DocumentInput {
  source: string;
  stateKey?: string; // per-document state for sources of several documents (default: the source)
  url: string;
  payload: string;
  contentType: string;
  etag: string | null;
  fetchedAt: Date;
  observedAt: Date;
  complete: boolean;
  origin: RawDocument['origin'];
}

export type PublishOutcome =
  { status: 'published'; document: RawDocument } | { status: 'unchanged'; content_hash: string };

/** Publishes a raw document unless it is byte-identical to the source's last published one. */
export async function publishDocument(
  input: DocumentInput,
  deps: { pub: Publisher; names: KafkaNames; fetchState: FetchStateStore },
): Promise<PublishOutcome> {
  const hash = contentHash(input.payload);
  const key = input.stateKey ?? input.source;
  const last = deps.fetchState.get(key);
  const observed_at = input.observedAt.toISOString();
  if (last?.content_hash === hash) {
    deps.fetchState.set(key, { ...last, etag: input.etag ?? last.etag });
    return { status: 'unchanged', content_hash: hash };
  }
  const document: RawDocument = {
    document_id: deterministicId('raw_document', input.source, hash, observed_at),
    source: input.source,
    url: input.url,
    fetched_at: input.fetchedAt.toISOString(),
    observed_at,
    content_hash: hash,
    content_type: input.contentType,
    etag: input.etag,
    complete: input.complete,
    origin: input.origin,
    payload: input.payload,
  };
  await deps.pub.publish(
    deps.names.topic.rawDocuments,
    [{ key: input.source, value: document, headers: { content_hash: hash } }],
    { compress: true },
  );
  // only the newest document counts as "last": an archived copy imported later must not hide a live change
  if (!last || Date.parse(last.observed_at) <= input.observedAt.getTime()) {
    deps.fetchState.set(key, { etag: input.etag, content_hash: hash, observed_at });
  }
  return { status: 'published', document };
}
