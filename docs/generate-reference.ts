// rewrites the generated parts of README.md (sources, topics, views, tables) and docs/ (JSON Schemas, AsyncAPI) from the schemas: `npm run docs`
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { columns } from '../schemas/clickhouse.ts';
import { allTopics } from '../schemas/topics.ts';
import { tables } from '../sinks/migrate.ts';
import { views } from '../views/store-views.ts';
import { eventSchemaFiles } from './event-schemas.ts';
import { sourcesTable } from './sources-table.ts';

const esc = (s: string): string => s.replace(/\|/g, '\\|');
const readme = path.resolve(import.meta.dirname, '../README.md');

const topicsMd = [
  '| topic | key | partitions | retention | what |',
  '|---|---|---|---|---|',
  ...allTopics.map(
    (t) =>
      `| \`${t.name}\` | \`${t.key}\` | ${t.partitions} | ${Number(t.config['retention.ms']) / 86_400_000} days | ${esc(t.description)} |`,
  ),
].join('\n');

const viewsMd = ['| view | what |', '|---|---|', ...views.map((v) => `| \`${v.name}\` | ${esc(v.comment)} |`)].join(
  '\n',
);

const tablesMd = tables
  .map((t) =>
    [
      `#### \`${t.name}\``,
      '',
      esc(t.comment),
      '',
      '| column | type | meaning |',
      '|---|---|---|',
      ...columns(t).map((c) => `| \`${c.name}\` | ${c.type.replace(/\s+CODEC.*$/, '')} | ${esc(c.description)} |`),
    ].join('\n'),
  )
  .join('\n\n');

function replace(text: string, marker: string, body: string): string {
  const re = new RegExp(`(<!-- generated:${marker} -->\\n)[\\s\\S]*?(<!-- /generated:${marker} -->)`);
  if (!re.test(text)) throw new Error(`README.md has no generated:${marker} block`);
  return text.replace(re, `$1${body}\n$2`);
}

let text = readFileSync(readme, 'utf8');
text = replace(text, 'sources', sourcesTable());
text = replace(text, 'topics', topicsMd);
text = replace(text, 'views', viewsMd);
text = replace(text, 'tables', tablesMd);
writeFileSync(readme, text);

for (const [file, content] of Object.entries(eventSchemaFiles())) {
  const target = path.resolve(import.meta.dirname, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}
