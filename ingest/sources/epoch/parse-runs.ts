import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { BenchmarkResult } from '../../../schemas/events/benchmark-result.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { readCsvRecords } from '../../../transform/csv.ts';
import { add, compare, parseDecimal, shift, subtract, toText, type Decimal } from '../../../transform/decimal.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { sharedModelRegistry, type ModelRegistry } from '../../../transform/models/model-registry.ts';
import { resolveModel } from '../../../transform/models/resolve-model.ts';

interface External {
  score: string;
  fraction?: true;
  date?: string;
  version?: string;
}
// the score column per external file, the one Epoch's data_loader.py reads; values are percent ('88.000' or '42%') unless fraction
const EXTERNAL: Record<string, External> = {
  aider_polyglot: { score: 'Percent correct' }, // not 'Percent using correct edit format': that is format compliance
  arc_agi: { score: 'Score' },
  livebench: { score: 'Global average', version: 'LiveBench Version' }, // the mean over the six category averages
  metr: { score: 'average_score', fraction: true }, // task success 0-1; 'Time horizon' is minutes (its CI_low/CI_high too), no percent
  mmlu: { score: 'EM' }, // exact match; 'Shots' varies by source and is not kept, as in Epoch's loader
  os_world: { score: 'Score', date: 'Date added' }, // the only file with a date: d/m/yyyy
  simple_bench: { score: 'Score (AVG@5)' },
  terminal_bench: { score: 'Accuracy mean' }, // 'Accuracy SE' is a standard error, not a 95% interval: no ci
};
const FILES = `benchmarks_runs.csv, external_benchmark_{${Object.keys(EXTERNAL).join(',')}}.csv`;
const BEST = 'Best score (across scorers)';
const RUN_COLUMNS = ['task', 'model', BEST, 'Scores', 'started_at', 'Status', 'task version'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
const pad = (n: number | string): string => String(n).padStart(2, '0');

/** '16 November 2025 8:17pm' to '2025-11-16T20:17' (sorts as time), null when not that shape. */
function startedAt(text: string): string | null {
  const m = /^(\d{1,2}) ([a-z]+) (\d{4}) (\d{1,2}):(\d{2}) ?([ap]m)$/i.exec(text);
  const month = m ? MONTHS.indexOf(m[2]!.toLowerCase()) + 1 : 0;
  if (!m || !month) return null;
  return `${m[3]}-${pad(month)}-${pad(m[1]!)}T${pad((Number(m[4]) % 12) + (m[6]!.toLowerCase() === 'pm' ? 12 : 0))}:${m[5]}`;
}

/** OS World's '24/1/2025' (day first) to '2025-01-24'. */
function dayFirst(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return m ? `${m[3]}-${pad(m[2]!)}-${pad(m[1]!)}` : null;
}

/** The err of the best scorer in 'choice:0.85±0.02' or 'a:0.84±0.05,b:0.85±0.05' (one per scorer), ×100; null without '±'. */
function bestError(scores: string): Decimal | null {
  const scorers = [...scores.matchAll(/:(\d+(?:\.\d+)?)±(\d+(?:\.\d+)?)/g)].map(
    (m) => [parseDecimal(m[1]!)!, parseDecimal(m[2]!)!] as const,
  );
  const best = scorers.reduce<readonly [Decimal, Decimal] | null>(
    (a, s) => (!a || compare(s[0], a[0]) > 0 ? s : a),
    null,
  );
  return best ? shift(best[1], 2) : null;
}

/** Pure: one benchmark-stitching file (Epoch's own runs or one external leaderboard table) to one row per benchmark version, model and day. */
export function parseEpochRuns(
  payload: string,
  ctx: ParseContext,
  registry: ModelRegistry = sharedModelRegistry(),
): Parsed<BenchmarkResult> {
  const file = /(?:^|\/)(benchmarks_runs|external_benchmark_([a-z0-9_]+))\.csv(?:[?#]|$)/.exec(ctx.url);
  const name = file?.[2];
  const ext = name !== undefined && Object.hasOwn(EXTERNAL, name) ? EXTERNAL[name] : undefined;
  if (!file || (name !== undefined && !ext))
    throw new PermanentError(`${ctx.url}: not one of the Epoch benchmark-stitching files this reads (${FILES})`);
  const { header, records } = readCsvRecords(payload);
  const missing = (
    ext ? ['Model version', ext.score, ext.date ?? '', ext.version ?? ''].filter(Boolean) : RUN_COLUMNS
  ).filter((c) => !header.includes(c));
  if (missing.length) throw new PermanentError(`${file[1]}.csv lacks columns ${missing.join(', ')}`);
  const out: Parsed<BenchmarkResult> = { rows: [], rejects: [], skipped: {} };
  const skip = (why: string): void => {
    out.skipped[why] = (out.skipped[why] ?? 0) + 1;
  };
  const kept = new Map<string, { row: BenchmarkResult; score: Decimal; started: string }>();
  for (const { line, cells } of records) {
    const model = (ext ? cells['Model version'] : cells.model) ?? '';
    const reject = (reason: string, detail: string): void => {
      out.rejects.push({ record_ref: `line ${line}: ${model || '?'}`, reason, detail, record: cells });
    };
    if (!ext && cells.Status !== 'Success') {
      skip(`status_${slug(cells.Status || 'none')}`);
      continue;
    }
    // Epoch leaves 'Model version' blank for agents it could not tie to one model, and its loader drops them too
    if (!model) {
      if (ext) skip('no_model_version');
      else reject('malformed_record', 'no model');
      continue;
    }
    const scoreColumn = ext?.score ?? BEST;
    const raw = parseDecimal((cells[scoreColumn] ?? '').replace(/%$/, ''));
    if (!raw) {
      reject('unparseable_score', `${scoreColumn} ${JSON.stringify(cells[scoreColumn])} is not a number`);
      continue;
    }
    const score = ext && !ext.fraction ? raw : shift(raw, 2);
    const dateColumn = ext ? ext.date : 'started_at';
    const dateText = dateColumn ? (cells[dateColumn] ?? '') : '';
    const started = dateText ? (ext ? dayFirst : startedAt)(dateText) : '';
    if (started === null) {
      reject('unparseable_date', `${dateColumn} ${JSON.stringify(dateText)} is not a date`);
      continue;
    }
    const snapshot_date = (started || ctx.observed_at).slice(0, 10);
    const benchmark = ext ? `epoch_ext_${name}` : `epoch_${slug(cells.task ?? '')}`;
    const version = (ext ? (ext.version ? cells[ext.version] : '') : cells['task version']) ?? '';
    const err = ext ? null : bestError(cells.Scores ?? '');
    const r = BenchmarkResult.safeParse({
      event_id: deterministicId('benchmark_result', benchmark, version, model, snapshot_date),
      benchmark,
      benchmark_version: version,
      model: resolveModel(registry, { source: '*', id: model, at: snapshot_date }).model_id ?? '',
      source_model_id: model,
      organization: '',
      score: toText(score),
      unit: 'percent',
      ci_low: err ? toText(subtract(score, err)) : null,
      ci_high: err ? toText(add(score, err)) : null,
      rank: null,
      rank_style_control: null,
      votes: null,
      license: '',
      snapshot_date,
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    });
    if (!r.success) {
      reject('schema_violation', zodIssues(r.error));
      continue;
    }
    // the event_id holds one score per (benchmark, version, model, day), so a second one would silently replace the first in the store:
    // of Epoch's runs the latest started run stands (a rerun supersedes); of external rows (agents, sources) the highest, as Epoch's loader takes the max
    const old = kept.get(r.data.event_id);
    if (!old || (ext ? compare(score, old.score) > 0 : started > old.started))
      kept.set(r.data.event_id, { row: r.data, score, started });
    if (old) skip(ext ? 'lower_duplicate' : 'superseded_run');
  }
  out.rows = [...kept.values()].map((k) => k.row);
  return out;
}
