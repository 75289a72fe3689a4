import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourcesTable } from '../../docs/sources-table.ts';
import { configureSource } from '../../ingest/source.ts';
import { aliasSources, configuredSourceNames, sources, transformerFor } from '../../ingest/sources/index.ts';
import { loadModelRegistry } from '../../transform/models/model-registry.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(REPO, 'test/fixtures');
const SOURCES_DIR = path.join(REPO, 'ingest/sources');
const filesUnder = (p: string): string[] =>
  statSync(p).isDirectory() ? readdirSync(p).flatMap((f) => filesUnder(path.join(p, f))) : [p];

// adding a source is its folder, its fixtures and its test: this keeps each of them from being forgotten
describe('every source is one unit', () => {
  it('the index lists every folder of ingest/sources/, once, by its name', () => {
    const folders = readdirSync(SOURCES_DIR).filter((f) => statSync(path.join(SOURCES_DIR, f)).isDirectory());
    expect(sources.map((s) => s.name).sort()).toEqual(folders.sort());
    expect(new Set(sources.map((s) => s.name)).size).toBe(sources.length);
  });

  describe.each(sources.map((s) => [s.name, s] as const))('%s', (name, source) => {
    it('has its definition and parser in its folder', () => {
      const files = readdirSync(path.join(SOURCES_DIR, name));
      expect(files).toContain('source.ts');
      const parsers = files.filter((f) => f.startsWith('parse'));
      expect(parsers.length, `${name}: no parse*.ts`).toBeGreaterThan(0);
      // one thing, one name: the parser of llm-prices is parseLlmPrices; one per dataset where there are several
      const pascal = name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
      const named = new RegExp(`export function parse${pascal}${parsers.length > 1 ? '[A-Z]\\w*' : ''}\\(`);
      const texts = parsers.map((f) => readFileSync(path.join(SOURCES_DIR, name, f), 'utf8'));
      expect(
        texts.some((t) => named.test(t)),
        `parse${pascal}`,
      ).toBe(true);
    });

    it('has recorded documents with their provenance', () => {
      const fixtures = path.join(REPO, source.fixtures);
      expect(existsSync(fixtures), source.fixtures).toBe(true);
      const docs = filesUnder(fixtures).filter((f) => !f.endsWith('SOURCES.md'));
      expect(docs.length, `${source.fixtures}: no document`).toBeGreaterThan(0);
      if (!source.fixtures.startsWith('test/fixtures/')) return; // a reviewed registry file is its own provenance
      const own = path.join(fixtures, 'SOURCES.md');
      const provenance = [
        existsSync(own) ? readFileSync(own, 'utf8') : '',
        readFileSync(path.join(FIXTURES, 'SOURCES.md'), 'utf8'),
      ];
      for (const doc of docs)
        expect(
          provenance.some((text) => text.includes(path.basename(doc))),
          `${path.relative(FIXTURES, doc)}: not in its SOURCES.md nor test/fixtures/SOURCES.md`,
        ).toBe(true);
    });

    it('has a parser test named after it', () => {
      const file = path.join(REPO, 'test/unit/sources', `${name}.test.ts`);
      const folder = path.join(REPO, 'test/unit/sources', name);
      const tests = existsSync(file) ? [file] : existsSync(folder) ? filesUnder(folder) : [];
      expect(tests.length, `test/unit/sources/${name}.test.ts`).toBeGreaterThan(0);
      expect(
        tests.some(
          (t) =>
            readFileSync(t, 'utf8').includes(`from '../../../ingest/sources/${name}/`) ||
            readFileSync(t, 'utf8').includes(`from '../../../../ingest/sources/${name}/`),
        ),
      ).toBe(true);
    });

    it('has a transformer for each of its documents', () => {
      const { urls } = configureSource(
        source,
        { bases: {}, schedules: {} },
        { trackedCiks: ['0001045810'], renderPages: false },
      );
      expect(urls.length).toBeGreaterThan(0);
      for (const url of urls) expect(transformerFor(name, url), url).toBeDefined();
    });
  });

  it('the README table is the one the definitions give (npm run docs)', () => {
    const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain(`<!-- generated:sources -->\n${sourcesTable()}\n<!-- /generated:sources -->`);
  });

  it('the model registry names only sources that contribute aliases', () => {
    expect(aliasSources()).toEqual(['litellm', 'openrouter', 'lmarena', 'aider']);
    expect(() => loadModelRegistry(undefined, undefined, aliasSources())).not.toThrow();
    expect(() => loadModelRegistry(undefined, undefined, ['litellm'])).toThrow(
      /is not a source that contributes aliases/,
    );
  });

  it('REBAR_SOURCES is checked against the list; unset, it is every source scheduled by default', () => {
    expect(configuredSourceNames({ REBAR_SOURCES: undefined })).toEqual(
      sources.filter((s) => s.scheduledByDefault).map((s) => s.name),
    );
    expect(configuredSourceNames({ REBAR_SOURCES: ['litellm', 'epoch'] })).toEqual(['litellm', 'epoch']);
    expect(() => configuredSourceNames({ REBAR_SOURCES: ['litellm', 'nowhere'] })).toThrow(
      /unknown source nowhere: known sources are litellm, openrouter/,
    );
  });
});
