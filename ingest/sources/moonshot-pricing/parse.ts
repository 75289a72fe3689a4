import { PermanentError } from '../../../schemas/errors.ts';
import type { TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';
import { readAmounts, readTables, tokenUnitOf, type MdTable } from '../../../transform/markdown-tables.ts';

// platform.moonshot.cn pricing/chat (Chinese page, prices in ￥ = CNY per 1M tokens). Columns: 模型 (model),
// 计费单位 (billing unit), 输入价格（缓存命中/未命中） (input, cache hit / miss), 输出价格 (output). kimi-latest bills
// by request context length (请求上下文长度); its continuation rows omit the model cell (a rowspan).
const COLUMNS: [RegExp, TokenClass][] = [
  [/^输入价格\s*[（(]缓存命中[)）]$/, 'cache_read'],
  [/^输入价格\s*[（(]缓存未命中[)）]$/, 'input'],
  [/^输入价格$/, 'input'],
  [/^输出价格$/, 'output'],
];
const MODEL_RE = /^(模型|model)$/i;
const UNIT_RE = /^(计费单位|unit)/i;
const RANGE_RE = /^(请求上下文长度|context)/i;

export function parseMoonshotPricing(payload: string): SheetParse {
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  const tables = readTables(payload).filter(
    (t) => MODEL_RE.test(t.header[0] ?? '') && t.header.some((h) => COLUMNS.some(([re]) => re.test(h))),
  );
  if (tables.length === 0)
    throw new PermanentError('moonshot pricing doc has no 模型 table with 输入价格/输出价格 columns: layout changed?');
  for (const t of tables) readTable(t, out);
  if (out.rows.length === 0) throw new PermanentError('moonshot pricing doc has no token prices: layout changed?');
  return out;
}

/** '≤ 8,192 tokens' -> base; '8,192 < 长度 ≤ 32,768 tokens' -> above_8k (binary thousands, as Moonshot names its 8k/32k/128k models). */
function contextTier(range: string): string | null {
  if (/^[≤<]/.test(range.trim())) return 'base';
  const m = /^([\d,]+)\s*</.exec(range.trim());
  if (!m) return null;
  const n = Number(m[1]!.replace(/,/g, ''));
  return `above_${n % 1024 === 0 ? n / 1024 : Math.round(n / 1000)}k`;
}

function readTable(t: MdTable, out: SheetParse): void {
  const heading = t.sections
    .map((s) => s.title)
    .filter(Boolean)
    .join('/');
  const unitCol = t.header.findIndex((h) => UNIT_RE.test(h));
  const rangeCol = t.header.findIndex((h) => RANGE_RE.test(h));
  let model = '';
  for (const row of t.rows) {
    // a row one cell short continues the model above it
    const cells = row.cells.length === t.header.length - 1 ? [model, ...row.cells] : row.cells;
    model = cells[0] ?? '';
    const name = model.replace(/[\u4e00-\u9fff]+$/, '').trim(); // drop a trailing badge such as 推荐 ('recommended')
    const tier = rangeCol >= 0 ? contextTier(cells[rangeCol] ?? '') : 'base';
    const unit = tokenUnitOf(unitCol >= 0 ? (cells[unitCol] ?? '') : '');
    t.header.forEach((h, k) => {
      const cls = COLUMNS.find(([re]) => re.test(h))?.[1];
      if (!cls) return;
      const cell = cells[k] ?? '';
      const field = `table:${heading}/${h}${rangeCol >= 0 ? `/${cells[rangeCol]}` : ''}`;
      const reject = (reason: string, detail: string) =>
        out.rejects.push({ record_ref: `${name}#${field}`, source_model_id: name, reason, detail, record: row.record });
      if (/^(-|—)?$/.test(cell)) {
        countSkip(out.skipped, 'no_price');
        return;
      }
      const amounts = readAmounts(cell);
      if (amounts.length !== 1) {
        reject('unparseable_price', `${h} = ${JSON.stringify(cell)} is not one price`);
        return;
      }
      if (!unit) {
        reject('unknown_unit', `billing unit ${JSON.stringify(cells[unitCol] ?? '')} is not a token unit`);
        return;
      }
      if (!tier) {
        reject('unknown_context_tier', `context range ${JSON.stringify(cells[rangeCol])} not understood`);
        return;
      }
      out.rows.push({
        source_model_id: name,
        source_provider: 'moonshot',
        source_field: field,
        token_class: cls,
        service_tier: 'standard',
        region: 'global',
        context_tier: tier,
        raw_value: amounts[0]!.value,
        raw_unit: unit,
        currency: amounts[0]!.currency,
        effective_from: null,
        provider: 'moonshot',
        model: canonicalModel(name).replace(/\s+/g, '-'),
      });
    });
  }
}
