import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';
import { DecimalText } from './price-observation.ts';

const ts = "DateTime64(3, 'UTC')";
const count = z.number().int().nonnegative();

export const BenchmarkResult = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (benchmark, benchmark_version, source_model_id, snapshot_date)'),
  benchmark: col(
    z.string().regex(/^[a-z][a-z0-9_.-]*$/),
    'LowCardinality(String)',
    "benchmark id ('lmarena_text', 'aider_polyglot', 'swe_bench_verified', ...)",
  ),
  benchmark_version: col(
    z.string(),
    'LowCardinality(String)',
    "version or variant of the benchmark as published; '' when it has none",
  ),
  model: col(
    z.string(),
    'String',
    "canonical model id (registry/models.csv); '' while unresolved: see source_model_id",
  ),
  source_model_id: col(z.string().min(1), 'String', 'the model as the leaderboard names it, verbatim'),
  organization: col(
    z.string(),
    'LowCardinality(String)',
    "the organization as the leaderboard names it; '' when not given",
  ),
  score: col(DecimalText, 'Decimal(38, 6)', 'the score as published, exact'),
  unit: col(
    z.enum(['elo', 'percent', 'points']),
    'LowCardinality(String)',
    'elo (arena rating), percent (pass rate, accuracy) or points',
  ),
  ci_low: col(
    DecimalText.nullable(),
    'Nullable(Decimal(38, 6))',
    'lower end of the 95% confidence interval, when published',
  ),
  ci_high: col(
    DecimalText.nullable(),
    'Nullable(Decimal(38, 6))',
    'upper end of the 95% confidence interval, when published',
  ),
  rank: col(count.nullable(), 'Nullable(UInt32)', 'rank as published (ties share a rank); null when not given'),
  rank_style_control: col(
    count.nullable(),
    'Nullable(UInt32)',
    "LMArena's rank with style control, from Nov 2024; null before and elsewhere",
  ),
  votes: col(count.nullable(), 'Nullable(UInt64)', 'votes or samples behind the score, when published'),
  license: col(
    z.string(),
    'LowCardinality(String)',
    "license as published ('Proprietary', 'Apache 2.0', ...); '' when not given",
  ),
  snapshot_date: col(
    z.iso.date(),
    'Date',
    'the leaderboard as of this day: its own date, else the fetch time or --observed-at',
  ),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string().min(1), 'String', 'URL of the leaderboard document'),
  observed_at: col(z.iso.datetime(), ts, 'when the document was fetched (or --observed-at)'),
});
export type BenchmarkResult = z.infer<typeof BenchmarkResult>;

export const benchmarkResultsTable = defineTable({
  name: 'benchmark_results_store',
  schema: BenchmarkResult,
  engine: 'ReplacingMergeTree(observed_at)',
  orderBy: ['benchmark', 'benchmark_version', 'source_model_id', 'snapshot_date'],
  comment: 'leaderboard scores, one row per (benchmark version, model, snapshot): query benchmark_results',
});
