/** A price source: where it lives, when to fetch it, how to read it. */
export interface SourceSpec {
  name: string;
  description: string;
  url: string; // default: the real public URL; the base is configurable
  urls: string[]; // every document of the source ([url] for a single sheet), each fetched and published on its own
  schedule: string; // cron, UTC (6 fields allowed: seconds first)
  expectedRefreshMs: number; // older than this since the last good fetch: stale
  complete: boolean; // a series missing from the document has been removed
  kind: 'sheet' | 'page'; // pages honour robots.txt and are checked by their parser before publishing
  render: boolean; // true: the page builds its prices in the browser, Playwright renders it
  requiresContact?: boolean; // the host asks for a User-Agent naming a contact e-mail (SEC fair access)
  urlsAt?: (now: Date) => string[]; // documents named by date (a weekly snapshot): chosen at fetch time, in place of urls
}

export function joinUrl(base: string, pathPart: string): string {
  return `${base.replace(/\/+$/, '')}/${pathPart.replace(/^\/+/, '')}`;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const single = (spec: Omit<SourceSpec, 'urls'>): SourceSpec => ({ ...spec, urls: [spec.url] });
