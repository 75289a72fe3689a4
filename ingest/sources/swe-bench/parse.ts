import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { BenchmarkResult } from '../../../schemas/events/benchmark-result.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { decimalFromNumber, toText } from '../../../transform/decimal.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { isObj, type Obj } from '../../../transform/json-shape.ts';
import { sharedModelRegistry, type ModelRegistry } from '../../../transform/models/model-registry.ts';
import { resolveModel } from '../../../transform/models/resolve-model.ts';

const str = (x: unknown): string => (typeof x === 'string' ? x.trim() : '');
// tags are 'Key: value' strings ('Model: o3', 'Org: Anthropic', 'System: Attempts - 1')
const tagged = (entry: Obj, key: string): string[] => [
  ...new Set(
    (Array.isArray(entry.tags) ? entry.tags : [])
      .map(str)
      .filter((t) => t.startsWith(`${key}:`))
      .map((t) => t.slice(key.length + 1).trim())
      .filter(Boolean),
  ),
];

// the registry has no swe-bench alias source; 'Model:' tags are API ids, so only the any-source ('*') aliases apply
function modelOf(registry: ModelRegistry, models: string[], at: string): string {
  const ids = new Set(models.map((id) => resolveModel(registry, { source: '*', id, at }).model_id ?? ''));
  // one model behind the system (spellings may differ); several models or an unknown one: unresolved, not guessed
  return ids.size === 1 && !ids.has('') ? [...ids][0]! : '';
}

/** Pure: the SWE-bench leaderboards JSON (Test, Verified, Lite, Multimodal) to one row per system and submission date. */
export function parseSweBench(
  payload: string,
  ctx: ParseContext,
  registry: ModelRegistry = sharedModelRegistry(),
): Parsed<BenchmarkResult> {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch (e) {
    throw new PermanentError(`not a SWE-bench leaderboard: ${(e as Error).message}`);
  }
  const boards = isObj(doc) ? doc.leaderboards : undefined;
  if (!Array.isArray(boards) || !boards.every((b) => isObj(b) && str(b.name) && Array.isArray(b.results)))
    throw new PermanentError('not a SWE-bench leaderboard: expected { leaderboards: [{ name, results: [] }] }');
  const out: Parsed<BenchmarkResult> = { rows: [], rejects: [], skipped: {} };
  // (leaderboard, name, date) -> first row; a second one with another score makes both ambiguous
  const seen = new Map<string, { row: BenchmarkResult; entry: Obj; ref: string } | null>();
  for (const board of boards as Obj[]) {
    const version = str(board.name).toLowerCase();
    for (const entry of board.results as unknown[]) {
      const e = isObj(entry) ? entry : {};
      const name = str(e.name);
      const date = str(e.date);
      const ref = `${board.name}: ${name || '?'} (${date || '?'})`;
      const reject = (reason: string, detail: string, record: unknown = entry): void => {
        out.rejects.push({ record_ref: ref, reason, detail, record });
      };
      if (!name) {
        reject('malformed_record', 'no system name');
        continue;
      }
      const score = typeof e.resolved === 'number' ? decimalFromNumber(e.resolved) : null;
      if (!score) {
        reject('unparseable_score', `resolved ${JSON.stringify(e.resolved)} is not a number`);
        continue;
      }
      const row = {
        event_id: deterministicId('benchmark_result', 'swe_bench', version, name, date),
        // the entry names a system (agent + model); model is filled only from its own 'Model:' tags
        benchmark: 'swe_bench',
        benchmark_version: version,
        model: modelOf(registry, tagged(e, 'Model'), date),
        source_model_id: name,
        // one entry has two orgs (agent maker and model maker): both kept, as published
        organization: tagged(e, 'Org').join(', '),
        score: toText(score),
        unit: 'percent',
        ci_low: null,
        ci_high: null,
        rank: null,
        rank_style_control: null,
        votes: null,
        license: '',
        snapshot_date: date,
        source: ctx.source,
        source_url: ctx.url,
        observed_at: ctx.observed_at,
      };
      const r = BenchmarkResult.safeParse(row);
      if (!r.success) {
        reject('schema_violation', zodIssues(r.error));
        continue;
      }
      const key = `${version}\t${name}\t${date}`;
      if (!seen.has(key)) {
        seen.set(key, { row: r.data, entry: e, ref });
        continue;
      }
      const first = seen.get(key);
      if (first && first.row.score === r.data.score) {
        out.skipped.duplicate = (out.skipped.duplicate ?? 0) + 1;
        continue;
      }
      if (first)
        out.rejects.push({
          record_ref: first.ref,
          reason: 'ambiguous_run',
          detail: `listed again with resolved ${r.data.score}`,
          record: first.entry,
        });
      reject('ambiguous_run', `same system and date listed with resolved ${first ? first.row.score : 'other values'}`);
      seen.set(key, null);
    }
  }
  for (const v of seen.values()) if (v) out.rows.push(v.row);
  return out;
}
