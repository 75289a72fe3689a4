import type { Log } from '../jobs/logger.ts';
import type { KafkaNames } from '../schemas/topics.ts';
import type { Publisher } from '../sinks/kafka.ts';
import type { FetchStateStore } from './fetch-state-store.ts';
import { httpGet, type HttpOptions } from './http-fetch.ts';
import { publishDocument, type PublishOutcome } from './publish-document.ts';
import type { SourceSpec } from './source.ts';

export interface FetchDeps { pub: Publisher; names: KafkaNames; fetchState: FetchStateStore; http: HttpOptions; log: Log; now: () => Date }

/** One fetch of one source: conditional GET, content hash, publish when new. Throws classified errors. */
export async function fetchSource(source: SourceSpec, deps: FetchDeps): Promise<PublishOutcome> {
  const log = deps.log.child({ source: source.name });
  const last = deps.fetchState.get(source.name);
  const res = await httpGet(source.url, { ...deps.http, etag: last?.etag ?? null });
  if (res.status === 'not_modified') {
    log.info({ url: source.url }, 'not modified (ETag)');
    return { status: 'unchanged', content_hash: last?.content_hash ?? '' };
  }
  const now = deps.now();
  const outcome = await publishDocument({
    source: source.name, url: source.url, payload: res.body, contentType: res.contentType, etag: res.etag,
    fetchedAt: now, observedAt: now, complete: source.complete, origin: 'fetch',
  }, deps);
  log.info({ url: source.url, bytes: res.body.length, status: outcome.status }, 'document fetched');
  return outcome;
}
