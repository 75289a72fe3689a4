import { z } from 'zod';
import { canonicalModel } from '../canonical-ids.ts';
import type { ModelAliasRow, ModelRegistry } from '../../schemas/model-registry.ts';

export interface ModelQuery {
  /** litellm, openrouter, lmarena, aider, ...: whose spelling `id` is */
  source: string;
  /** the model id as the source publishes it */
  id: string;
  /** ISO date (or datetime) the id was published at: needed for aliases that move over time */
  at?: string;
}

export type ModelResolution = { model_id: string; how: 'alias' | 'normalized' } | { model_id: null; reason: string };

// Bedrock ids: optional cross-region prefix, the vendor, the model, and Bedrock's own revision of it
const BEDROCK =
  /^(?:(?:us|eu|apac|ap|global|us-gov)\.)?(?:anthropic|meta|mistral|amazon|cohere|ai21|deepseek|qwen|openai)\.(.+)$/;
const BEDROCK_REVISION = /-v\d+:\d+$/;
// OpenRouter route variants of one model: free tier, throughput routing, self-moderated, longer output, cheapest host,
// and its service tiers (the tier is the observation's service_tier)
const ROUTE_VARIANT = /:(?:free|nitro|beta|extended|floor|batch|flex|priority)$/;

/**
 * The spelling-free form two ids must share to be the same model: lowercase, last path segment (provider and host
 * prefixes go), Bedrock and OpenRouter decorations off, '(20241022)' -> '-20241022', Vertex '@' and spaces, underscores
 * and dots -> '-', 'Meta-Llama' -> 'llama', 'llama3' -> 'llama-3'. It never drops a date, version or size.
 */
export function modelKey(id: string): string {
  let s = canonicalModel(
    id
      .trim()
      .toLowerCase()
      .replace(/\s*\((\d[\d-]*\d)\)/g, '-$1'),
  );
  s = s.replace(ROUTE_VARIANT, '');
  const bedrock = BEDROCK.exec(s);
  if (bedrock) {
    const bare = bedrock[1]!.replace(BEDROCK_REVISION, '');
    // 'claude-v2:1' is a version, not a revision: keep it when nothing numeric would be left
    s = /\d/.test(bare) ? bare : bedrock[1]!;
  }
  return s
    .replace(/@/g, '-')
    .replace(/^meta-llama/, 'llama')
    .replace(/[\s_.]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .replace(/^([a-z]+)(\d)/, '$1-$2');
}

const isDay = (s: string): boolean => z.iso.date().safeParse(s).success;
const timed = (a: ModelAliasRow): boolean => a.valid_from !== '' || a.valid_to !== '';
// [valid_from, valid_to); an alias that moves over time matches nothing without a date
const validAt = (a: ModelAliasRow, day: string | undefined): boolean =>
  !timed(a) || (day !== undefined && (!a.valid_from || a.valid_from <= day) && (!a.valid_to || day < a.valid_to));
const ranges = (rows: ModelAliasRow[]): string =>
  rows.map((r) => `${r.model_id} [${r.valid_from || '…'}, ${r.valid_to || '…'})`).join(', ');

/**
 * Pure: the canonical model a source's id names, or null with the reason. Exact alias of the source, then exact '*'
 * alias (the first that knows the spelling decides), then the normalized form against model ids and undated aliases.
 * Never guesses: no prefix or fuzzy match, and no date or version is dropped to reach another model.
 */
export function resolveModel(registry: ModelRegistry, { source, id, at }: ModelQuery): ModelResolution {
  const day = at === undefined ? undefined : at.trim().slice(0, 10);
  if (day !== undefined && !isDay(day))
    return { model_id: null, reason: `at ${JSON.stringify(at)} is not an ISO date` };
  // a route variant or service tier (':batch') is the base model: its aliases apply
  const spelled = id.trim().replace(ROUTE_VARIANT, '');
  if (!spelled) return { model_id: null, reason: 'empty model id' };
  const sources = source === '*' ? ['*'] : [source, '*'];

  for (const s of sources) {
    const rows = registry.aliases.get(`${s}\t${spelled}`);
    if (!rows) continue;
    const hit = rows.find((r) => validAt(r, day));
    if (hit) return { model_id: hit.model_id, how: 'alias' };
    const when = day === undefined ? 'no date was given' : `nothing is registered for ${day}`;
    return {
      model_id: null,
      reason: `${s} alias ${JSON.stringify(spelled)} points to different models over time (${ranges(rows)}) and ${when}`,
    };
  }

  const key = modelKey(spelled);
  const model = registry.modelKeys.get(key);
  if (model !== undefined) return { model_id: model, how: 'normalized' };
  for (const s of sources) {
    const aliased = registry.aliasKeys.get(`${s}\t${key}`);
    if (aliased !== undefined) return { model_id: aliased, how: 'normalized' };
  }
  return {
    model_id: null,
    reason: `no registered model or ${source} alias reads as ${JSON.stringify(key)} (from ${JSON.stringify(spelled)})`,
  };
}
