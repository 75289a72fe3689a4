import { PermanentError } from '../../../schemas/errors.ts';
import type { ServiceTier, TokenClass, TokenUnit } from '../../../schemas/price-dimensions.ts';
import { canonicalModel } from '../../../transform/canonical-ids.ts';
import { countSkip } from '../../../transform/price-point.ts';
import type { SheetParse } from '../../../transform/transformer.ts';
import { readAmounts, readTables, tokenUnitOf, unitWord, type MdTable } from '../../../transform/markdown-tables.ts';

// platform.openai.com/docs/pricing as markdown. Tier tabs (Batch/Flex/Standard/Priority) survive only as a
// text line above each table; the unit is a 'Prices per ...' line under the section heading.
const COLUMNS: [RegExp, TokenClass, ServiceTier | null][] = [
  [/^input$/i, 'input', null],
  [/^cached input$/i, 'cache_read', null],
  [/^output$/i, 'output', null],
  [/^training$/i, 'training', null],
  [/^cost$/i, 'input', null], // embeddings
  [/^batch cost$/i, 'input', 'batch'],
];
const TIERS: readonly string[] = ['batch', 'flex', 'standard', 'priority'];
const NO_PRICE_RE = /^(-|—|n\/a|free)?$/i;

type Ctx = { t: MdTable; section: string; tier: ServiceTier; unit: TokenUnit | null; perWhat: string };

export function parseOpenaiPricing(payload: string): SheetParse {
  const out: SheetParse = { rows: [], rejects: [], skipped: {} };
  let tokenTables = 0;
  for (const t of readTables(payload)) {
    const section = t.sections
      .filter((s) => s.level > 1 && s.title)
      .map((s) => s.title)
      .join('/');
    const perWhat =
      [...t.sections]
        .reverse()
        .flatMap((s) => s.text)
        .find((l) => /^prices per /i.test(l)) ?? '';
    const caption = t.caption.toLowerCase();
    const ctx: Ctx = {
      t,
      section,
      tier: (TIERS.includes(caption) ? caption : 'standard') as ServiceTier,
      unit: tokenUnitOf(perWhat),
      perWhat,
    };
    const isTokenTable =
      /^model$/i.test(t.header[0] ?? '') &&
      ctx.unit !== null &&
      t.header.some((h) => COLUMNS.some(([re]) => re.test(h)));
    if (isTokenTable) tokenTables++;
    for (const row of t.rows) {
      t.header.forEach((h, k) => {
        if (k === 0) return;
        const col = isTokenTable ? COLUMNS.find(([re]) => re.test(h)) : undefined;
        readCell(out, ctx, row.cells[0] ?? '', h, row.cells[k] ?? '', col, row.record);
      });
    }
  }
  if (tokenTables === 0 || out.rows.length === 0)
    throw new PermanentError('openai pricing doc has no Model table priced per 1M tokens: layout changed?');
  return out;
}

function readCell(
  out: SheetParse,
  ctx: Ctx,
  name: string,
  header: string,
  cell: string,
  col: (typeof COLUMNS)[number] | undefined,
  record: unknown,
): void {
  const amounts = readAmounts(cell);
  const tab = TIERS.includes(ctx.t.caption.toLowerCase()) ? `/${ctx.t.caption}` : '';
  const field = `table:${ctx.section}${tab}/${header}`;
  const leaf = ctx.section.split('/').pop() ?? '';
  const modality = /^audio tokens$/i.test(leaf) ? 'audio_' : /^image tokens$/i.test(leaf) ? 'image_' : '';
  const fineTuning = /^fine-tuning/i.test(ctx.section);
  const id = fineTuning ? `ft:${name}` : name;
  const isToken = (a: { after: string }) => !unitWord(a.after) || tokenUnitOf(a.after) !== null;
  for (const a of amounts) {
    // per minute, per call, per image, per hour of training...: not token prices
    if (!isToken(a)) countSkip(out.skipped, `non_token_unit:${unitWord(a.after)}`);
    else if (!ctx.unit)
      countSkip(out.skipped, `non_token_unit:${unitWord(ctx.perWhat) ?? unitWord(header) ?? 'unknown'}`);
  }
  if (!col) {
    if (ctx.unit && amounts.some(isToken)) {
      out.rejects.push({
        record_ref: `${id}#${field}`,
        source_model_id: id,
        reason: 'unknown_column',
        detail: `column ${JSON.stringify(header)} has no known token class`,
        record,
      });
    }
    return;
  }
  if (NO_PRICE_RE.test(cell)) {
    countSkip(out.skipped, 'no_price');
    return;
  }
  const tokenAmounts = amounts.filter(isToken);
  if (amounts.length === 0 || tokenAmounts.length > 1) {
    out.rejects.push({
      record_ref: `${id}#${field}`,
      source_model_id: id,
      reason: 'unparseable_price',
      detail: `${header} = ${JSON.stringify(cell)} is not one price`,
      record,
    });
    return;
  }
  const a = tokenAmounts[0];
  if (!a) return; // the only amount was a non-token one, counted above
  const [, cls, tierOverride] = col;
  const tier = tierOverride ?? ctx.tier;
  if (cls === 'training' && tier !== 'standard') {
    countSkip(out.skipped, 'training_in_batch_tab');
    return;
  }
  out.rows.push({
    source_model_id: id,
    source_provider: 'openai',
    source_field: field,
    token_class: cls === 'training' ? cls : (`${modality}${cls}` as TokenClass),
    service_tier: tier,
    region: 'global',
    context_tier: 'base',
    raw_value: a.value,
    raw_unit: tokenUnitOf(a.after) ?? ctx.unit!,
    currency: a.currency,
    effective_from: null,
    provider: 'openai',
    model: canonicalModel(id).replace(/\s+/g, '-'),
  });
}
