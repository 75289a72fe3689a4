import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from '../schemas/logger.ts';
import { PermanentError, RetryableError, isRetriable } from '../schemas/errors.ts';
import type { KafkaNames } from '../schemas/topics.ts';
import type { Publisher } from '../sinks/kafka.ts';
import type { FetchStateStore } from './fetch-state-store.ts';
import { httpGet, type HttpOptions, type HttpResult } from './http-fetch.ts';
import { publishDocument, type PublishOutcome } from './publish-document.ts';
import { assertContact } from './contact.ts';
import { renderPage } from './render-page.ts';
import { isAllowed, parseRobots } from './robots.ts';
import type { SourceSpec } from './source.ts';

export interface FetchDeps {
  pub: Publisher;
  names: KafkaNames;
  fetchState: FetchStateStore;
  http: HttpOptions;
  log: Log;
  now: () => Date;
  respectRobots: boolean;
  chromiumPath: string;
  failedDir: string; // where a page that no longer parses is kept for inspection
  validate: (source: SourceSpec, url: string, payload: string) => void; // throws PermanentError on layout drift
}

const robotsCache = new Map<string, { rules: ReturnType<typeof parseRobots>; at: number }>();

async function checkRobots(url: string, deps: FetchDeps): Promise<void> {
  const u = new URL(url);
  const hit = robotsCache.get(u.origin);
  let rules = hit && Date.now() - hit.at < 3_600_000 ? hit.rules : null;
  if (!rules) {
    // a missing or unreadable robots.txt allows everything (RFC 9309); a server error does not
    const res: HttpResult | null = await httpGet(`${u.origin}/robots.txt`, {
      ...deps.http,
      accept: 'text/plain',
    }).catch((err: Error) => {
      if (err instanceof PermanentError) return null;
      throw err;
    });
    rules = res?.status === 'ok' ? parseRobots(res.body, deps.http.userAgent.split('/')[0] ?? 'rebar') : [];
    robotsCache.set(u.origin, { rules, at: Date.now() });
  }
  if (!isAllowed(rules, `${u.pathname}${u.search}`))
    throw new PermanentError(`fetch ${url}: disallowed by ${u.origin}/robots.txt`);
}

/** One fetch of one source: every document, each with robots, conditional GET or render, layout check, content hash. */
export async function fetchSource(source: SourceSpec, deps: FetchDeps): Promise<PublishOutcome[]> {
  if (source.requiresContact) assertContact(source, deps.http.userAgent);
  const outcomes: PublishOutcome[] = [];
  const failures: { url: string; err: Error }[] = [];
  // one document failing (a company without companyfacts) must not hold back the others; the job still fails, naming it
  const urls = source.urlsAt?.(deps.now()) ?? source.urls;
  for (const url of urls) {
    try {
      outcomes.push(await fetchDocument(source, url, deps));
    } catch (err) {
      if (urls.length === 1) throw err;
      failures.push({ url, err: err as Error });
    }
  }
  if (failures.length) {
    const detail = `${failures.length} of ${urls.length} documents failed (${outcomes.length} fetched): ${failures.map((f) => f.err.message).join('; ')}`;
    throw failures.every((f) => !isRetriable(f.err))
      ? new PermanentError(detail, { cause: failures[0]!.err })
      : new RetryableError(detail, { cause: failures[0]!.err });
  }
  return outcomes;
}

async function fetchDocument(source: SourceSpec, url: string, deps: FetchDeps): Promise<PublishOutcome> {
  const log = deps.log.child({ source: source.name });
  const stateKey = source.urls.length > 1 ? `${source.name}|${url}` : source.name;
  const last = deps.fetchState.get(stateKey);
  if (source.kind === 'page' && deps.respectRobots) await checkRobots(url, deps);
  let res: HttpResult;
  if (source.render) {
    const release = deps.http.acquire ? await deps.http.acquire(new URL(url).host) : () => undefined;
    try {
      res = {
        status: 'ok',
        body: await renderPage(url, {
          chromiumPath: deps.chromiumPath,
          timeoutMs: deps.http.timeoutMs,
          userAgent: deps.http.userAgent,
        }),
        etag: null,
        contentType: 'text/html',
      };
    } finally {
      release();
    }
  } else {
    res = await httpGet(url, { ...deps.http, etag: last?.etag ?? null });
  }
  if (res.status === 'not_modified') {
    log.info({ url }, 'not modified (ETag)');
    return { status: 'unchanged', content_hash: last?.content_hash ?? '' };
  }
  if (source.kind === 'page') {
    try {
      deps.validate(source, url, res.body);
    } catch (err) {
      if (!(err instanceof PermanentError)) throw err;
      const file = path.join(
        deps.failedDir,
        source.name,
        `${deps.now().toISOString().replace(/[:.]/g, '-')}.${res.contentType.includes('html') ? 'html' : 'txt'}`,
      );
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, res.body);
      throw new PermanentError(`${source.name}: ${err.message}; the page is saved at ${file}`, { cause: err });
    }
  }
  const now = deps.now();
  const outcome = await publishDocument(
    {
      source: source.name,
      stateKey,
      url,
      payload: res.body,
      contentType: res.contentType,
      etag: res.etag,
      fetchedAt: now,
      observedAt: now,
      complete: source.complete,
      origin: 'fetch',
    },
    deps,
  );
  log.info({ url, bytes: res.body.length, status: outcome.status }, 'document fetched');
  return outcome;
}
