import { z } from 'zod';

// the reviewed model registry's rows (registry/models.csv, model-aliases.csv) and its index, shared by its readers
const ModelId = z.string().regex(/^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/, 'lowercase letters, digits, dots and hyphens');
const Slug = z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'a lowercase id');
const Day = z.union([z.literal(''), z.iso.date('YYYY-MM-DD or empty')]);
const Flag = z.enum(['true', 'false'], 'true or false').transform((s) => s === 'true');

export const ModelRow = z.object({
  model_id: ModelId,
  display_name: z.string().min(1),
  organization: Slug,
  family: Slug,
  release_date: Day,
  open_weights: Flag,
  reasoning: Flag,
});
export type ModelRow = z.infer<typeof ModelRow>;

export const ModelAliasFields = z.object({
  // a source's name (the sources that contribute aliases say so in their definition), or '*' for any
  source: z.union([z.literal('*'), Slug]),
  alias: z.string().min(1),
  model_id: ModelId,
  valid_from: Day,
  valid_to: Day,
  note: z.string(),
});
export const ModelAliasRow = ModelAliasFields.refine((a) => !a.valid_from || !a.valid_to || a.valid_from < a.valid_to, {
  message: 'valid_from must be before valid_to',
  path: ['valid_to'],
});
export type ModelAliasRow = z.infer<typeof ModelAliasRow> & { line: number };

export interface ModelRegistry {
  models: Map<string, ModelRow>;
  /** `${source}\t${alias}` as spelled -> its rows, one per validity range */
  aliases: Map<string, ModelAliasRow[]>;
  /** modelKey(model_id) -> model_id */
  modelKeys: Map<string, string>;
  /** `${source}\t${modelKey(alias)}` -> model_id, for aliases without a validity range only */
  aliasKeys: Map<string, string>;
}

export interface RegistryTexts {
  models: string;
  aliases: string;
  modelsFile?: string;
  aliasesFile?: string;
  // the sources whose spellings an alias may name (from the source definitions); unchecked when absent
  aliasSources?: readonly string[];
}
