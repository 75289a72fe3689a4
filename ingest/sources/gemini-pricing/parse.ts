import { PermanentError } from '../../../schemas/errors.ts';
import type { ServiceTier, TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';
import {
  readAmounts,
  readTables,
  tokenUnitOf,
  unitWord,
  type Amount,
  type MdTable,
} from '../../../transform/markdown-tables.ts';

// ai.google.dev/gemini-api/docs/pricing as markdown: one '## <model>' section per model with its API id in
// backticks, '### Standard' / '### Batch' tables of rows (Input price, Output price, Context caching price...)
// by columns (Free Tier, Paid Tier, per 1M tokens in USD). A paid cell can hold several prices:
// '$1.25, prompts <= 200k tokens $2.50, prompts > 200k tokens' or '$0.30 (text / image / video) $1.00 (audio)'.
const FAMILIES: [RegExp, 'input' | 'output' | 'cache_read'][] = [
  [/^input price/i, 'input'],
  [/^output price/i, 'output'],
  [/^context caching price/i, 'cache_read'],
];

export function parseGeminiPricing(payload: string): SheetParse {
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  const tables = readTables(payload);
  const paid = tables.filter((t) => t.header.some((h) => /^paid tier/i.test(h)));
  if (paid.length === 0)
    throw new PermanentError("gemini pricing doc has no table with a 'Paid Tier' column: layout changed?");
  for (const t of tables) {
    if (paid.includes(t)) readTable(t, out);
    else countSkip(out.skipped, 'not_a_price_table');
  }
  if (out.rows.length === 0) throw new PermanentError('gemini pricing doc has no token prices: layout changed?');
  return out;
}

function readTable(t: MdTable, out: SheetParse): void {
  const section = t.sections.find((s) => s.level === 2);
  const sub =
    t.sections.find((s) => s.level === 3 && section && t.sections.indexOf(s) > t.sections.indexOf(section))?.title ??
    '';
  const tier: ServiceTier = /^batch$/i.test(sub) ? 'batch' : 'standard';
  const ids = [...(section?.text.join(' ') ?? '').matchAll(/`([a-z0-9][\w.-]*)`/g)].map((m) => m[1]!);
  const id = ids.length === 1 ? ids[0]! : canonicalModel((section?.title ?? '').replace(/\s+/g, '-'));
  const paidCol = t.header.findIndex((h) => /^paid tier/i.test(h));
  const freeCol = t.header.findIndex((h) => /^free tier/i.test(h));
  const headerUnit = tokenUnitOf(t.header[paidCol]!);
  const tools = /^pricing for tools/i.test(section?.title ?? '');
  for (const row of t.rows) {
    const label = row.cells[0] ?? '';
    if (/^used to improve/i.test(label)) {
      countSkip(out.skipped, 'not_a_price_row');
      continue;
    }
    if (freeCol >= 0 && (row.cells[freeCol] ?? '') !== '') countSkip(out.skipped, 'free_tier');
    const cell = row.cells[paidCol] ?? '';
    const amounts = readAmounts(cell);
    if (amounts.length === 0) {
      countSkip(out.skipped, /not available/i.test(cell) ? 'not_available' : 'no_price');
      continue;
    }
    const family = FAMILIES.find(([re]) => re.test(label))?.[1];
    const where = [section?.title, sub, label].filter(Boolean).join('/');
    amounts.forEach((a, n) => {
      const field = `table:${where}${amounts.length > 1 ? `[${n + 1}]` : ''}`;
      const reject = (reason: string, detail: string) =>
        out.rejects.push({ record_ref: `${id}#${field}`, source_model_id: id, reason, detail, record: row.record });
      const perItem = nonTokenUnit(a, headerUnit ? null : t.header[paidCol]!);
      if (perItem) {
        countSkip(out.skipped, `non_token_unit:${perItem}`);
        return;
      }
      if (tools) {
        countSkip(out.skipped, 'tool_rate_reference');
        return;
      } // 'charged for embeddings at $0.15 / 1M tokens'
      if (!family) {
        reject(
          'unknown_row',
          `row ${JSON.stringify(label)} holds a token price but is not input, output or context caching`,
        );
        return;
      }
      // the modality is in the value's parentheses, else the label's ('Input price (text, image, video)'), else text
      const labelQ = /\(([^)]*(?:text|audio|image)[^)]*)\)/i.exec(label)?.[1];
      const kind = modality(/\(([^)]*)\)/.exec(a.after)?.[1] ?? labelQ ?? 'text');
      if (kind === null) {
        reject('unknown_modality', `${JSON.stringify(a.after.trim())} names no text, audio or image tokens`);
        return;
      }
      out.rows.push({
        source_model_id: id,
        source_provider: 'google',
        source_field: field,
        token_class: `${kind}${family}` as TokenClass,
        service_tier: tier,
        region: 'global',
        context_tier: contextTier(a.after),
        raw_value: a.value,
        raw_unit: tokenUnitOf(a.after.replace(/\([^)]*\)/g, '')) ?? headerUnit!,
        currency: a.currency,
        effective_from: null,
        provider: 'google',
        model: canonicalModel(id),
      });
    });
  }
}

/** Null for a token price; else what the amount is charged per (image, second, search_query, storage...). */
function nonTokenUnit(a: Amount, perItemHeader: string | null): string | null {
  const seg = a.after.replace(/\([^)]*\)/g, ' '); // '(text / image / video)' is a modality list, not a unit
  if (/per hour/i.test(seg)) return 'token_hour'; // context cache storage
  if (/image/i.test(a.after) && /[*^]/.test(a.after)) return 'image'; // footnoted per-image equivalents
  const word = unitWord(seg);
  if (word && !tokenUnitOf(seg)) return word;
  return perItemHeader ? (unitWord(perItemHeader) ?? 'unknown') : null;
}

function modality(q: string): '' | 'audio_' | 'image_' | null {
  if (/text/i.test(q)) return '';
  if (/audio/i.test(q)) return 'audio_';
  if (/image/i.test(q)) return 'image_';
  return null;
}

function contextTier(after: string): string {
  const above = /prompts\s*(?:>|≥)\s*(\d+)\s*k/i.exec(after);
  return above ? `above_${above[1]}k` : 'base';
}
