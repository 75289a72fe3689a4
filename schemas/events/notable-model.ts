import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';

const ts = "DateTime64(3, 'UTC')";
// Epoch's estimates arrive already float-serialized by pandas (4.020010000000001e+24): Float64 keeps them as published
const estimate = (what: string) =>
  col(z.number().nonnegative().nullable(), 'Nullable(Float64)', `${what}, Epoch's estimate; null when not given`);

// Epoch AI's notable and frontier AI models: release dates and organizations the model registry joins on
export const NotableModel = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (dataset, model_name, publication_date)'),
  dataset: col(
    z.enum(['notable_ai_models', 'frontier_ai_models']),
    'LowCardinality(String)',
    "the Epoch file: notable models, or the frontier subset (each row's values as that file gives them)",
  ),
  model_name: col(z.string().min(1), 'String', 'the model as the dataset names it, verbatim'),
  model: col(z.string(), 'String', "canonical model id (registry/models.csv); '' while unresolved"),
  organization: col(
    z.string(),
    'String',
    "the organization(s) as published, verbatim; several are comma-separated ('Zhipu AI,Tsinghua University')",
  ),
  publication_date: col(
    z.iso.date(),
    'Date',
    "the dataset's Publication date: when the model was announced or released",
  ),
  domain: col(
    z.string(),
    'LowCardinality(String)',
    "domains, comma-separated as published ('Multimodal,Language,Vision'); '' when not given",
  ),
  task: col(z.string(), 'String', "tasks, comma-separated as published; '' when not given"),
  parameters: estimate('parameter count'),
  training_compute_flop: estimate('training compute in FLOP'),
  model_accessibility: col(
    z.string(),
    'LowCardinality(String)',
    "as published ('API access', 'Open weights (unrestricted)', 'Unreleased', ...); '' when not given",
  ),
  open_weights: col(
    z.boolean().nullable(),
    'Nullable(Bool)',
    "from model_accessibility: true for 'Open weights (...)', false for API, hosted-only or unreleased; null when not given",
  ),
  country: col(
    z.string(),
    'LowCardinality(String)',
    "the organization's country as published; several are comma-separated; '' when not given",
  ),
  link: col(z.string(), 'String', "the model's paper or announcement; '' when not given"),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string().min(1), 'String', 'URL of the dataset file'),
  observed_at: col(z.iso.datetime(), ts, 'when the file was fetched (or imported)'),
});
export type NotableModel = z.infer<typeof NotableModel>;

export const notableModelsTable = defineTable({
  name: 'notable_models_store',
  schema: NotableModel,
  engine: 'ReplacingMergeTree(observed_at)',
  orderBy: ['dataset', 'model_name', 'publication_date'],
  comment:
    "Epoch AI's notable and frontier AI models (publication date, organization, size, access): query notable_models",
});
