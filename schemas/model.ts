import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';

// the canonical model registry (registry/models.csv) as analysts query it
export const ModelEntry = z.object({
  model_id: col(z.string().min(1), 'String', 'canonical model id: a dated snapshot is its own model'),
  display_name: col(z.string(), 'String', 'name as the vendor presents it'),
  organization: col(
    z.string(),
    'LowCardinality(String)',
    'creator organization (openai, anthropic, google, meta, ...)',
  ),
  family: col(z.string(), 'LowCardinality(String)', 'model family'),
  release_date: col(z.iso.date().nullable(), 'Nullable(Date)', 'first public availability; null unless confirmed'),
  open_weights: col(z.boolean(), 'Bool', 'weights published'),
  reasoning: col(z.boolean(), 'Bool', 'emits a thinking trace before answering (hybrid modes included)'),
  aliases: col(z.array(z.string()), 'Array(String)', "the names sources use for it, as 'source:alias[@from..to]'"),
  loaded_at: col(
    z.iso.datetime(),
    "DateTime64(3, 'UTC')",
    'when this registry version was loaded: the models view shows the latest load only',
  ),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

export const modelsTable = defineTable({
  name: 'models_store',
  schema: ModelEntry,
  engine: 'ReplacingMergeTree(loaded_at)',
  orderBy: ['model_id'],
  comment:
    'the model registry (registry/models.csv and model-aliases.csv), one version per load: query the models view',
});
