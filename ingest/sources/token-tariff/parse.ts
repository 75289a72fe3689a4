import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel, canonicalProvider } from '../../../transform/canonical-ids.ts';
import { readCsvRecords } from '../../../transform/csv.ts';
import { parseDecimal } from '../../../transform/decimal.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';

// Prajwalsrinvas/token-tariff timeline.csv: a curated model timeline, one row per model with its release date and
// its LAUNCH and CURRENT USD per 1M input/output prices (plus METR horizons and AA index, not read here).
const LAUNCH: [string, TokenClass][] = [
  ['launch_price_in', 'input'],
  ['launch_price_out', 'output'],
];
// the OpenRouter route (read from OpenRouter itself) and undated: counted, never read
const CURRENT = ['current_price_in', 'current_price_out'];
const REQUIRED = ['model', 'vendor', 'release_date', ...LAUNCH.map(([c]) => c)];

export function parseTokenTariff(payload: string): SheetParse {
  const { header, records } = readCsvRecords(payload);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new PermanentError(
      `token-tariff timeline.csv has no ${missing.join(', ')} column(s) in ${header.join(',')}: layout changed?`,
    );
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  const seen = new Map<string, { effective_from: string; raw_value: string }>();
  for (const { line, cells } of records) {
    const id = cells.model ?? '';
    const vendor = cells.vendor ?? '';
    if (!id || !vendor) {
      out.rejects.push({
        record_ref: `line ${line}: ${id || '?'}`,
        source_model_id: id || '?',
        reason: 'malformed_record',
        detail: `line ${line} has no ${id ? 'vendor' : 'model'}`,
        record: cells,
      });
      continue;
    }
    for (const c of CURRENT) if (cells[c]) countSkip(out.skipped, 'current_price_undated');
    const effective_from = effectiveFrom(cells.release_date ?? '');
    if (effective_from === undefined) {
      out.rejects.push({
        record_ref: `${id}#release_date`,
        source_model_id: id,
        reason: 'bad_effective_date',
        detail: `release_date ${JSON.stringify(cells.release_date)} is not YYYY-MM-DD`,
        record: cells,
      });
      continue;
    }
    for (const [column, token_class] of LAUNCH) {
      const text = cells[column] ?? '';
      const ref = `${id}#${column}`;
      if (!text) {
        countSkip(out.skipped, 'launch_price_not_published');
        continue;
      }
      if (!parseDecimal(text)) {
        out.rejects.push({
          record_ref: ref,
          source_model_id: id,
          reason: 'unparseable_price',
          detail: `${column} = ${JSON.stringify(text)} is not a number`,
          record: cells,
        });
        continue;
      }
      // a model listed twice: the same launch price on the same date is one point, anything else a conflict
      const key = `${id}|${token_class}`;
      const prior = seen.get(key);
      if (prior !== undefined) {
        if (prior.raw_value === text && prior.effective_from === effective_from)
          countSkip(out.skipped, 'duplicate_entry');
        else
          out.rejects.push({
            record_ref: ref,
            source_model_id: id,
            reason: 'conflicting_duplicate',
            detail: `${column} ${text} from ${effective_from} vs ${prior.raw_value} from ${prior.effective_from}`,
            record: cells,
          });
        continue;
      }
      seen.set(key, { effective_from, raw_value: text });
      out.rows.push({
        source_model_id: id,
        source_provider: vendor,
        source_field: column,
        token_class,
        service_tier: 'standard',
        region: 'global',
        context_tier: 'base',
        raw_value: text,
        raw_unit: 'per_1m_tokens',
        currency: 'USD',
        effective_from,
        provider: canonicalProvider(vendor),
        model: canonicalModel(id),
      });
    }
  }
  if (out.rows.length === 0)
    throw new PermanentError('token-tariff timeline.csv has no launch prices: layout changed?');
  return out;
}

/** 'YYYY-MM-DD' -> midnight UTC ISO; undefined = not a real date. */
function effectiveFrom(d: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return undefined;
  const t = new Date(`${d}T00:00:00Z`);
  return Number.isNaN(t.getTime()) || t.toISOString().slice(0, 10) !== d ? undefined : t.toISOString();
}
