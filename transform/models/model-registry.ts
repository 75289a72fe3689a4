import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError, zodIssues } from '../../schemas/errors.ts';
import type { ModelEntry } from '../../schemas/model.ts';
import {
  ModelAliasFields,
  ModelAliasRow,
  ModelRow,
  type ModelRegistry,
  type RegistryTexts,
} from '../../schemas/model-registry.ts';
import { readCsvRecords } from '../csv.ts';
import { modelKey } from './resolve-model.ts';
import { REPO_ROOT } from '../../schemas/repo-root.ts';

export const REGISTRY_DIR = path.join(REPO_ROOT, 'registry');
export const MODELS_FILE = path.join(REGISTRY_DIR, 'models.csv');
export const MODEL_ALIASES_FILE = path.join(REGISTRY_DIR, 'model-aliases.csv');

const aliasSlot = (source: string, alias: string): string => `${source}\t${alias}`;
// ranges are [from, to): an empty end is open
const overlaps = (a: ModelAliasRow, b: ModelAliasRow): boolean =>
  (!a.valid_from || !b.valid_to || a.valid_from < b.valid_to) &&
  (!b.valid_from || !a.valid_to || b.valid_from < a.valid_to);

function rowsOf<T extends z.ZodType>(
  text: string,
  schema: T,
  columns: string[],
  file: string,
  problems: string[],
): { line: number; row: z.infer<T> }[] {
  const { header, records } = readCsvRecords(text);
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    throw new ConfigError(`model registry ${file} lacks columns ${missing.join(', ')}: header is ${header.join(',')}`);
  const out: { line: number; row: z.infer<T> }[] = [];
  for (const { line, cells } of records) {
    const r = schema.safeParse(cells);
    if (r.success) out.push({ line, row: r.data });
    else problems.push(`${file} line ${line}: ${zodIssues(r.error)}`);
  }
  return out;
}

/** Pure: both CSV texts to the indexed registry; every bad row is reported with its file and line, then it throws. */
export function parseModelRegistry({
  models: modelsText,
  aliases: aliasesText,
  modelsFile = 'models.csv',
  aliasesFile = 'model-aliases.csv',
  aliasSources,
}: RegistryTexts): ModelRegistry {
  const problems: string[] = [];
  const models = new Map<string, ModelRow>();
  const modelKeys = new Map<string, string>();
  const modelLine = new Map<string, number>();
  for (const { line, row } of rowsOf(modelsText, ModelRow, Object.keys(ModelRow.shape), modelsFile, problems)) {
    const key = modelKey(row.model_id);
    const clash = modelKeys.get(key);
    if (clash !== undefined) {
      problems.push(
        `${modelsFile} line ${line}: ${row.model_id} ${clash === row.model_id ? 'already' : `reads the same as ${clash}`} on line ${modelLine.get(clash)}`,
      );
      continue;
    }
    models.set(row.model_id, row);
    modelKeys.set(key, row.model_id);
    modelLine.set(row.model_id, line);
  }

  const aliases = new Map<string, ModelAliasRow[]>();
  const aliasKeys = new Map<string, string>();
  const aliasKeyLine = new Map<string, number>();
  for (const { line, row } of rowsOf(
    aliasesText,
    ModelAliasRow,
    Object.keys(ModelAliasFields.shape),
    aliasesFile,
    problems,
  )) {
    const at = `${aliasesFile} line ${line}`;
    if (aliasSources && row.source !== '*' && !aliasSources.includes(row.source)) {
      problems.push(
        `${at}: source ${row.source} is not a source that contributes aliases (${aliasSources.join(', ')}, *)`,
      );
      continue;
    }
    if (!models.has(row.model_id)) {
      problems.push(`${at}: model_id ${row.model_id} is not in ${modelsFile}`);
      continue;
    }
    const slot = aliasSlot(row.source, row.alias);
    const rows = aliases.get(slot) ?? [];
    const alias = { ...row, line };
    const overlap = rows.find((r) => overlaps(r, alias));
    if (overlap) {
      problems.push(
        `${at}: ${row.source} alias ${JSON.stringify(row.alias)} overlaps the validity of line ${overlap.line}`,
      );
      continue;
    }
    const key = modelKey(row.alias);
    const sameAsModel = modelKeys.get(key);
    // an alias that reads as a model id must mean that model, or resolution would depend on the order of the steps
    if (sameAsModel !== undefined && sameAsModel !== row.model_id) {
      problems.push(
        `${at}: alias ${JSON.stringify(row.alias)} reads as model ${sameAsModel} but points to ${row.model_id}`,
      );
      continue;
    }
    aliases.set(slot, [...rows, alias]);
    if (row.valid_from || row.valid_to) continue;
    const keySlot = aliasSlot(row.source, key);
    const prior = aliasKeys.get(keySlot);
    if (prior !== undefined && prior !== row.model_id) {
      problems.push(
        `${at}: alias ${JSON.stringify(row.alias)} reads the same as the alias on line ${aliasKeyLine.get(keySlot)}, which points to ${prior}`,
      );
      continue;
    }
    aliasKeys.set(keySlot, row.model_id);
    aliasKeyLine.set(keySlot, line);
  }
  if (problems.length) throw new ConfigError(`model registry has bad rows:\n  ${problems.join('\n  ')}`);
  if (!models.size) throw new ConfigError(`model registry ${modelsFile} lists no model`);
  return { models, aliases, modelKeys, aliasKeys };
}

/** The reviewed model registry from registry/ (or the given files); a bad row stops the load with its file and line. */
export function loadModelRegistry(
  modelsFile = MODELS_FILE,
  aliasesFile = MODEL_ALIASES_FILE,
  aliasSources?: readonly string[],
): ModelRegistry {
  const read = (file: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new ConfigError(`model registry ${file}: ${(err as Error).message}`, { cause: err });
    }
  };
  return parseModelRegistry({
    models: read(modelsFile),
    aliases: read(aliasesFile),
    modelsFile,
    aliasesFile,
    aliasSources,
  });
}

let shared: ModelRegistry | null = null;
/** The reviewed registry, read once per process on first use: parsers take it as their default. */
export const sharedModelRegistry = (): ModelRegistry => (shared ??= loadModelRegistry());

/** The registry as rows of the models table, each with its aliases. */
export function modelEntries(registry: ModelRegistry, loadedAt: Date): ModelEntry[] {
  const aliases = new Map<string, string[]>();
  for (const rows of registry.aliases.values())
    for (const a of rows) {
      const range = a.valid_from || a.valid_to ? `@${a.valid_from}..${a.valid_to}` : '';
      aliases.set(a.model_id, [...(aliases.get(a.model_id) ?? []), `${a.source}:${a.alias}${range}`]);
    }
  return [...registry.models.values()].map((m) => ({
    ...m,
    release_date: m.release_date || null,
    aliases: (aliases.get(m.model_id) ?? []).sort(),
    loaded_at: loadedAt.toISOString(),
  }));
}

export type { ModelRegistry, ModelRow, ModelAliasRow } from '../../schemas/model-registry.ts';
