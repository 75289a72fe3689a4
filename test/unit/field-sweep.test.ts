import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sources } from '../../ingest/sources/index.ts';
import { readCsvRecords } from '../../transform/csv.ts';
import { readYaml } from '../../transform/yaml.ts';

// docs/field-sweep.md names, per source, every field of its recorded documents and what rebar does with it:
// a fixture, or a field in one, that the document does not name fails here, with the field's path in the message
const REPO = path.resolve(import.meta.dirname, '../..');
const DOC = path.join(REPO, 'docs/field-sweep.md');

// recorded files beside the documents that are not documents rebar reads: named in the section, fields not swept
const NOT_DOCUMENTS = new Set([
  'genai-prices/data.schema.json', // the JSON Schema of data.json
  'openai-pricing-page/openai_pricing_parsed_2023-12-14__kokenconsulting_e9d85cdf.json', // the scraper's own parse
]);

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Date);

/** The path segment of `key` under `parent`: a placeholder where keys are data (model ids), or a leaf not walked into. */
type Segment = (parent: string, key: string, value: unknown) => string | { leaf: string };
const SEGMENTS: Record<string, Segment> = {
  // top-level keys are model ids; sample_spec documents the format; last_updated is the mirror's own stamp
  litellm: (parent, key, value) =>
    parent !== '' ? key : key === 'sample_spec' ? { leaf: key } : isObj(value) ? '<model>' : key,
  // match rules are trees of or/and/equals/starts_with... clauses: one field each
  'genai-prices': (_parent, key) => (['match', 'model_match', 'provider_match'].includes(key) ? { leaf: key } : key),
  'gpu-price-tracker': (parent, key) =>
    parent === 'by_provider' ? '<provider>' : parent === 'by_config' ? '<config>' : key,
  'sec-companyfacts': (parent, key) =>
    parent === 'facts'
      ? '<taxonomy>'
      : parent === 'facts.<taxonomy>'
        ? '<concept>'
        : parent.endsWith('.units')
          ? '<unit>'
          : key,
};

/**
 * Every field path of a JSON/YAML value, as the document names them: `a.b` for keys, `a[]` for array items (a root
 * array's items have no prefix). Objects and arrays are walked into; a path is recorded where a value ends (a scalar,
 * null, [] or {}).
 */
function fieldPaths(doc: unknown, segment: Segment = (_p, k) => k, out = new Set<string>()): Set<string> {
  const walk = (v: unknown, prefix: string): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) out.add(`${prefix}[]`);
      for (const x of v) walk(x, prefix === '' ? '' : `${prefix}[]`);
    } else if (isObj(v)) {
      if (Object.keys(v).length === 0 && prefix) out.add(prefix);
      for (const [k, x] of Object.entries(v)) {
        const s = segment(prefix, k, x);
        const p = (seg: string): string => (prefix ? `${prefix}.${seg}` : seg);
        if (typeof s === 'object') out.add(p(s.leaf));
        else walk(x, p(s));
      }
    } else out.add(prefix);
  };
  walk(doc, '');
  return out;
}

const filesUnder = (p: string): string[] =>
  statSync(p).isDirectory() ? readdirSync(p).flatMap((f) => filesUnder(path.join(p, f))) : [p];

/** The fields of one recorded file: paths for JSON, JSON lines and YAML, columns for CSV; null for other documents. */
function fieldsOf(source: string, file: string): Set<string> | null {
  const text = readFileSync(file, 'utf8');
  const segment = SEGMENTS[source];
  if (/\.jsonl$/.test(file)) {
    const out = new Set<string>();
    for (const line of text.split('\n')) if (line.trim()) fieldPaths(JSON.parse(line), segment, out);
    return out;
  }
  if (/\.json$/.test(file)) return fieldPaths(JSON.parse(text), segment);
  if (/\.ya?ml$/.test(file)) return fieldPaths(readYaml(text), segment);
  if (/\.csv$/.test(file)) return new Set(readCsvRecords(text).header.filter(Boolean));
  return null;
}

/** The text under '## <name>' up to the next '## ' heading; undefined when there is none. */
function section(doc: string, name: string): string | undefined {
  return doc
    .split(/^## /m)
    .slice(1)
    .find((s) => s.split('\n')[0]!.trim() === name);
}

describe('docs/field-sweep.md', () => {
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';

  it('exists', () => {
    expect(doc, 'docs/field-sweep.md').not.toBe('');
  });

  describe.each(sources.map((s) => [s.name, s.fixtures] as const))('%s', (name, fixtures) => {
    const root = path.join(REPO, fixtures);
    const docs = filesUnder(root).filter((f) => path.basename(f) !== 'SOURCES.md');
    const rel = (f: string): string => path.relative(path.join(REPO, 'test/fixtures'), f);

    it('has a section naming every recorded document', () => {
      const text = section(doc, name);
      expect(text, `no '## ${name}' section in docs/field-sweep.md`).toBeDefined();
      const unnamed = docs.map((f) => path.basename(f)).filter((b) => !text!.includes(b));
      expect(unnamed, `${name}: fixtures not named in its section of docs/field-sweep.md`).toEqual([]);
    });

    it('names every field of its JSON, YAML and CSV documents', () => {
      const text = section(doc, name) ?? '';
      const missing = docs
        .filter((f) => !NOT_DOCUMENTS.has(rel(f)))
        .flatMap((f) => [...(fieldsOf(name, f) ?? [])].map((field) => ({ field, file: path.basename(f) })))
        .filter(({ field }) => !text.includes(`\`${field}\``));
      const byField = [...new Map(missing.map((m) => [m.field, m.file])).entries()].map(
        ([field, file]) => `${field} (in ${file})`,
      );
      expect(byField, `${name}: fields with no line in its section of docs/field-sweep.md`).toEqual([]);
    });
  });
});
