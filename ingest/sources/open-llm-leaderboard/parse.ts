import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { BenchmarkResult } from '../../../schemas/events/benchmark-result.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { readCsvRecords } from '../../../transform/csv.ts';
import { parseDecimal, toText } from '../../../transform/decimal.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { sharedModelRegistry, type ModelRegistry } from '../../../transform/models/model-registry.ts';
import { resolveModel } from '../../../transform/models/resolve-model.ts';

// the normalized scores (0-100 above the random baseline); the *_raw columns are accuracies on another scale
export const OPEN_LLM_METRICS = ['average', 'ifeval', 'bbh', 'math_lvl_5', 'gpqa', 'musr', 'mmlupro'] as const;

/** Pure: the Open LLM Leaderboard v2 CSV to one row per model and metric, dated by the fetch (the file has no date). */
export function parseOpenLlmLeaderboard(
  payload: string,
  ctx: ParseContext,
  registry: ModelRegistry = sharedModelRegistry(),
): Parsed<BenchmarkResult> {
  const { header, records } = readCsvRecords(payload);
  const missing = ['fullname', ...OPEN_LLM_METRICS].filter((c) => !header.includes(c));
  if (missing.length)
    throw new PermanentError(`not an Open LLM Leaderboard v2 CSV: no ${missing.join(', ')} in ${header.join(',')}`);
  const snapshot_date = ctx.observed_at.slice(0, 10);
  const out: Parsed<BenchmarkResult> = { rows: [], rejects: [], skipped: {} };
  // a model evaluated at two precisions scores differently: those (and only those) get the precision in their id
  const listings = new Map<string, number>();
  for (const { cells } of records) listings.set(cells.fullname!, (listings.get(cells.fullname!) ?? 0) + 1);
  const idOf = (cells: Record<string, string>): string =>
    (listings.get(cells.fullname!) ?? 0) > 1 ? `${cells.fullname} (${cells.precision || '?'})` : cells.fullname!;
  const ids = new Map<string, number>();
  for (const { cells } of records) ids.set(idOf(cells), (ids.get(idOf(cells)) ?? 0) + 1);
  for (const { line, cells } of records) {
    const fullname = cells.fullname!;
    const source_model_id = idOf(cells);
    const reject = (reason: string, detail: string, metric = ''): void => {
      out.rejects.push({
        record_ref: `line ${line}: ${source_model_id || '?'}${metric && ` ${metric}`}`,
        reason,
        detail,
        record: cells,
      });
    };
    if (!fullname) {
      reject('malformed_record', 'no fullname');
      continue;
    }
    if (ids.get(source_model_id)! > 1) {
      reject('ambiguous_run', `${source_model_id} is listed ${ids.get(source_model_id)} times`);
      continue;
    }
    // Hub ids are 'org/name'; a bare name (gpt2) has no organization in it
    const organization = fullname.includes('/') ? fullname.slice(0, fullname.indexOf('/')) : '';
    const model = resolveModel(registry, { source: '*', id: fullname, at: snapshot_date }).model_id ?? '';
    for (const metric of OPEN_LLM_METRICS) {
      const score = parseDecimal(cells[metric] ?? '');
      if (!score) {
        reject('unparseable_score', `${metric} ${JSON.stringify(cells[metric])} is not a number`, metric);
        continue;
      }
      const row = {
        event_id: deterministicId('benchmark_result', 'open_llm_v2', metric, source_model_id, snapshot_date),
        benchmark: 'open_llm_v2',
        benchmark_version: metric,
        model,
        source_model_id,
        organization,
        score: toText(score),
        unit: 'points',
        ci_low: null,
        ci_high: null,
        rank: null,
        rank_style_control: null,
        votes: null,
        license: cells.hub_license ?? '',
        snapshot_date,
        source: ctx.source,
        source_url: ctx.url,
        observed_at: ctx.observed_at,
      };
      const r = BenchmarkResult.safeParse(row);
      if (r.success) out.rows.push(r.data);
      else reject('schema_violation', zodIssues(r.error), metric);
    }
  }
  return out;
}
