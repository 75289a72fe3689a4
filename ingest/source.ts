import type { Transformer } from '../transform/transformer.ts';

/** What a source's documents depend on besides its base URLs, read once from the environment and registry. */
export interface SourceContext {
  trackedCiks: string[]; // SEC per-company documents
  renderPages: boolean; // REBAR_RENDER_OPENAI_PAGE
}

/** One source, in one file: where it lives, when to fetch it, how to read it, and where its fixtures are. */
export interface SourceDefinition {
  name: string;
  description: string;
  // default base URLs (the real public ones); the source's own name is its main base, REBAR_BASE_URLS overrides any
  bases: Record<string, string>;
  // every document of the source, each fetched and published on its own
  documents: (base: (key?: string) => string, ctx: SourceContext) => string[];
  // documents named by date (a weekly snapshot): chosen at fetch time, in place of documents
  documentsAt?: (base: (key?: string) => string, now: Date) => string[];
  schedule: string; // cron, UTC (6 fields allowed: seconds first)
  scheduledByDefault: boolean; // in the default REBAR_SOURCES
  expectedRefreshMs: number; // older than this since the last good fetch: stale
  complete: boolean; // a series missing from the document has been removed
  kind: 'sheet' | 'page'; // pages honour robots.txt and are checked by their parser before publishing
  render?: (ctx: SourceContext) => boolean; // the page builds its prices in the browser: Playwright renders it
  requiresContact?: boolean; // the host asks for a User-Agent naming a contact e-mail (SEC fair access)
  // the reader of its documents; a source of several datasets picks one by the document's URL
  transformer: Transformer | ((url: string) => Transformer);
  modelAliases?: boolean; // registry/model-aliases.csv may list this source's spellings of model ids
  fixtures: string; // its recorded documents, relative to the repo root
}

/** A source as configured for this run: its URLs resolved. */
export interface SourceSpec {
  name: string;
  description: string;
  url: string; // the first document (or the folder of them): shown in status and the sources table
  urls: string[];
  schedule: string;
  expectedRefreshMs: number;
  complete: boolean;
  kind: 'sheet' | 'page';
  render: boolean;
  requiresContact?: boolean;
  urlsAt?: (now: Date) => string[];
  transformerFor: (url: string) => Transformer;
}

export const defineSource = (def: SourceDefinition): SourceDefinition => def;

/** The definition with its bases and schedule as configured (REBAR_BASE_URLS, REBAR_SCHEDULES override the defaults). */
export function configureSource(
  def: SourceDefinition,
  overrides: { bases: Record<string, string>; schedules: Record<string, string> },
  ctx: SourceContext,
): SourceSpec {
  const base = (key: string = def.name): string => overrides.bases[key] ?? def.bases[key]!;
  const urls = def.documents(base, ctx);
  const { transformer } = def;
  return {
    name: def.name,
    description: def.description,
    url: urls.length === 1 ? urls[0]! : base(),
    urls,
    schedule: overrides.schedules[def.name] ?? def.schedule,
    expectedRefreshMs: def.expectedRefreshMs,
    complete: def.complete,
    kind: def.kind,
    render: def.render?.(ctx) ?? false,
    requiresContact: def.requiresContact,
    urlsAt: def.documentsAt && ((now) => def.documentsAt!(base, now)),
    transformerFor: typeof transformer === 'function' ? transformer : () => transformer,
  };
}

export function joinUrl(base: string, pathPart: string): string {
  return `${base.replace(/\/+$/, '')}/${pathPart.replace(/^\/+/, '')}`;
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
