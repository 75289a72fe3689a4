import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FetchDeps } from '../ingest/run-source.ts';
import { httpGet } from '../ingest/http-fetch.ts';
import { publishDocument } from '../ingest/publish-document.ts';
import { pickSources } from '../ingest/sources/index.ts';
import { PermanentError } from '../schemas/errors.ts';
import { countFetch, type Drain, type DrainProgress } from './drain.ts';
import { logFetch, toJobResult } from './fetch-job.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { emptySummary, type RunSummary } from './run-summary.ts';

export interface ImportedPayload {
  payload: string;
  url: string;
  contentType?: string;
  observedAt?: Date;
}

/** A recorded document through the same path as a fetch of its source (at its observation time), drained. */
export async function importPayload(
  ctx: PipelineContext,
  drain: Drain,
  source: string,
  doc: ImportedPayload,
  progress?: DrainProgress,
): Promise<RunSummary> {
  const { now } = ctx;
  const spec = pickSources(ctx.registry, [source])[0]!;
  const at = doc.observedAt ?? now();
  const outcome = await publishDocument(
    {
      source,
      url: doc.url,
      payload: doc.payload,
      contentType: doc.contentType ?? 'application/json',
      etag: null,
      fetchedAt: now(),
      observedAt: at,
      complete: spec.complete,
      origin: 'import',
    },
    { pub: ctx.pub, names: ctx.names, fetchState: ctx.fetchState },
  );
  const summary = emptySummary();
  const ids: string[] = [];
  const result = toJobResult(source, [outcome]);
  countFetch(summary, result, ids);
  await logFetch(ctx, {
    source,
    url: doc.url,
    attempted_at: now().toISOString(),
    observed_at: at.toISOString(),
    status: result.status,
    reason: '',
    document_id: result.document_ids.join(','),
  });
  return drain(summary, ids, progress);
}

/** A file or an http(s) URL, read, then imported as above. */
export async function importDocument(
  ctx: PipelineContext,
  drain: Drain,
  http: FetchDeps['http'],
  source: string,
  pathOrUrl: string,
  observedAt?: Date,
  progress?: DrainProgress,
): Promise<RunSummary> {
  if (!/^https?:\/\//.test(pathOrUrl)) {
    const payload = await readFile(pathOrUrl, 'utf8').catch((err: Error) => {
      throw new PermanentError(`import ${pathOrUrl}: ${err.message}`, { cause: err });
    });
    return importPayload(
      ctx,
      drain,
      source,
      { payload, url: `file://${path.resolve(pathOrUrl)}`, observedAt },
      progress,
    );
  }
  const res = await httpGet(pathOrUrl, http);
  if (res.status !== 'ok') throw new PermanentError(`import ${pathOrUrl}: not modified`);
  return importPayload(
    ctx,
    drain,
    source,
    {
      payload: res.body,
      url: pathOrUrl,
      contentType: res.contentType,
      observedAt,
    },
    progress,
  );
}
