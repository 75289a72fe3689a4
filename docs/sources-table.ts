import { sources } from '../ingest/sources/index.ts';
import { configureSource, type SourceDefinition } from '../ingest/source.ts';
import { topics } from '../schemas/topics.ts';

// no override: the default URLs, as a fresh install fetches them
const DEFAULTS = { bases: {}, schedules: {} };
const esc = (s: string): string => s.replace(/\|/g, '\\|');
const shown = (url: string): string => url.replace(/^https?:\/\//, '').replace(/^file:\/\/.*\/registry\//, 'registry/');
const output = (s: SourceDefinition): string => {
  if (typeof s.transformer === 'function') return 'a topic per file';
  const topic = s.transformer.output === 'prices' ? 'priceObservations' : s.transformer.topic;
  return `\`${topics[topic].name}\``;
};

/** The README's sources table, one row per source definition: `npm run docs` writes it, a unit test checks it. */
export function sourcesTable(): string {
  const rows = sources.map((s) => {
    const { urls } = configureSource(s, DEFAULTS, { trackedCiks: ['##########'], renderPages: true });
    const where = urls.length === 1 ? shown(urls[0]!) : `${shown(urls[0]!)} (+${urls.length - 1})`;
    return `| \`${s.name}\` | ${esc(s.description)} | ${esc(where)} | \`${s.schedule}\`${s.scheduledByDefault ? '' : ' (not by default)'} | ${output(s)} |`;
  });
  return ['| name | what | default URL | schedule (cron, UTC) | into |', '|---|---|---|---|---|', ...rows].join('\n');
}
