import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';
import { readAmounts, readTables, tokenUnitOf, unitWord, type MdTable } from '../../../transform/markdown-tables.ts';

// docs.x.ai docs/models as markdown. The live page fills its 'Model Pricing' table client-side, and a markdown
// copy made without running it (the recorded one) has the heading and no table: that is a loud failure, not
// an empty success. Read when present: a Model table with Input / Cached input / Output columns priced per 1M
// tokens; the tool table (Cost per 1,000 calls) holds per-call prices only.
const COLUMNS: [RegExp, TokenClass][] = [
  [/^(text )?input( tokens)?\b(?!.*cach)/i, 'input'],
  [/^cached (input|prompt)/i, 'cache_read'],
  [/^image input/i, 'image_input'],
  [/^(text )?(output|completion)( tokens)?\b/i, 'output'],
];

const title = (t: MdTable) => t.sections[t.sections.length - 1]?.title ?? '';

export function parseXaiModels(payload: string): SheetParse {
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  const tables = readTables(payload);
  const modelTables = tables.filter(
    (t) =>
      /^model/i.test(t.header[0] ?? '') &&
      t.header.some((h) => /^(text )?input/i.test(h)) &&
      t.header.some((h) => /^(text )?(output|completion)/i.test(h)),
  );
  if (modelTables.length === 0) {
    const empty = /^##\s+Model Pricing\s*$/m.test(payload)
      ? " ('Model Pricing' heading without a table: a copy taken before the page's script filled it in?)"
      : '';
    throw new PermanentError(
      `xai models doc has no Model table with input/output price columns${empty}: layout changed?`,
    );
  }
  for (const t of tables) {
    if (modelTables.includes(t)) {
      readModelTable(t, out);
      continue;
    }
    const costCol = t.header.findIndex((h) => /^(cost|price)/i.test(h));
    if (costCol < 0) {
      countSkip(out.skipped, 'not_a_price_table');
      continue;
    }
    for (const row of t.rows) {
      const cell = row.cells[costCol] ?? '';
      if (readAmounts(cell).length === 0) {
        countSkip(out.skipped, /token/i.test(cell) ? 'billed_as_tokens' : 'no_price');
        continue;
      }
      countSkip(out.skipped, `non_token_unit:${unitWord(cell) ?? unitWord(t.header[costCol]!) ?? 'unknown'}`);
    }
  }
  if (out.rows.length === 0) throw new PermanentError('xai models doc has no token prices: layout changed?');
  return out;
}

function readModelTable(t: MdTable, out: SheetParse): void {
  const sectionUnit = tokenUnitOf(t.sections.flatMap((s) => s.text).join(' ') + ' ' + t.caption);
  for (const row of t.rows) {
    const name = (row.cells[0] ?? '').split('\n')[0]!.trim();
    t.header.forEach((h, k) => {
      const cls = k === 0 ? undefined : COLUMNS.find(([re]) => re.test(h))?.[1];
      if (!cls) return; // context window, rate limits, modalities...
      const cell = row.cells[k] ?? '';
      const field = `table:${title(t)}/${h}`;
      const reject = (reason: string, detail: string) =>
        out.rejects.push({ record_ref: `${name}#${field}`, source_model_id: name, reason, detail, record: row.record });
      if (/^(-|—|n\/a)?$/i.test(cell)) {
        countSkip(out.skipped, 'no_price');
        return;
      }
      const amounts = readAmounts(cell);
      const unit = tokenUnitOf(cell) ?? tokenUnitOf(h) ?? sectionUnit;
      if (amounts.length !== 1) {
        reject('unparseable_price', `${h} = ${JSON.stringify(cell)} is not one price`);
        return;
      }
      if (!unit) {
        reject('unknown_unit', `${h} = ${JSON.stringify(cell)}: no token unit in the cell, header or section`);
        return;
      }
      out.rows.push({
        source_model_id: name,
        source_provider: 'xai',
        source_field: field,
        token_class: cls,
        service_tier: 'standard',
        region: 'global',
        context_tier: 'base',
        raw_value: amounts[0]!.value,
        raw_unit: unit,
        currency: amounts[0]!.currency,
        effective_from: null,
        provider: 'xai',
        model: canonicalModel(name).replace(/\s+/g, '-'),
      });
    });
  }
}
