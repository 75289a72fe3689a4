import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PermanentError, RetryableError } from '../schemas/errors.ts';

export interface HttpOptions {
  timeoutMs: number;
  userAgent: string;
  /** waits for this host's rate limit and concurrency slot; returns the release */
  acquire?: (host: string) => Promise<() => void>;
  maxRetryAfterMs?: number;
}

export type HttpResult =
  | { status: 'not_modified'; etag: string | null }
  | { status: 'ok'; body: string; etag: string | null; contentType: string };

/** Retry-After in seconds or as an HTTP date, in ms from now. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function once(url: string, opts: HttpOptions, headers: Record<string, string>): Promise<Response> {
  const release = opts.acquire ? await opts.acquire(new URL(url).host) : () => undefined;
  try {
    return await fetch(url, { headers, signal: AbortSignal.timeout(opts.timeoutMs), redirect: 'follow' });
  } catch (err) {
    const e = err as Error;
    const why =
      e.name === 'TimeoutError'
        ? `timed out after ${opts.timeoutMs} ms`
        : `${e.message}${e.cause ? ` (${(e.cause as Error).message ?? e.cause})` : ''}`;
    throw new RetryableError(`fetch ${url}: ${why}`, { cause: err });
  } finally {
    release();
  }
}

/** A document kept in the repo or on disk (file:// URL): analyst-entered data is fetched like any other source. */
async function fileGet(url: string): Promise<HttpResult> {
  try {
    return {
      status: 'ok',
      body: await readFile(fileURLToPath(url), 'utf8'),
      etag: null,
      contentType: url.endsWith('.csv') ? 'text/csv' : 'application/octet-stream',
    };
  } catch (err) {
    throw new PermanentError(`read ${url}: ${(err as Error).message}`, { cause: err });
  }
}

/** GET with a timeout, If-None-Match and Retry-After honoured; errors classified here, where their meaning is known. */
export async function httpGet(
  url: string,
  opts: HttpOptions & { etag?: string | null; accept?: string },
): Promise<HttpResult> {
  if (url.startsWith('file:')) return fileGet(url);
  const headers: Record<string, string> = {
    'user-agent': opts.userAgent,
    accept: opts.accept ?? 'application/json, text/*;q=0.9, */*;q=0.5',
  };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  for (let waits = 0; ; waits += 1) {
    const res = await once(url, opts, headers);
    const etag = res.headers.get('etag');
    if (res.status === 304) return { status: 'not_modified', etag: etag ?? opts.etag ?? null };
    if (res.status === 429 || res.status >= 500) {
      await res.body?.cancel();
      const wait = retryAfterMs(res.headers.get('retry-after'));
      // the server said when to come back: wait it out here, within reason, rather than hammer it
      if (
        (res.status === 429 || res.status === 503) &&
        wait !== null &&
        wait <= (opts.maxRetryAfterMs ?? 60_000) &&
        waits < 3
      ) {
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      throw new RetryableError(
        `fetch ${url}: HTTP ${res.status}${wait !== null ? ` (Retry-After ${Math.round(wait / 1000)} s)` : ''}`,
      );
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new PermanentError(`fetch ${url}: HTTP ${res.status}`);
    }
    try {
      const body = await res.text();
      return {
        status: 'ok',
        body,
        etag,
        contentType: res.headers.get('content-type')?.split(';')[0]?.trim() ?? 'application/octet-stream',
      };
    } catch (err) {
      throw new RetryableError(`fetch ${url}: body interrupted (${(err as Error).message})`, { cause: err });
    }
  }
}
