import { z } from 'zod';
import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { MarketShare } from '../../../schemas/events/market-share.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { decimalFromNumber, parseDecimal, toText, type Decimal } from '../../../transform/decimal.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { isObj } from '../../../transform/json-shape.ts';
import { sharedModelRegistry, type ModelRegistry } from '../../../transform/models/model-registry.ts';
import { resolveModel } from '../../../transform/models/resolve-model.ts';

export type MarketShareParse = Parsed<MarketShare>;

const isDay = (s: unknown): s is string => typeof s === 'string' && z.iso.date().safeParse(s).success;
const minusDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

// a whole, non-negative token count exactly as published; JSON.parse already rounded an integer past 2^53
function tokenCount(val: unknown): Decimal | null {
  if (typeof val === 'number') return Number.isSafeInteger(val) && val >= 0 ? decimalFromNumber(val) : null;
  return typeof val === 'string' && /^\d+$/.test(val.trim()) ? parseDecimal(val) : null;
}

/**
 * Pure: one weekly top-models snapshot (johnbean393/openrouter-inference-stats, scraped from openrouter.ai/rankings) to
 * one 'openrouter' tokens row per listed model. The document's own total_tokens is the sum of the listed models only
 * (calculator.py; equal in every fixture), not OpenRouter's total: share stays null and no 'other' row is made up.
 * Token counts come from each vendor's tokenizer, so they rank usage, not dollars (REFERENCE.md section 4).
 */
export function parseOpenrouterRankings(
  payload: string,
  ctx: ParseContext,
  registry: ModelRegistry = sharedModelRegistry(),
): MarketShareParse {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch (e) {
    throw new PermanentError(`not an OpenRouter rankings snapshot: ${(e as Error).message}`);
  }
  if (!isObj(doc) || !isDay(doc.date) || !Array.isArray(doc.models))
    throw new PermanentError('not an OpenRouter rankings snapshot: no date (YYYY-MM-DD) and models[]');
  // `date` is the last day of the week counted: the Sunday ending the chart week in backfilled files (to 2026-02-08),
  // the scrape day for live runs (the page's trailing week); either way the seven days ending on it
  const period_end = doc.date;
  const period_start = minusDays(period_end, 6);
  const slugOf = (m: unknown): string => (isObj(m) && typeof m.slug === 'string' ? m.slug.trim() : '');
  const seen = new Map<string, number>();
  for (const m of doc.models) seen.set(slugOf(m), (seen.get(slugOf(m)) ?? 0) + 1);
  const out: MarketShareParse = { rows: [], rejects: [], skipped: {} };
  doc.models.forEach((m: unknown, i) => {
    const slug = slugOf(m);
    const reject = (reason: string, detail: string): void => {
      out.rejects.push({ record_ref: `models[${i}]: ${slug || '?'}`, reason, detail, record: m });
    };
    if (!isObj(m) || !slug.includes('/')) return reject('malformed_record', 'no author/model slug');
    // one entity twice in a week: neither count can be trusted over the other
    if ((seen.get(slug) ?? 0) > 1)
      return reject('duplicate_entity', `${slug} is listed ${seen.get(slug)} times for ${period_end}`);
    const value = tokenCount(m.total_tokens);
    if (!value)
      return reject(
        'invalid_value',
        `total_tokens ${JSON.stringify(m.total_tokens)} is not a whole non-negative count below 2^53`,
      );
    // estimated_revenue and the *_price fields are the scraper's estimates (list price x token split), not data: not stored
    const row = {
      event_id: deterministicId('market_share', 'openrouter', 'tokens', slug, period_end),
      segment: 'openrouter',
      metric: 'tokens',
      entity: slug,
      entity_kind: 'model',
      // ':free' variants stay their own entity (their tokens are counted apart); the resolver maps them to the base model
      model: resolveModel(registry, { source: 'openrouter', id: slug, at: period_end }).model_id ?? '',
      organization: slug.slice(0, slug.indexOf('/')),
      // live snapshots (from 2026-02-16) carry the page's rounded figure ('524B'): stored as published
      value: toText(value),
      share: null,
      rank: typeof m.rank === 'number' && Number.isInteger(m.rank) ? m.rank : null,
      period_start,
      period_end,
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    };
    const r = MarketShare.safeParse(row);
    if (r.success) out.rows.push(r.data);
    else reject('schema_violation', zodIssues(r.error));
  });
  return out;
}
