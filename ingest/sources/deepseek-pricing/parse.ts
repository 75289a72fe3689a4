import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import type { SheetParse } from '../../../transform/transformer.ts';
import { readAmounts, readTables, tokenUnitOf } from '../../../transform/markdown-tables.ts';

// api-docs.deepseek.com quick_start/pricing as markdown: one 'MODEL | deepseek-chat | deepseek-reasoner' table
// flattened from HTML, so multi-line cells become rows of their own. Price rows read
// '[PRICING |] 1M INPUT TOKENS (CACHE HIT) | $0.028': one price spanning every model column, or one per model.
const LABELS: [RegExp, TokenClass][] = [
  [/INPUT TOKENS \(CACHE HIT\)/i, 'cache_read'],
  [/INPUT TOKENS \(CACHE MISS\)/i, 'input'],
  [/^(?:1M )?INPUT TOKENS$/i, 'input'],
  [/OUTPUT TOKENS/i, 'output'],
];

export function parseDeepseekPricing(payload: string): SheetParse {
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  const table = readTables(payload).find(
    (t) => /^model$/i.test(t.header[0] ?? '') && t.header.slice(1).some((h) => /^deepseek-/i.test(h)),
  );
  if (!table) throw new PermanentError("deepseek pricing doc has no 'MODEL | deepseek-...' table: layout changed?");
  const models = table.header.slice(1).filter(Boolean);
  const heading = table.sections[table.sections.length - 1]?.title ?? '';
  for (const row of table.rows) {
    const at = row.cells.findIndex((c) => /\bTOKENS\b/i.test(c) && readAmounts(c).length === 0);
    if (at < 0) continue;
    const label = row.cells[at]!;
    const prices = row.cells.slice(at + 1).filter((c) => c !== '');
    const field = `table:${heading}/${label}`;
    const cls = LABELS.find(([re]) => re.test(label))?.[1];
    const unit = tokenUnitOf(label);
    const reject = (reason: string, detail: string) =>
      out.rejects.push({ record_ref: field, source_model_id: models.join(','), reason, detail, record: row.cells });
    if (prices.length === 0 || prices.every((c) => readAmounts(c).length === 0)) continue; // a feature row that mentions tokens
    if (!cls) {
      reject('unknown_row', `price row ${JSON.stringify(label)} is not input, cache hit or output`);
      continue;
    }
    if (!unit) {
      reject('unknown_unit', `price row ${JSON.stringify(label)} names no token unit`);
      continue;
    }
    if (prices.length !== 1 && prices.length !== models.length) {
      reject('unparseable_price', `${prices.length} prices for ${models.length} models`);
      continue;
    }
    models.forEach((name, k) => {
      const cell = prices.length === 1 ? prices[0]! : prices[k]!; // one cell spanning all models applies to each
      const amounts = readAmounts(cell);
      if (amounts.length !== 1) {
        out.rejects.push({
          record_ref: `${name}#${field}`,
          source_model_id: name,
          reason: 'unparseable_price',
          detail: `${JSON.stringify(cell)} is not one price`,
          record: row.cells,
        });
        return;
      }
      out.rows.push({
        source_model_id: name,
        source_provider: 'deepseek',
        source_field: field,
        token_class: cls,
        service_tier: 'standard',
        region: 'global',
        context_tier: 'base',
        raw_value: amounts[0]!.value,
        raw_unit: unit,
        currency: amounts[0]!.currency,
        effective_from: null,
        provider: 'deepseek',
        model: canonicalModel(name).replace(/\s+/g, '-'),
      });
    });
  }
  if (out.rows.length === 0)
    throw new PermanentError('deepseek pricing doc has no token prices under its MODEL table: layout changed?');
  return out;
}
