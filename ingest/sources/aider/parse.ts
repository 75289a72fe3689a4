import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { BenchmarkResult } from '../../../schemas/events/benchmark-result.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { readCsvRecords } from '../../../transform/csv.ts';
import { decimalFromNumber, parseDecimal, toText, type Decimal } from '../../../transform/decimal.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { sharedModelRegistry, type ModelRegistry } from '../../../transform/models/model-registry.ts';
import { resolveModel } from '../../../transform/models/resolve-model.ts';
import { readYaml } from '../../../transform/yaml.ts';

// the documents do not say which leaderboard they are: only their file name does
const BOARD = /(?:^|[^a-z])(edit|polyglot|refactor)_leaderboard(?:[^a-z]|$)/i;
// the early CSV (to May 2024) has these columns; 'second'/'first' are pass_rate_2/pass_rate_1
const CSV_COLUMNS = ['model', 'second', 'format', 'date'];

/** One published run, before validation: fields as the document gives them (YAML values are typed, CSV ones text). */
interface Run {
  ref: string;
  model: unknown;
  format: unknown;
  score: unknown;
  scoreField: string;
  date: unknown;
  tests: unknown;
  record: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
// YAML numbers: String(n) is the shortest round-trip text, i.e. the published digits ('100.0' reads as 100)
const decimal = (v: unknown): Decimal | null =>
  typeof v === 'number' ? decimalFromNumber(v) : typeof v === 'string' ? parseDecimal(v) : null;
const count = (v: unknown): number | null =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : null;
// js-yaml reads `date: 2024-12-21` as a UTC Date; a bad date is left as text for the schema to reject
const day = (v: unknown): string =>
  v instanceof Date ? (Number.isNaN(v.getTime()) ? String(v) : v.toISOString().slice(0, 10)) : text(v);
// the CSV writes dates M/D/YY
const usDay = (v: string): string =>
  v.replace(
    /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/,
    (_, m: string, d: string, y: string) => `20${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`,
  );

function csvRuns(payload: string): Run[] {
  const { header, records } = readCsvRecords(payload);
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length)
    throw new PermanentError(`not an Aider leaderboard CSV: no ${missing.join(', ')} in ${header.join(',')}`);
  return records.map(({ line, cells }) => ({
    ref: `line ${line}: ${cells.model || '?'}`,
    model: cells.model,
    format: cells.format,
    score: cells.second,
    scoreField: 'second',
    date: usDay(cells.date ?? ''),
    tests: undefined,
    record: cells,
  }));
}

function yamlRuns(payload: string, board: string): Run[] {
  const doc = readYaml(payload);
  if (!Array.isArray(doc))
    throw new PermanentError(
      `not an Aider leaderboard: expected a list of runs, got ${doc === null ? 'null' : typeof doc}`,
    );
  return doc.map((run: unknown, i) => {
    const o = (run !== null && typeof run === 'object' ? run : {}) as Record<string, unknown>;
    // refactor runs get a single try: pass_rate_1 is their final pass rate (the refactor board shows it)
    const scoreField = board === 'refactor' && o.pass_rate_2 === undefined ? 'pass_rate_1' : 'pass_rate_2';
    return {
      ref: `run ${i + 1}: ${text(o.model) || '?'}`,
      model: o.model,
      format: o.edit_format,
      score: o[scoreField],
      scoreField,
      date: o.date,
      tests: o.test_cases,
      record: run,
    };
  });
}

/** Pure: one Aider leaderboard (edit, polyglot or refactor; YAML, or the early edit CSV) to one row per run. */
export function parseAider(
  payload: string,
  ctx: ParseContext,
  registry: ModelRegistry = sharedModelRegistry(),
): Parsed<BenchmarkResult> {
  const file = ctx.url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const board = BOARD.exec(file)?.[1]?.toLowerCase();
  if (!board)
    throw new PermanentError(
      `not an Aider leaderboard: cannot tell edit, polyglot or refactor from ${JSON.stringify(file)}`,
    );
  const benchmark = `aider_${board}`;
  const runs = /\.csv$/i.test(file) ? csvRuns(payload) : yamlRuns(payload, board);
  const out: Parsed<BenchmarkResult> = { rows: [], rejects: [], skipped: {} };
  const valid: { run: Run; row: BenchmarkResult }[] = [];
  for (const run of runs) {
    const reject = (reason: string, detail: string): void => {
      out.rejects.push({ record_ref: run.ref, reason, detail, record: run.record });
    };
    const model = text(run.model);
    const score = decimal(run.score);
    if (!model) {
      reject('malformed_record', 'no model name');
      continue;
    }
    if (!score) {
      reject('unparseable_score', `${run.scoreField} ${JSON.stringify(run.score)} is not a number`);
      continue;
    }
    // each run carries its own date; the fetch date only stands in when it has none
    const snapshot_date = day(run.date) || ctx.observed_at.slice(0, 10);
    // the edit format is the version: one model scores differently with whole, diff, architect...
    const benchmark_version = text(run.format);
    const r = BenchmarkResult.safeParse({
      event_id: deterministicId('benchmark_result', benchmark, benchmark_version, model, snapshot_date),
      // unresolved stays '' with the name as published, never guessed
      benchmark,
      benchmark_version,
      model: resolveModel(registry, { source: 'aider', id: model, at: snapshot_date }).model_id ?? '',
      source_model_id: model,
      organization: '',
      score: toText(score),
      unit: 'percent',
      ci_low: null,
      ci_high: null,
      rank: null,
      rank_style_control: null,
      votes: count(run.tests),
      license: '',
      snapshot_date,
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    });
    if (r.success) valid.push({ run, row: r.data });
    else reject('schema_violation', zodIssues(r.error));
  }
  // none in the fixtures: an exact repeat is the same published fact (kept once); differing scores cannot be told apart
  const byId = new Map<string, typeof valid>();
  for (const v of valid) byId.set(v.row.event_id, [...(byId.get(v.row.event_id) ?? []), v]);
  for (const group of byId.values()) {
    const scores = new Set(group.map((v) => v.row.score));
    if (scores.size === 1) {
      out.rows.push(group[0]!.row);
      if (group.length > 1) out.skipped.duplicate_run = (out.skipped.duplicate_run ?? 0) + group.length - 1;
      continue;
    }
    const detail = `${group.length} runs of ${group[0]!.row.source_model_id} (${group[0]!.row.benchmark_version}) on ${group[0]!.row.snapshot_date} score ${group.map((v) => `${v.row.score} (${v.run.ref})`).join(', ')}`;
    for (const { run } of group)
      out.rejects.push({ record_ref: run.ref, reason: 'ambiguous_run', detail, record: run.record });
  }
  return out;
}
