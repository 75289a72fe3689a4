/** A price sheet source: where it lives, when to fetch it, and whether it lists the whole sheet. */
export interface SourceSpec {
  name: string;
  description: string;
  url: string;        // default: the real public URL; the base is configurable
  schedule: string;   // cron, UTC
  complete: boolean;  // a series missing from the document has been removed
}

export function joinUrl(base: string, pathPart: string): string {
  return `${base.replace(/\/+$/, '')}/${pathPart.replace(/^\/+/, '')}`;
}
