// cross-source agreement: the rules that classify two sources' prices for one dimension, kept in one place for the
// price_agreement view (metrics/agreement/views.ts), the transformer's peer judgement (peer-prices.ts) and the tests

/** the vendor's own price list: the source is first-party for the models its vendor (registry organization) made */
export const FIRST_PARTY_SOURCES: Readonly<Record<string, string>> = {
  'anthropic-pricing': 'anthropic',
  'openai-pricing': 'openai',
  'openai-pricing-page': 'openai',
  'gemini-pricing': 'google',
  'deepseek-pricing': 'deepseek',
  'minimax-pricing': 'minimax',
  'moonshot-pricing': 'moonshot',
  'xai-models': 'xai',
};
// aggregators (litellm, openrouter, llm-prices, genai-prices) are never first-party: they are not in FIRST_PARTY_SOURCES

/** two prices within this fraction of each other (larger / smaller <= 1.005) are near, not a disagreement */
export const TOLERANCE = 0.005;
/** a factor between two prices within 5 % of one of these reads as a unit slip (per 1k vs per 1M tokens, cents, ...) */
export const UNIT_ERROR_FACTORS = [100, 1_000, 1_000_000] as const;
export const UNIT_ERROR_BAND = 0.05;
// a float slack so that an exact boundary (1.005, 95, 105) falls inside
const EPS = 1e-9;

export type Agreement = 'agree' | 'near' | 'disagree';
export interface Classified {
  /** larger / smaller, 1 or more */
  factor: number;
  agreement: Agreement;
  /** the unit factor the disagreement is near (100, 1000, 1000000), 0 when none */
  unitErrorFactor: number;
}

/** Two positive prices of one dimension: equal, near (within TOLERANCE), or a disagreement, and whether that looks like a unit error. */
export function classifyPrices(a: number, b: number): Classified {
  if (!(a > 0 && b > 0)) throw new RangeError(`prices must be positive: ${a}, ${b}`);
  const factor = Math.max(a, b) / Math.min(a, b);
  const agreement: Agreement = a === b ? 'agree' : factor <= 1 + TOLERANCE + EPS ? 'near' : 'disagree';
  const unitErrorFactor = UNIT_ERROR_FACTORS.find((k) => Math.abs(factor / k - 1) <= UNIT_ERROR_BAND + EPS) ?? 0;
  return { factor, agreement, unitErrorFactor };
}

/** classifyPrices in ClickHouse: the unit factor a Float64 factor expression is near, else 0 */
export function unitErrorFactorSql(factor: string): string {
  const arms = UNIT_ERROR_FACTORS.map((k) => `abs(${factor} / ${k} - 1) <= ${UNIT_ERROR_BAND + EPS}, ${k}`);
  return `multiIf(${arms.join(', ')}, 0)`;
}

/** classifyPrices in ClickHouse: whether a Float64 factor is within TOLERANCE */
export const nearSql = (factor: string): string => `${factor} <= ${1 + TOLERANCE + EPS}`;

/** the first-party organization of a source, '' for any other source: a ClickHouse expression */
export function firstPartyOrgSql(source: string): string {
  const keys = Object.keys(FIRST_PARTY_SOURCES).map((s) => `'${s}'`);
  const vals = Object.values(FIRST_PARTY_SOURCES).map((o) => `'${o}'`);
  return `transform(${source}, [${keys.join(', ')}], [${vals.join(', ')}], '')`;
}

/** the source that is first-party for a model made by organization, '' when neither is */
export function firstPartyOf(organization: string, a: string, b: string): string {
  if (!organization) return '';
  if (FIRST_PARTY_SOURCES[a] === organization) return a;
  if (FIRST_PARTY_SOURCES[b] === organization) return b;
  return '';
}
