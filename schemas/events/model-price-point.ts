import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';
import { DecimalText } from './price-observation.ts';

const ts = "DateTime64(3, 'UTC')";
const score = (what: string): z.ZodType =>
  col(DecimalText.nullable(), 'Nullable(Decimal(38, 4))', `${what}; null when not given`);

// Epoch AI's price-trend inputs: one row per model and price date, the price already blended, scores beside it
export const ModelPricePoint = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (dataset, model_name, release_date)'),
  dataset: col(
    z.enum(['aa_data_with_math5', 'epoch_ai_price_data_not_in_aa']),
    'LowCardinality(String)',
    "the Epoch input file: Artificial Analysis-derived, or Epoch's own prices for models not in it",
  ),
  model_name: col(z.string().min(1), 'String', 'the model as the dataset names it, verbatim'),
  model: col(z.string(), 'String', "canonical model id (registry/models.csv); '' while unresolved"),
  release_date: col(
    z.iso.date(),
    'Date',
    "the dataset's Release Date: when the model, or this price of it, became available",
  ),
  usd_per_mtok_blended: col(
    DecimalText,
    'Decimal(38, 12)',
    'USD per 1M tokens, blended 3:1 input:output by the dataset, exact as published',
  ),
  reasoning: col(
    z.boolean(),
    'Bool',
    "a reasoning model in Epoch's method (DeepSeek-R1, o1, o1-mini, o1-preview, o3-mini): excluded from its trends",
  ),
  mmlu: score('MMLU, percent'),
  gpqa_diamond: score('GPQA Diamond, percent'),
  humaneval: score('HumanEval, percent'),
  math_500: score('MATH-500, percent'),
  arena_elo: score('LMSys Chatbot Arena ELO'),
  math_5: score('MATH level 5, percent'),
  tokens_per_second: score('output tokens per second, as measured by the dataset'),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string().min(1), 'String', 'URL of the dataset file'),
  observed_at: col(z.iso.datetime(), ts, 'when the file was fetched (or imported)'),
});
export type ModelPricePoint = z.infer<typeof ModelPricePoint>;

export const modelPricePointsTable = defineTable({
  name: 'model_price_points_store',
  schema: ModelPricePoint,
  engine: 'ReplacingMergeTree(observed_at)',
  orderBy: ['dataset', 'model_name', 'release_date'],
  comment: "Epoch AI's price-trend inputs (release date, blended price, scores): query model_price_points",
});
