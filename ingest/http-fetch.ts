import { PermanentError, RetryableError } from '../schemas/errors.ts';

export interface HttpOptions { timeoutMs: number; userAgent: string }

export type HttpResult =
  | { status: 'not_modified'; etag: string | null }
  | { status: 'ok'; body: string; etag: string | null; contentType: string };

/** GET with a timeout and If-None-Match; errors classified here, where their meaning is known. */
export async function httpGet(url: string, opts: HttpOptions & { etag?: string | null }): Promise<HttpResult> {
  const headers: Record<string, string> = { 'user-agent': opts.userAgent, accept: 'application/json, text/*;q=0.9, */*;q=0.5' };
  if (opts.etag) headers['if-none-match'] = opts.etag;
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(opts.timeoutMs), redirect: 'follow' });
  } catch (err) {
    const e = err as Error;
    const why = e.name === 'TimeoutError' ? `timed out after ${opts.timeoutMs} ms` : `${e.message}${e.cause ? ` (${(e.cause as Error).message ?? e.cause})` : ''}`;
    throw new RetryableError(`fetch ${url}: ${why}`, { cause: err });
  }
  const etag = res.headers.get('etag');
  if (res.status === 304) return { status: 'not_modified', etag: etag ?? opts.etag ?? null };
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel();
    throw new RetryableError(`fetch ${url}: HTTP ${res.status}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new PermanentError(`fetch ${url}: HTTP ${res.status}`);
  }
  let body: string;
  try {
    body = await res.text();
  } catch (err) {
    throw new RetryableError(`fetch ${url}: body interrupted (${(err as Error).message})`, { cause: err });
  }
  return { status: 'ok', body, etag, contentType: res.headers.get('content-type')?.split(';')[0]?.trim() ?? 'application/octet-stream' };
}
