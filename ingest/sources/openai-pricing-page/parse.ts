import * as cheerio from 'cheerio';
import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass, TokenUnit } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { parseDecimal } from '../../../transform/decimal.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';

// openai.com/pricing (2023 layout): one div.ui-block--pricing-table per section (id = slug, h3 = title),
// holding a desktop <table> whose first row is the header (Model | Input | Output ...), cells like "$0.01 / 1K tokens".
const BLOCK = 'div.ui-block--pricing-table';
const TOKEN_UNITS: Record<string, TokenUnit> = {
  '1k tokens': 'per_1k_tokens',
  '1m tokens': 'per_1m_tokens',
  token: 'per_token',
};
// display names on the page -> the API ids other sources use
const PAGE_ALIASES: Record<string, string> = { 'ada v2': 'text-embedding-ada-002' };
const PRICE_RE = /^\$\s*(\d*\.?\d+)\s*\/\s*(.+)$/;

export function parseOpenaiPricingPage(html: string): SheetParse {
  const $ = cheerio.load(html);
  const blocks = $(BLOCK).toArray();
  if (blocks.length === 0) throw new PermanentError(`openai pricing page has no ${BLOCK} sections: layout changed?`);
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  let priceTables = 0;
  for (const block of blocks) {
    const section = $(block).attr('id') ?? slug($(block).find('h3').first().text());
    for (const table of $(block).find('table').toArray()) {
      const rows = $(table)
        .find('tr')
        .toArray()
        .map((tr) =>
          $(tr)
            .children('td,th')
            .toArray()
            .map((c) => clean($(c).text())),
        );
      const header = rows[0] ?? [];
      if (header[0] !== 'Model' && header[0] !== 'Tool') {
        countSkip(out.skipped, 'not_a_price_table');
        continue;
      }
      priceTables += 1;
      let name = '';
      for (const row of rows.slice(1)) {
        name = row[0] || name; // image rows leave the model cell empty under the row that names it
        row
          .slice(1)
          .forEach((cell, i) => readCell(out, section, header[i + 1] ?? '', header.includes('Training'), name, cell));
      }
    }
  }
  if (priceTables === 0)
    throw new PermanentError(
      `openai pricing page: no price table (<table> with a Model/Tool header row) in ${blocks.length} ${BLOCK} sections: layout changed?`,
    );
  if (out.rows.length === 0)
    throw new PermanentError('openai pricing page has price tables but no token prices: layout changed?');
  return out;
}

function readCell(
  out: SheetParse,
  section: string,
  column: string,
  fineTuning: boolean,
  name: string,
  cell: string,
): void {
  const m = PRICE_RE.exec(cell);
  if (!m) {
    if (cell.includes('$'))
      out.rejects.push({
        record_ref: `${section}/${name}/${column}`,
        source_model_id: name,
        reason: 'unparseable_price',
        detail: `"${cell}" is not "$<number> / <unit>"`,
        record: { section, column, cell },
      });
    return; // descriptive columns (Quality, Resolution) carry no price
  }
  const [, value = '', unitText = ''] = m;
  const unitKey = unitText
    .replace(/\(.*?\)/g, '')
    .trim()
    .toLowerCase();
  const unit = TOKEN_UNITS[unitKey];
  if (!unit) {
    countSkip(out.skipped, `non_token_unit:${nonTokenUnit(unitKey)}`);
    return;
  }
  const classes = columnClasses(section, column);
  if (!classes || !parseDecimal(value)) {
    out.rejects.push({
      record_ref: `${section}/${name}/${column}`,
      source_model_id: name,
      reason: classes ? 'unparseable_price' : 'unknown_column',
      detail: `column "${column}" in ${section}: "${cell}"`,
      record: { section, column, cell },
    });
    return;
  }
  // a fine-tuned model is billed apart from its base model: training and usage belong to ft:<base>
  const id = fineTuning ? `ft:${name}` : name;
  for (const token_class of classes) {
    out.rows.push({
      source_model_id: id,
      source_provider: 'openai',
      source_field: `table:${section}/${column}`,
      token_class,
      service_tier: 'standard',
      region: 'global',
      context_tier: 'base',
      raw_value: value,
      raw_unit: unit,
      currency: 'USD',
      effective_from: null,
      provider: 'openai',
      model: PAGE_ALIASES[id.toLowerCase()] ?? canonicalModel(id),
    });
  }
}

function columnClasses(section: string, column: string): TokenClass[] | null {
  switch (column) {
    case 'Input':
    case 'Input usage':
      return ['input'];
    case 'Output':
    case 'Output usage':
      return ['output'];
    case 'Training':
      return ['training'];
    // embeddings have no output tokens; elsewhere one rate bills prompt and completion tokens alike (page FAQ)
    case 'Usage':
      return section.includes('embedding') ? ['input'] : ['input', 'output'];
    default:
      return null;
  }
}

function nonTokenUnit(unitKey: string): string {
  return unitKey
    .replace(/^1k\s+/, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .replace(/s$/, '');
}

const clean = (s: string): string =>
  s
    .replace(/\u00a0/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const slug = (s: string): string =>
  clean(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
