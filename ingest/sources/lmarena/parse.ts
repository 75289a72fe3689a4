import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { BenchmarkResult } from '../../../schemas/events/benchmark-result.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { readCsvRecords } from '../../../transform/csv.ts';
import { add, parseDecimal, subtract, toText } from '../../../transform/decimal.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { sharedModelRegistry, type ModelRegistry } from '../../../transform/models/model-registry.ts';
import { resolveModel } from '../../../transform/models/resolve-model.ts';

// the score column was renamed (arena_elo -> arena_score, Jul 2024); rank_stylectrl appeared in Nov 2024
const SCORE_COLUMNS = ['arena_score', 'arena_elo'] as const;

const whole = (text: string | undefined): number | null => (text && /^\d+$/.test(text) ? Number(text) : null);

export type BenchmarkParse = Parsed<BenchmarkResult>;

/** Pure: one LMArena (LMSYS Chatbot Arena) leaderboard CSV, any of its column layouts, to one row per model. */
export function parseLmarena(
  payload: string,
  ctx: ParseContext,
  registry: ModelRegistry = sharedModelRegistry(),
): BenchmarkParse {
  const { header, records } = readCsvRecords(payload);
  const scoreColumn = SCORE_COLUMNS.find((c) => header.includes(c));
  if (!scoreColumn || !header.includes('model'))
    throw new PermanentError(
      `not an LMArena leaderboard: no model and arena_score/arena_elo columns in ${header.join(',')}`,
    );
  const snapshot_date = ctx.observed_at.slice(0, 10);
  const out: BenchmarkParse = { rows: [], rejects: [], skipped: {} };
  for (const { line, cells } of records) {
    const reject = (reason: string, detail: string): void => {
      out.rejects.push({ record_ref: `line ${line}: ${cells.model || '?'}`, reason, detail, record: cells });
    };
    const model = cells.model ?? '';
    const score = parseDecimal(cells[scoreColumn] ?? '');
    if (!model) {
      reject('malformed_record', 'no model name');
      continue;
    }
    if (!score) {
      reject('unparseable_score', `${scoreColumn} ${JSON.stringify(cells[scoreColumn])} is not a number`);
      continue;
    }
    // '+5/-5': the interval around the score, as published
    const ci = /^\+(\d+(?:\.\d+)?)\/-(\d+(?:\.\d+)?)$/.exec((cells['95_pct_ci'] ?? '').replace(/\s/g, ''));
    const row = {
      event_id: deterministicId('benchmark_result', 'lmarena_text', '', model, snapshot_date),
      // unresolved stays '' with the name as published: listed in unresolved_models for review, never guessed
      benchmark: 'lmarena_text',
      benchmark_version: '',
      model: resolveModel(registry, { source: 'lmarena', id: model, at: snapshot_date }).model_id ?? '',
      source_model_id: model,
      organization: cells.organization ?? '',
      score: toText(score),
      unit: 'elo',
      ci_low: ci ? toText(subtract(score, parseDecimal(ci[2]!)!)) : null,
      ci_high: ci ? toText(add(score, parseDecimal(ci[1]!)!)) : null,
      rank: whole(cells.rank),
      rank_style_control: whole(cells.rank_stylectrl),
      votes: whole(cells.votes),
      license: cells.license ?? '',
      snapshot_date,
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    };
    const r = BenchmarkResult.safeParse(row);
    if (r.success) out.rows.push(r.data);
    else reject('schema_violation', zodIssues(r.error));
  }
  return out;
}
