import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';

const f = (d: string) => col(z.number(), 'Float64', d);
const maybe = (d: string) => col(z.number().nullable(), 'Nullable(Float64)', d);

// model_prices_by_day (and _all) kept at insert time (sinks/model-prices-store.ts): one row per variant, day and model
export const ModelPricesByDay = z.object({
  variant: col(z.enum(['moves', 'all']), 'LowCardinality(String)', "'moves' (model_prices_by_day) or 'all' (_all)"),
  day: col(z.iso.date(), 'Date', 'a day a registry-resolved price was observed'),
  model_id: col(z.string(), 'LowCardinality(String)', 'the registry model'),
  organization: col(z.string(), 'String', "the model's maker"),
  open_weights: col(z.boolean(), 'Bool', 'weights published'),
  reasoning: col(z.boolean(), 'Bool', 'a reasoning model'),
  release_date: col(z.iso.date().nullable(), 'Nullable(Date)', 'when it was released'),
  providers: col(z.number().int(), 'UInt64', 'providers selling it that day'),
  first_party: col(z.number().int(), 'UInt8', '1 when its maker sells it'),
  first_party_input: maybe("the maker's input price"),
  first_party_output: maybe("the maker's output price"),
  median_input: f('median input price across providers'),
  median_output: f('median output price across providers'),
  min_input: f('lowest input price'),
  max_input: f('highest input price'),
  min_output: f('lowest output price'),
  max_output: f('highest output price'),
  provider_prices: col(
    z.array(z.tuple([z.string(), z.number(), z.number()])),
    'Array(Tuple(String, Float64, Float64))',
    '(provider, input, output), sorted',
  ),
  refreshed_at: col(z.iso.datetime(), "DateTime64(3, 'UTC')", 'when the refresh that wrote this row ran'),
  is_deleted: col(z.number().int(), 'UInt8', '1 retires the row (the model no longer priced that day)'),
});

export const modelPricesByDayTable = defineTable({
  name: 'model_prices_by_day_store',
  schema: ModelPricesByDay,
  engine: 'ReplacingMergeTree(refreshed_at, is_deleted)',
  orderBy: ['variant', 'day', 'model_id'],
  comment:
    'model_prices_by_day and model_prices_by_day_all kept at insert time: each refresh rewrites the days from the earliest one new input can change; query the views',
});

/** The columns of the model_prices_by_day views, in their order. */
export const MODEL_PRICES_BY_DAY_COLUMNS = Object.keys(ModelPricesByDay.shape).filter(
  (c) => c !== 'variant' && c !== 'refreshed_at' && c !== 'is_deleted',
);
