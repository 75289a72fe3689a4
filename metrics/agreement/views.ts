import type { ViewSpec } from '../../schemas/clickhouse.ts';
import { standingByDay } from '../inputs/model-prices-by-day.ts';
import { RELEASES } from '../../transform/removal-rule.ts';
import { firstPartyOrgSql, nearSql, unitErrorFactorSql } from '../../transform/price-agreement.ts';

// cross-source agreement: per day and dimension, each source's standing price (the rule of model_prices_by_day, every
// price kept), paired with every other source's. A dimension is a registry model as sold by one provider (model_id,
// provider, token_class, service_tier, region, context_tier): litellm's azure price is compared with another sheet's
// azure price, OpenRouter's with OpenRouter's. A source with several series on one dimension (aliases, ':nitro'
// variants) gives its lowest; a zero (free) is no price
const PRICE_AGREEMENT = `
WITH${RELEASES},${standingByDay(
  ['provider', 'model_id', 'token_class', 'service_tier', 'region', 'context_tier', 'usd_per_mtok'],
  "model_id != ''",
)},
  per_source AS (
    SELECT day, model_id, provider, token_class, service_tier, region, context_tier, source, min(usd_per_mtok) AS usd, count() AS series
    FROM standing WHERE usd_per_mtok > 0 GROUP BY day, model_id, provider, token_class, service_tier, region, context_tier, source
  ),
  pairs AS (
    SELECT a.day AS day, a.model_id AS model_id, a.provider AS provider, a.token_class AS token_class, a.service_tier AS service_tier,
      a.region AS region, a.context_tier AS context_tier, a.source AS source_a, a.usd AS usd_a, a.series AS series_a,
      b.source AS source_b, b.usd AS usd_b, b.series AS series_b,
      greatest(toFloat64(a.usd), toFloat64(b.usd)) / least(toFloat64(a.usd), toFloat64(b.usd)) AS f
    FROM per_source AS a INNER JOIN per_source AS b
      ON b.day = a.day AND b.model_id = a.model_id AND b.provider = a.provider AND b.token_class = a.token_class
        AND b.service_tier = a.service_tier AND b.region = a.region AND b.context_tier = a.context_tier
    WHERE a.source < b.source
  )
SELECT p.day AS day, p.model_id AS model_id, ifNull(m.organization, '') AS organization, p.provider AS provider, p.token_class AS token_class,
  p.service_tier AS service_tier, p.region AS region, p.context_tier AS context_tier, p.source_a AS source_a, p.usd_a AS usd_a,
  p.series_a AS series_a, p.source_b AS source_b, p.usd_b AS usd_b, p.series_b AS series_b,
  round(toFloat64(p.usd_b) / toFloat64(p.usd_a), 6) AS ratio,
  round(p.f, 6) AS factor, p.usd_a = p.usd_b AS agree, ${nearSql('p.f')} AS within_tolerance, NOT within_tolerance AS disagree,
  ${unitErrorFactorSql('p.f')} AS unit_error_factor, unit_error_factor > 0 AS probable_unit_error,
  multiIf(organization = '', '', ${firstPartyOrgSql('p.source_a')} = organization, p.source_a,
    ${firstPartyOrgSql('p.source_b')} = organization, p.source_b, '') AS first_party
FROM pairs AS p LEFT JOIN (SELECT model_id, any(organization) AS organization FROM models GROUP BY model_id) AS m ON m.model_id = p.model_id`;

const PRICE_AGREEMENT_SUMMARY = `
SELECT day, source_a, source_b, count() AS dimensions, uniqExact(model_id) AS models, countIf(agree) AS agreeing,
  countIf(within_tolerance AND NOT agree) AS near, countIf(disagree) AS disagreeing, countIf(probable_unit_error) AS probable_unit_errors,
  countIf(first_party != '') AS with_first_party
FROM price_agreement GROUP BY day, source_a, source_b`;

export const agreementViews: ViewSpec[] = [
  {
    name: 'price_agreement',
    comment:
      "per day any source observed and per dimension (registry model, provider, token class, tier, region, context; rows without a resolved model_id take no part): one row per pair of sources carrying it, each source's standing price (its lowest series there, free left out), ratio b/a, factor larger/smaller, agree (equal), within_tolerance (factor <= 1.005), disagree, probable_unit_error (factor within 5 % of 100, 1000 or 1000000) and first_party (which source is the model maker's own price list, '' if neither)",
    sql: PRICE_AGREEMENT,
  },
  {
    name: 'price_agreement_summary',
    comment:
      'per day and source pair, over price_agreement: dimensions both carry, agreeing (equal), near (within 0.5 %), disagreeing (beyond), probable unit errors, and how many have a first-party side',
    sql: PRICE_AGREEMENT_SUMMARY,
  },
];
