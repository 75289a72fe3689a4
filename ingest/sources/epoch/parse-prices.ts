import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { ModelPricePoint } from '../../../schemas/events/model-price-point.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { readCsvRecords } from '../../../transform/csv.ts';
import { parseDecimal, toText } from '../../../transform/decimal.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { sharedModelRegistry, type ModelRegistry } from '../../../transform/models/model-registry.ts';
import { resolveModel } from '../../../transform/models/resolve-model.ts';

// which input file a document is, by its name: both files share one header
const DATASETS = [
  ['aa_data_with_math5', 'aa_data_with_math5'],
  ['price_data_not_in_aa', 'epoch_ai_price_data_not_in_aa'],
] as const;
// the models Epoch's analysis excludes as reasoning models (REFERENCE.md section 1)
const REASONING = new Set(['DeepSeek-R1', 'o1', 'o1-mini', 'o1-preview', 'o3-mini']);
const SCORES = {
  mmlu: 'MMLU',
  gpqa_diamond: 'GPQA Diamond',
  humaneval: 'HumanEval',
  math_500: 'MATH-500',
  arena_elo: 'LMSys Chatbot Arena ELO',
  math_5: 'MATH 5',
  tokens_per_second: 'Tokens per Second',
} as const;

export type PricePointParse = Parsed<ModelPricePoint>;

/** Pure: one of Epoch AI's price-trend input files to one row per model and price date; a row without a price is rejected. */
export function parseEpochPrices(
  payload: string,
  ctx: ParseContext,
  registry: ModelRegistry = sharedModelRegistry(),
): PricePointParse {
  const dataset = DATASETS.find(([needle]) => ctx.url.includes(needle))?.[1];
  if (!dataset)
    throw new PermanentError(
      `${ctx.url}: not one of Epoch's price-trend inputs (aa_data_with_math5.csv, epoch_ai_price_data_not_in_aa_with_benchmarks.csv)`,
    );
  const { header, records } = readCsvRecords(payload);
  const missing = ['Model Name', 'Release Date', 'USD per 1M Tokens', ...Object.values(SCORES)].filter(
    (c) => !header.includes(c),
  );
  if (missing.length) throw new PermanentError(`Epoch price file lacks columns ${missing.join(', ')}`);
  const out: PricePointParse = { rows: [], rejects: [], skipped: {} };
  for (const { line, cells } of records) {
    const name = cells['Model Name'] ?? '';
    const reject = (reason: string, detail: string): void => {
      out.rejects.push({ record_ref: `line ${line}: ${name || '?'}`, reason, detail, record: cells });
    };
    const price = parseDecimal(cells['USD per 1M Tokens'] ?? '');
    if (!price) {
      reject('missing_price', `USD per 1M Tokens ${JSON.stringify(cells['USD per 1M Tokens'])} is not a price`);
      continue;
    }
    const date = cells['Release Date'] ?? '';
    const scores = Object.fromEntries(
      Object.entries(SCORES).map(([k, column]) => {
        const d = parseDecimal(cells[column] ?? '');
        return [k, d ? toText(d) : null];
      }),
    );
    const r = ModelPricePoint.safeParse({
      event_id: deterministicId('model_price_point', dataset, name, date),
      dataset,
      model_name: name,
      model: resolveModel(registry, { source: '*', id: name, at: date }).model_id ?? '',
      release_date: date,
      usd_per_mtok_blended: toText(price),
      reasoning: REASONING.has(name),
      ...scores,
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    });
    if (r.success) out.rows.push(r.data);
    else reject('schema_violation', zodIssues(r.error));
  }
  return out;
}
