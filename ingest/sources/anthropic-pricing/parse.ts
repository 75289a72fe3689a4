import { PermanentError } from '../../../schemas/errors.ts';
import type { ServiceTier, TokenClass } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { compare, parseDecimal } from '../../../transform/decimal.ts';
import { countSkip, type PricePoint } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';
import { readAmounts, readTables, tokenUnitOf, type MdTable } from '../../../transform/markdown-tables.ts';

// docs.claude.com about-claude/pricing as markdown: a Model table (input, 5m/1h cache writes, cache hits,
// output), a Batch table, and a long-context table that names its models only in the prose above it.
const COLUMNS: [RegExp, TokenClass, ServiceTier][] = [
  [/^base input/i, 'input', 'standard'],
  [/^5m cache writes?/i, 'cache_write', 'standard'],
  [/^1h cache writes?/i, 'cache_write_1h', 'standard'],
  [/^cache (hits|reads?)/i, 'cache_read', 'standard'],
  [/^output/i, 'output', 'standard'],
  [/^batch input/i, 'input', 'batch'],
  [/^batch output/i, 'output', 'batch'],
];
const CONTEXT_HEADER_RE = /^(≤|<=|<|>|≥)\s*(\d+)\s*K\b/i;

const modelName = (cell: string) => cell.replace(/\s*\(deprecated\)\s*$/i, '').trim();
const title = (t: MdTable) => t.sections[t.sections.length - 1]?.title ?? '';

export function parseAnthropicPricing(payload: string): SheetParse {
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  const tables = readTables(payload);
  const priced = tables.filter(
    (t) => /^model$/i.test(t.header[0] ?? '') && t.header.some((h) => COLUMNS.some(([re]) => re.test(h))),
  );
  if (priced.length === 0)
    throw new PermanentError(
      'anthropic pricing doc has no Model table with input/output price columns: layout changed?',
    );
  const seen = new Map<string, string>(); // model|class|tier -> raw value, to check the long-context table's base column
  for (const t of tables) {
    if (priced.includes(t)) readModelTable(t, out, seen);
    else if (t.header.length > 1 && t.header.every((h) => CONTEXT_HEADER_RE.test(h))) readLongContext(t, out, seen);
    else countSkip(out.skipped, 'not_a_price_table');
  }
  if (out.rows.length === 0) throw new PermanentError('anthropic pricing doc has no token prices: layout changed?');
  return out;
}

function push(
  out: SheetParse,
  name: string,
  field: string,
  cell: string,
  token_class: TokenClass,
  service_tier: ServiceTier,
  context_tier: string,
): PricePoint | null {
  const amounts = readAmounts(cell);
  const unit = tokenUnitOf(cell);
  const reject = (reason: string, detail: string) => {
    out.rejects.push({
      record_ref: `${name}#${field}`,
      source_model_id: name,
      reason,
      detail,
      record: { [field]: cell },
    });
    return null;
  };
  if (amounts.length !== 1) return reject('unparseable_price', `${field} = ${JSON.stringify(cell)} is not one price`);
  if (!unit) return reject('unknown_unit', `${field} = ${JSON.stringify(cell)} has no token unit`);
  const p: PricePoint = {
    source_model_id: name,
    source_provider: 'anthropic',
    source_field: field,
    token_class,
    service_tier,
    region: 'global',
    context_tier,
    raw_value: amounts[0]!.value,
    raw_unit: unit,
    currency: amounts[0]!.currency,
    effective_from: null,
    provider: 'anthropic',
    model: canonicalModel(name).replace(/\s+/g, '-'),
  };
  out.rows.push(p);
  return p;
}

function readModelTable(t: MdTable, out: SheetParse, seen: Map<string, string>): void {
  for (const row of t.rows) {
    const name = modelName(row.cells[0] ?? '');
    t.header.forEach((h, k) => {
      if (k === 0) return;
      const col = COLUMNS.find(([re]) => re.test(h));
      const cell = row.cells[k] ?? '';
      const field = `table:${title(t)}/${h}`;
      if (!col) {
        out.rejects.push({
          record_ref: `${name}#${field}`,
          source_model_id: name,
          reason: 'unknown_column',
          detail: `column ${JSON.stringify(h)} has no known token class`,
          record: row.record,
        });
        return;
      }
      if (/^(-|—|n\/a)?$/i.test(cell)) {
        countSkip(out.skipped, 'no_price');
        return;
      }
      const p = push(out, name, field, cell, col[1], col[2], 'base');
      if (p) seen.set(`${name}|${p.token_class}|${p.service_tier}`, p.raw_value);
    });
  }
}

// '≤ 200K input tokens' | '> 200K input tokens' with cells 'Input: $3 / MTok'; the models are named in the section prose
function readLongContext(t: MdTable, out: SheetParse, seen: Map<string, string>): void {
  const prose = t.sections[t.sections.length - 1]?.text.join(' ') ?? '';
  const names = [
    ...new Set([...prose.matchAll(/\b(Opus|Sonnet|Haiku)\s+(\d+(?:\.\d+)?)\b/g)].map((m) => `Claude ${m[1]} ${m[2]}`)),
  ];
  const known = names.filter((n) => [...seen.keys()].some((k) => k.startsWith(`${n}|`)));
  if (known.length === 0) {
    out.rejects.push({
      record_ref: `table:${title(t)}`,
      source_model_id: '?',
      reason: 'unknown_model',
      detail: `long-context table names no model of the price table (prose names: ${names.join(', ') || 'none'})`,
      record: t.rows.map((r) => r.record),
    });
    return;
  }
  for (const row of t.rows) {
    t.header.forEach((h, k) => {
      const cell = row.cells[k] ?? '';
      const m = CONTEXT_HEADER_RE.exec(h)!;
      const above = m[1] === '>' || m[1] === '≥';
      const label = /^([^:]+):/.exec(cell)?.[1]?.trim().toLowerCase();
      const token_class: TokenClass | null = label === 'input' ? 'input' : label === 'output' ? 'output' : null;
      for (const name of known) {
        const field = `table:${title(t)}/${h}/${label ?? '?'}`;
        if (!token_class) {
          out.rejects.push({
            record_ref: `${name}#${field}`,
            source_model_id: name,
            reason: 'unknown_row',
            detail: `cell ${JSON.stringify(cell)} is not 'Input:' or 'Output:'`,
            record: row.record,
          });
          continue;
        }
        const prior = above ? undefined : seen.get(`${name}|${token_class}|standard`);
        if (prior !== undefined) {
          // the base column repeats the Model table: count it, or reject a contradiction
          const a = parseDecimal(prior),
            b = parseDecimal(readAmounts(cell)[0]?.value ?? '');
          if (a && b && compare(a, b) === 0) countSkip(out.skipped, 'same_as_model_table');
          else
            out.rejects.push({
              record_ref: `${name}#${field}`,
              source_model_id: name,
              reason: 'conflicting_price',
              detail: `${JSON.stringify(cell)} differs from the Model table's ${prior}`,
              record: row.record,
            });
          continue;
        }
        push(
          out,
          name,
          field,
          cell.slice(cell.indexOf(':') + 1),
          token_class,
          'standard',
          above ? `above_${m[2]}k` : 'base',
        );
      }
    });
  }
}
