import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { NotableModel } from '../../../schemas/events/notable-model.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { readCsvRecords } from '../../../transform/csv.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { sharedModelRegistry, type ModelRegistry } from '../../../transform/models/model-registry.ts';
import { resolveModel } from '../../../transform/models/resolve-model.ts';

const DATASETS = ['notable_ai_models', 'frontier_ai_models'] as const;
// the accessibility values that say the weights are not out: the data has these three besides 'Open weights (...)'
const CLOSED = new Set(['API access', 'Hosted access (no API)', 'Unreleased']);
const REQUIRED = [
  'Model',
  'Organization',
  'Publication date',
  'Domain',
  'Task',
  'Parameters',
  'Training compute (FLOP)',
  'Model accessibility',
  'Country (of organization)',
  'Link',
];

export type NotableModelParse = Parsed<NotableModel>;

export function openWeights(accessibility: string): boolean | null {
  if (accessibility.startsWith('Open weights')) return true;
  return CLOSED.has(accessibility) ? false : null;
}

// '' is not given; anything non-numeric passes through as NaN so the schema rejects it rather than zeroing it
const estimate = (cell: string): number | null => (cell === '' ? null : Number(cell));

/** Pure: Epoch AI's notable_ai_models.csv or frontier_ai_models.csv to one row per model; no name or date is a reject. */
export function parseEpochNotableModels(
  payload: string,
  ctx: ParseContext,
  registry: ModelRegistry = sharedModelRegistry(),
): NotableModelParse {
  const file = ctx.url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  const dataset = DATASETS.find((d) => file.includes(d));
  if (!dataset)
    throw new PermanentError(
      `${ctx.url}: not one of Epoch's model tables (notable_ai_models.csv, frontier_ai_models.csv)`,
    );
  const { header, records } = readCsvRecords(payload);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new PermanentError(`Epoch models file lacks columns ${missing.join(', ')}`);
  const out: NotableModelParse = { rows: [], rejects: [], skipped: {} };
  const seen = new Set<string>();
  for (const { line, cells } of records) {
    const cell = (c: string): string => cells[c] ?? '';
    const name = cell('Model');
    const date = cell('Publication date');
    const reject = (reason: string, detail: string): void => {
      out.rejects.push({ record_ref: `line ${line}: ${name || '?'}`, reason, detail, record: cells });
    };
    if (!name) {
      reject('missing_model_name', 'Model is empty');
      continue;
    }
    if (!date) {
      reject('missing_publication_date', 'Publication date is empty');
      continue;
    }
    const key = `${name}\u001f${date}`;
    if (seen.has(key)) {
      out.skipped.duplicate = (out.skipped.duplicate ?? 0) + 1;
      continue;
    }
    const r = NotableModel.safeParse({
      event_id: deterministicId('notable_model', dataset, name, date),
      dataset,
      model_name: name,
      model: resolveModel(registry, { source: '*', id: name, at: date }).model_id ?? '',
      organization: cell('Organization'),
      publication_date: date,
      domain: cell('Domain'),
      task: cell('Task'),
      parameters: estimate(cell('Parameters')),
      training_compute_flop: estimate(cell('Training compute (FLOP)')),
      model_accessibility: cell('Model accessibility'),
      open_weights: openWeights(cell('Model accessibility')),
      country: cell('Country (of organization)'),
      link: cell('Link'),
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    });
    if (r.success) {
      seen.add(key);
      out.rows.push(r.data);
    } else reject('schema_violation', zodIssues(r.error));
  }
  return out;
}
