import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';
import { readAmounts, readTables, tokenUnitOf, unitWord, type MdTable } from '../../../transform/markdown-tables.ts';

// platform.minimax.io pricing/pay-as-you-go as markdown: a Text table (Model | Input | Output | Prompt caching
// Read | Prompt caching Write, '$0.3 / M tokens'), then Audio, Video, Music and Image tables priced per item.
const COLUMNS: [RegExp, TokenClass][] = [
  [/^input$/i, 'input'],
  [/^output$/i, 'output'],
  [/cach\w* read/i, 'cache_read'],
  // MiniMax states no cache lifetime; its one write price is read as the standard (5-minute class) write
  [/cach\w* write/i, 'cache_write'],
];

const title = (t: MdTable) => t.sections[t.sections.length - 1]?.title ?? '';

export function parseMinimaxPricing(payload: string): SheetParse {
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  const tables = readTables(payload);
  const tokenTables = tables.filter(
    (t) =>
      /^model$/i.test(t.header[0] ?? '') &&
      t.header.some((h) => /^input$/i.test(h)) &&
      t.header.some((h) => /^output$/i.test(h)),
  );
  if (tokenTables.length === 0)
    throw new PermanentError('minimax pricing doc has no Model | Input | Output table: layout changed?');
  for (const t of tables) {
    if (tokenTables.includes(t)) {
      readTokenTable(t, out);
      continue;
    }
    const priceCol = t.header.findIndex((h) => /^price$/i.test(h));
    if (priceCol < 0) {
      countSkip(out.skipped, 'not_a_price_table');
      continue;
    }
    // per character, per voice, per video, per image...: the unit after 'per'/'/' where it is a word, else the section
    for (const row of t.rows) {
      const cell = row.cells[priceCol] ?? '';
      const word = unitWord(cell); // 'per 768P, 6s video' and '/up-to-5 minutes music' give no clean word
      const unit = word && /^[a-z]+(?:_[a-z]+)?$/.test(word) ? word : title(t).toLowerCase();
      for (let n = readAmounts(cell).length; n > 0; n--) countSkip(out.skipped, `non_token_unit:${unit}`);
    }
  }
  if (out.rows.length === 0) throw new PermanentError('minimax pricing doc has no token prices: layout changed?');
  return out;
}

function readTokenTable(t: MdTable, out: SheetParse): void {
  for (const row of t.rows) {
    const name = (row.cells[0] ?? '').split('\n')[0]!.trim(); // a second line is a note ('High Concurrency, Commercial Use')
    t.header.forEach((h, k) => {
      if (k === 0) return;
      const cell = row.cells[k] ?? '';
      const field = `table:${title(t)}/${h}`;
      const reject = (reason: string, detail: string) =>
        out.rejects.push({ record_ref: `${name}#${field}`, source_model_id: name, reason, detail, record: row.record });
      const cls = COLUMNS.find(([re]) => re.test(h))?.[1];
      if (/^(-|—|n\/a)?$/i.test(cell)) {
        countSkip(out.skipped, 'no_price');
        return;
      }
      if (!cls) {
        reject('unknown_column', `column ${JSON.stringify(h)} has no known token class`);
        return;
      }
      const amounts = readAmounts(cell);
      const unit = tokenUnitOf(cell) ?? tokenUnitOf(h);
      if (amounts.length !== 1) {
        reject('unparseable_price', `${h} = ${JSON.stringify(cell)} is not one price`);
        return;
      }
      if (!unit) {
        reject('unknown_unit', `${h} = ${JSON.stringify(cell)} names no token unit`);
        return;
      }
      out.rows.push({
        source_model_id: name,
        source_provider: 'minimax',
        source_field: field,
        token_class: cls,
        service_tier: 'standard',
        region: 'global',
        context_tier: 'base',
        raw_value: amounts[0]!.value,
        raw_unit: unit,
        currency: amounts[0]!.currency,
        effective_from: null,
        provider: 'minimax',
        model: canonicalModel(name).replace(/\s+/g, '-'),
      });
    });
  }
}
