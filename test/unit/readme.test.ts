import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { columns } from '../../schemas/clickhouse.ts';
import { Env } from '../../schemas/env.ts';
import { allTopics } from '../../schemas/topics.ts';
import { tables } from '../../sinks/migrate.ts';
import { views } from '../../views/store-views.ts';
const REPO = path.resolve(import.meta.dirname, '../..');

// the README documents every column, topic, view and setting: this keeps it from drifting
describe('README', () => {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');

  it('documents every column of every table', () => {
    for (const t of tables)
      for (const c of columns(t))
        expect(readme, `${t.name}.${c.name}`).toContain(`| \`${c.name}\` | ${c.type.replace(/\s+CODEC.*$/, '')} |`);
  });

  it('documents every view, topic and setting', () => {
    for (const v of views) expect(readme).toContain(`\`${v.name}\``);
    for (const t of allTopics) expect(readme).toContain(`\`${t.name}\``);
    for (const key of Object.keys(Env.shape)) expect(readme, key).toContain(key);
  });

  it('states the two commands', () => {
    expect(readme).toMatch(/npm ci && npm start/);
    expect(readme).toMatch(/npm test/);
  });
});

describe('event contract files', () => {
  it('docs/schemas/*.schema.json and docs/asyncapi.json match the zod schemas (npm run docs regenerates them)', async () => {
    const { eventSchemaFiles } = await import('../../docs/event-schemas.ts');
    for (const [file, content] of Object.entries(eventSchemaFiles())) {
      expect(readFileSync(path.join(REPO, 'docs', file), 'utf8'), file).toBe(content);
    }
  });
});
