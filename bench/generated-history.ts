// a synthetic history made in ClickHouse with INSERT ... SELECT FROM numbers(): the metrics bench's price
// observations, models, scores and share rows (bench/metrics-bench.ts), and for the dashboard bench GPU prices and
// Epoch-style price points; every column of each table's schema filled
import { columns, type TableSpec } from '../schemas/clickhouse.ts';
import { benchmarkResultsTable } from '../schemas/events/benchmark-result.ts';
import { gpuPriceObservationsTable } from '../schemas/events/gpu-price-observation.ts';
import { marketShareObservationsTable } from '../schemas/events/market-share.ts';
import { modelPricePointsTable } from '../schemas/events/model-price-point.ts';
import { priceObservationsTable } from '../schemas/events/price-observation.ts';
import { rawDocumentsTable } from '../schemas/raw-document.ts';
import { modelsTable } from '../schemas/model.ts';
import type { Warehouse } from '../sinks/clickhouse.ts';

// Shapes: models x providers x token classes x days = N price rows (1,000 x 10 x 2 x 500 at N = 10M), one complete
// document per provider (a source of its own) and day; share series x periods x entities = N share rows (100 x 1,000 x 100).
export const MODELS = 1000;
export const PROVIDERS = 10;
const MAKERS = 5; // provider_0..provider_4 also make models (first-party prices); provider_5..9 only host
export const SNAPSHOTS = 3; // leaderboard snapshots: models are re-rated, model_scores keeps the latest
export const SEGMENTS = 100;
export const ENTITIES = 100; // even: entities move in pairs whose shares add to a constant, so a period sums to 100
const CHUNK = 1_000_000; // rows per INSERT: bounded memory, and one part per chunk as a stream of inserts would leave
export const BENCHMARK = 'bench_arena';
const modelIdSql = (m: string): string => `concat('m', leftPad(toString(${m} + 1), 4, '0'))`;

/**
 * INSERT INTO table SELECT with one expression per column of the table's schema: a schema column without one (a
 * field added later) stops the bench with its name, rather than leaving it to its type's default.
 */
async function insertSelect(
  wh: Warehouse,
  table: TableSpec,
  exprs: Record<string, string>,
  inner: (offset: number, count: number) => string,
  rows: number,
  chunk = CHUNK,
): Promise<void> {
  const cols = columns(table).map((c) => c.name);
  const missing = cols.filter((c) => !(c in exprs));
  const extra = Object.keys(exprs).filter((c) => !cols.includes(c));
  if (missing.length || extra.length)
    throw new Error(
      `${table.name}: the bench fills no ${missing.join(', ') || '-'}; fills unknown ${extra.join(', ') || '-'}`,
    );
  for (let offset = 0; offset < rows; offset += chunk) {
    const count = Math.min(chunk, rows - offset);
    await wh.command(
      `INSERT INTO ${table.name} (${cols.join(', ')})\nSELECT ${cols.map((c) => `${exprs[c]} AS ${c}`).join(',\n  ')}\nFROM (${inner(offset, count)})`,
    );
  }
}

export interface Shape {
  models: number;
  providers: number;
  days: number;
  priceRows: number;
  priceStart: string; // the first price day, YYYY-MM-DD
  declineDays: number; // the days over which a model's price falls by its factor (2x to 8x)
  segments: number;
  entities: number;
  periods: number; // weekly
  shareRows: number;
  shareStart: string; // the first period's start, YYYY-MM-DD
}

/** A history of these sizes (the defaults: the metrics bench's dates and a 2x to 8x fall a year). */
export function shape(s: {
  models: number;
  providers: number;
  days: number;
  segments: number;
  entities: number;
  periods: number;
  priceStart?: string;
  declineDays?: number;
  shareStart?: string;
}): Shape {
  if (s.entities % 2 !== 0) throw new Error(`entities ${s.entities}: must be even (they trade share in pairs)`);
  if (s.providers < MAKERS) throw new Error(`providers ${s.providers}: at least ${MAKERS} (the makers)`);
  return {
    ...s,
    priceRows: s.days * s.models * s.providers * 2,
    priceStart: s.priceStart ?? '2024-01-01',
    declineDays: s.declineDays ?? 365,
    shareRows: s.periods * s.segments * s.entities,
    shareStart: s.shareStart ?? '2006-01-01',
  };
}

/** The metrics bench's: about n price rows (1,000 models x 10 providers) and n share rows (100 series x 100 entities). */
export const shapeOf = (n: number): Shape =>
  shape({
    models: MODELS,
    providers: PROVIDERS,
    days: Math.max(4, Math.round(n / (MODELS * PROVIDERS * 2))),
    segments: SEGMENTS,
    entities: ENTITIES,
    periods: Math.max(2, Math.round(n / (SEGMENTS * ENTITIES))),
  });

export async function generateModels(wh: Warehouse, shape: Shape): Promise<void> {
  await insertSelect(
    wh,
    modelsTable,
    {
      model_id: 'mid',
      display_name: "concat('Bench model ', toString(m + 1))",
      organization: `concat('provider_', toString(m % ${MAKERS}))`,
      family: "concat('bench-family-', toString(m % 20))",
      release_date: "toDate('2023-06-01') + m % 200",
      open_weights: 'm % 3 = 0',
      reasoning: 'm % 7 = 3',
      aliases: "[concat('bench:', mid)]",
      loaded_at: "toDateTime64('2024-01-01 00:00:00', 3, 'UTC')",
    },
    (o, c) => `SELECT number AS m, ${modelIdSql('m')} AS mid FROM numbers(${o}, ${c})`,
    shape.models,
  );
}

export async function generateScores(wh: Warehouse, shape: Shape): Promise<void> {
  // a permutation of the models over 1000 .. 1400 Elo, unrelated to price; each snapshot re-rates everyone a little
  await insertSelect(
    wh,
    benchmarkResultsTable,
    {
      event_id: "reinterpretAsUUID(MD5(concat('bench-score|', toString(i))))",
      benchmark: `'${BENCHMARK}'`,
      benchmark_version: "''",
      model: 'mid',
      source_model_id: 'mid',
      organization: `concat('provider_', toString(m % ${MAKERS}))`,
      score: 'toDecimal128(score, 6)',
      unit: "'elo'",
      ci_low: 'toDecimal128(score - 5, 6)',
      ci_high: 'toDecimal128(score + 5, 6)',
      rank: 'NULL',
      rank_style_control: 'NULL',
      votes: 'toUInt64(1000 + m * 10)',
      license: "if(m % 3 = 0, 'Apache 2.0', 'Proprietary')",
      snapshot_date: 'day',
      source: "'bench'",
      source_url: "'https://bench.invalid/arena.csv'",
      observed_at: "toDateTime64(day, 3, 'UTC')",
    },
    (o, c) => `SELECT number AS i, i % ${shape.models} AS m, intDiv(i, ${shape.models}) AS s, ${modelIdSql('m')} AS mid,
    round(1000 + ((m * 7919) % 1000) * 0.4 + s * 2, 1) AS score, toDate('2024-01-01') + s * 90 AS day FROM numbers(${o}, ${c})`,
    shape.models * SNAPSHOTS,
  );
}

// provider p's document of day d: observed at the day's start plus p x 10 minutes
const docAtSql = (shape: Shape, d: string, p: string): string =>
  `toDateTime64('${shape.priceStart} 00:00:00', 3, 'UTC') + toIntervalSecond(${d} * 86400 + ${p} * 600)`;

export async function generatePrices(wh: Warehouse, shape: Shape): Promise<void> {
  // a model's list price falls 2x to 8x a year (by model; per declineDays), each host marks it up a little, and each document has
  // +-2% noise, so cheapest-so-far keeps moving; rows in day order, as a stream of daily sheets would arrive
  const { models, providers } = shape;
  await insertSelect(
    wh,
    priceObservationsTable,
    {
      event_id: "reinterpretAsUUID(MD5(concat('bench-price|', toString(i))))",
      series_key: "concat('bench_', prov, '|', prov, '/', mid, '|', cls, '|standard|global|base')",
      provider: 'prov',
      model: 'mid',
      model_id: 'mid',
      source_model_id: "concat(prov, '/', mid)",
      source_provider: 'prov',
      token_class: 'cls',
      service_tier: "'standard'",
      region: "'global'",
      context_tier: "'base'",
      usd_per_mtok: 'toDecimal128(usd, 12)',
      raw_value: 'toString(usd)',
      raw_unit: "'per_1m_tokens'",
      currency: "'USD'",
      fx_usd_per_unit: 'NULL',
      fx_rate_date: 'NULL',
      observed_at: 'at',
      effective_from: 'NULL',
      effective_to: 'NULL',
      source: "concat('bench_', prov)",
      source_url: "concat('https://bench.invalid/', prov, '/prices.json')",
      source_field: "concat(cls, '_cost_per_million_tokens')",
      document_hash: 'lower(hex(MD5(concat(prov, toString(d)))))',
      transformed_at: 'at + toIntervalSecond(1)',
    },
    (
      o,
      c,
    ) => `SELECT number AS i, i % 2 AS c, intDiv(i, 2) % ${models} AS m, intDiv(i, ${2 * models}) % ${providers} AS p, intDiv(i, ${2 * models * providers}) AS d,
    ${modelIdSql('m')} AS mid, concat('provider_', toString(p)) AS prov, if(c = 0, 'input', 'output') AS cls,
    ${docAtSql(shape, 'd', 'p')} AS at,
    round((0.05 + (m % 100) * 0.3) * if(c = 0, 1, 4) * pow(2 + (m % 7), -toInt64(d) / ${shape.declineDays}) * (1 + 0.02 * p) * (1 + 0.04 * ((cityHash64(i) % 1000) / 1000 - 0.5)), 6) AS usd
    FROM numbers(${o}, ${c})`,
    shape.priceRows,
  );
}

/** The price documents' sources and times on day d (0 = priceStart): what a refresh after that day's batch is given. */
export const documentsOfDay = (shape: Shape, d: number): Map<string, string> =>
  new Map(
    Array.from({ length: shape.providers }, (_, p) => [
      `bench_provider_${p}`,
      new Date(Date.parse(`${shape.priceStart}T00:00:00Z`) + d * 86_400_000 + p * 600_000).toISOString(),
    ]),
  );

/**
 * The raw documents the price rows came from, one per provider and day, each complete (it lists all its provider's
 * series): so the removal rule runs over them as over a real source's, and removes nothing. No payload.
 */
export async function generateDocuments(wh: Warehouse, shape: Shape): Promise<void> {
  await insertSelect(
    wh,
    rawDocumentsTable,
    {
      document_id: "reinterpretAsUUID(MD5(concat('bench-doc|', toString(i))))",
      source: "concat('bench_', prov)",
      url: "concat('https://bench.invalid/', prov, '/prices.json')",
      fetched_at: 'at',
      observed_at: 'at',
      content_hash: "concat('sha256:', lower(hex(SHA256(concat(prov, toString(d))))))",
      content_type: "'application/json'",
      etag: 'NULL',
      complete: 'true',
      origin: "'fetch'",
      payload: "''",
    },
    (o, c) => `SELECT number AS i, i % ${shape.providers} AS p, intDiv(i, ${shape.providers}) AS d,
    concat('provider_', toString(p)) AS prov, ${docAtSql(shape, 'd', 'p')} AS at FROM numbers(${o}, ${c})`,
    shape.providers * shape.days,
    shape.providers * 60, // 60 days an INSERT: the table is partitioned by month, and an INSERT may touch 100 partitions
  );
}

export async function generateShares(wh: Warehouse, shape: Shape): Promise<void> {
  // entity e's base share ~ 1/(e+1) (Zipf), normalised to 100; entities 2k and 2k+1 trade share back and forth, so
  // every period sums to 100 and neighbours swap ranks; weekly periods
  const { entities } = shape;
  const h = Array.from({ length: entities }, (_, e) => 1 / (e + 1)).reduce((a, b) => a + b, 0);
  await insertSelect(
    wh,
    marketShareObservationsTable,
    {
      event_id: "reinterpretAsUUID(MD5(concat('bench-share|', toString(i))))",
      segment: 'seg',
      metric: "'tokens'",
      entity: 'ent',
      entity_kind: "'model'",
      model: "''",
      organization: "concat('org_', toString(e % 10))",
      value: 'toDecimal128(round(share * 1e7), 4)',
      share: 'toDecimal128(share, 6)',
      rank: 'NULL',
      period_start: 'start',
      period_end: 'start + 6',
      source: "'bench'",
      source_url: "concat('https://bench.invalid/shares/', seg, '.json')",
      observed_at: "toDateTime64(start + 7, 3, 'UTC')",
    },
    (
      o,
      c,
    ) => `SELECT number AS i, i % ${entities} AS e, intDiv(i, ${entities}) % ${shape.periods} AS t, intDiv(i, ${entities * shape.periods}) AS g,
    concat('segment_', leftPad(toString(g), 3, '0')) AS seg, concat('entity_', leftPad(toString(e), 3, '0')) AS ent, toDate('${shape.shareStart}') + t * 7 AS start,
    round(100 / ((e + 1) * ${h}) + if(e % 2 = 0, 1, -1) * 50 / ((intDiv(e, 2) * 2 + 2) * ${h}) * sin(t / 10 + intDiv(e, 2) + g), 6) AS share
    FROM numbers(${o}, ${c})`,
    shape.shareRows,
  );
}

/**
 * GPU list prices: gpuModels x gpuProviders series (one instance each), one observation per series at `at`; a GPU
 * model's price varies by provider by up to 2x.
 */
export async function generateGpuPrices(
  wh: Warehouse,
  gpuModels: number,
  gpuProviders: number,
  at: string,
): Promise<void> {
  await insertSelect(
    wh,
    gpuPriceObservationsTable,
    {
      event_id: "reinterpretAsUUID(MD5(concat('bench-gpu|', toString(i))))",
      series_key: "concat('bench|', prov, '|', gpu, '|on_demand|global|', inst, '|list')",
      provider: 'prov',
      source_provider: 'prov',
      gpu_model: 'gpu',
      gpu_memory_gb: 'toUInt16(16 * (1 + g % 12))',
      commitment: "'on_demand'",
      term: 'NULL',
      region: "'global'",
      instance: 'inst',
      gpu_count: 'toUInt16(1)',
      instance_gpu_count: 'toUInt16(1)',
      usd_per_gpu_hour: 'toDecimal128(usd, 12)',
      raw_price: 'toString(usd)',
      raw_unit: "'per_gpu_hour'",
      statistic: "'list'",
      sample_count: 'NULL',
      currency: "'USD'",
      observed_at: `toDateTime64('${at}', 3, 'UTC')`,
      source: "'bench'",
      source_url: "concat('https://bench.invalid/gpu/', prov, '.csv')",
      source_field: "'price_per_gpu_hour'",
      document_hash: 'lower(hex(MD5(prov)))',
    },
    (o, c) => `SELECT number AS i, i % ${gpuModels} AS g, intDiv(i, ${gpuModels}) AS p,
    concat('Bench GPU ', leftPad(toString(g), 4, '0')) AS gpu, concat('gpu_provider_', leftPad(toString(p), 4, '0')) AS prov,
    concat('bench-', toString(g), '-1x') AS inst,
    round((0.2 + (g % 50) * 0.1) * (1 + (cityHash64(i) % 1000) / 1000), 4) AS usd
    FROM numbers(${o}, ${c})`,
    gpuModels * gpuProviders,
  );
}

/**
 * Epoch-style price points (model_price_points): one model a day from `start`, each cheaper than the one before, all at
 * one MMLU score, so the MMLU price index at that threshold has a point per day.
 */
export async function generatePricePoints(wh: Warehouse, points: number, start: string): Promise<void> {
  await insertSelect(
    wh,
    modelPricePointsTable,
    {
      event_id: "reinterpretAsUUID(MD5(concat('bench-point|', toString(d))))",
      dataset: "'aa_data_with_math5'",
      model_name: "concat('Bench epoch model ', leftPad(toString(d), 6, '0'))",
      model: "''",
      release_date: `toDate('${start}') + d`,
      usd_per_mtok_blended: `toDecimal128(round(100 * pow(10, -3 * d / ${points}) * (1 - 0.1 * d / ${points}), 9), 12)`,
      reasoning: 'false',
      mmlu: 'toDecimal128(95, 4)',
      gpqa_diamond: 'NULL',
      humaneval: 'NULL',
      math_500: 'NULL',
      arena_elo: 'NULL',
      math_5: 'NULL',
      tokens_per_second: 'NULL',
      source: "'bench'",
      source_url: "'https://bench.invalid/epoch.csv'",
      observed_at: "toDateTime64('2025-03-13 00:00:00', 3, 'UTC')",
    },
    (o, c) => `SELECT number AS d FROM numbers(${o}, ${c})`,
    points,
  );
}
