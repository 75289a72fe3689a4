import type { ViewSpec } from '../../schemas/clickhouse.ts';
import { lastObservationsSql, type Lookback } from '../../views/last-observations-sql.ts';
import { priceChangeEventsSql } from '../../views/price-change-events-sql.ts';
import { MODEL_PRICES_BY_DAY_COLUMNS, modelPricesByDayTable } from '../../schemas/model-prices-by-day.ts';
import { WRONG_OLD_PRICE } from '../../transform/change-class.ts';
import { EPOCH, goneAt, RELEASES } from '../../transform/removal-rule.ts';

// commoditization metrics over the prices rebar holds: a model's price per day across hosts, dispersion, cheapest at a capability

// on a day, each series' latest observation on or before the day's end stands unless its period ended by then
// (effective_to) or a later complete document of its source dropped it (the removal rule of price_changes: a
// dead-lettered series is held, not dropped). The days are those any registry-resolved price was observed.
// Each observation is read once, as the span of days it stands (to the day before its series' next observation, its
// removal or its period's end), and only its span is expanded: no grid of every day by every series
const STANDING_KEYS = ['series_key', 'source', 'observed_at', 'effective_to'];
const NEVER = "toDate('2299-12-31')";
// From a day on (a Date expression), only the days from it: each series' observations from that day and its last before
// (its time found without FINAL: a duplicate row has the same time and event)
export const standingByDay = (
  columns: string[],
  where: string,
  fromDay: string | null = null,
  lookback: Lookback | null = null,
): string => {
  const all = [...STANDING_KEYS, ...columns];
  const from = (t: string): string => all.map((c) => `${t}.${c} AS ${c}`).join(', ');
  const since = fromDay === null ? '' : ` AND observed_at >= toDateTime64(${fromDay}, 3, 'UTC')`;
  const before =
    fromDay === null
      ? ''
      : `
    UNION ALL
    SELECT ${all.join(', ')} FROM price_observations_store FINAL WHERE ${where} AND (series_key, observed_at) IN (
      ${lastObservationsSql(where, `toDateTime64(${fromDay}, 3, 'UTC')`, lookback)})`;
  return `
  obs AS (SELECT ${all.join(', ')} FROM price_observations_store FINAL WHERE ${where}${since}${before}),
  days AS (SELECT DISTINCT toDate(observed_at) AS day FROM price_observations_store WHERE model_id != ''${since}),
  day_index AS (SELECT day, toUInt8(0) AS k, toUInt32(row_number() OVER (ORDER BY day)) AS i FROM days),
  spans AS (
    SELECT ${from('o')},
      leadInFrame(toNullable(o.observed_at)) OVER (PARTITION BY o.series_key ORDER BY o.observed_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS next_at
    FROM obs AS o
  ),
  -- the last day it stands: a day stands while its end (the next midnight) is no later than the next observation and the
  -- removal, and before the period's end
  bounded AS (
    SELECT ${from('s')}, toDate(s.observed_at) AS first_day, toUInt8(0) AS k,
      least(if(s.next_at IS NULL, ${NEVER}, toDate(s.next_at) - 1),
        if(${goneAt('d.doc_at')} = ${EPOCH}, ${NEVER}, toDate(${goneAt('d.doc_at')}) - 1),
        if(s.effective_to IS NULL, ${NEVER}, toDate(s.effective_to - toIntervalMillisecond(1)) - 1)) AS last_day
    FROM spans AS s
    ASOF LEFT JOIN (SELECT source AS doc_source, observed_at AS doc_at FROM complete_documents) AS d
      ON d.doc_source = s.source AND d.doc_at > s.observed_at
    LEFT JOIN releases AS r ON r.held_key = s.series_key AND r.held_at = d.doc_at
  ),
  -- the span as positions in the day list: the first price day on or after its first day, the last on or before its last
  placed AS (
    SELECT ${from('b')}, f.i AS first_i, l.i AS last_i
    FROM bounded AS b
    ASOF LEFT JOIN day_index AS f ON f.k = b.k AND f.day >= b.first_day
    ASOF LEFT JOIN day_index AS l ON l.k = b.k AND l.day <= b.last_day
    WHERE b.first_day <= b.last_day
  ),
  standing AS (
    SELECT x.day AS day, toDateTime64(x.day + 1, 3, 'UTC') AS day_end, ${from('p')}
    FROM (SELECT *, arrayJoin(range(first_i, last_i + 1)) AS at_i FROM placed WHERE first_i > 0 AND last_i >= first_i) AS p
    INNER JOIN day_index AS x ON x.i = p.at_i
  )`;
};

/** Whether event e (class, class_evidence) is a correction that showed the price it left wrong. */
export const wrongOldPriceSql = (e: string): string =>
  `(${e}.class = 'correction' AND (${WRONG_OLD_PRICE.map((w) => `startsWith(${e}.class_evidence, '${w}')`).join(' OR ')}))`;

// Moves only (the default) leaves out a price a correction later showed wrong (a typo reverted, input and output
// swapped, an entry that carried another model's price, a source behind the others); a correction that re-pointed or
// re-mapped an entry, or changed its mode, leaves the old price standing: it was the price of what the entry named.
// The correction must be the series' next event, from the price it left: a removal between ends the reach, and a price
// history placed before it is not the one it replaced
// Read from the corrections' side: each such correction with the time of its series' event before it; an observation
// is corrected when it stands between the two at the price the correction left (the first event after it is the
// correction), so only the few corrected series' observations are read, not every observation joined with every event
const corrected = (part: string): string => `
  wrong_steps AS (
    SELECT series_key, at, prev_at, old_usd_per_mtok FROM (
      SELECT series_key, observed_at AS at, kind, old_usd_per_mtok, class, class_evidence,
        lagInFrame(observed_at, 1, toDateTime64(0, 3, 'UTC')) OVER (PARTITION BY series_key ORDER BY observed_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS prev_at
      -- read for the series that may hold one, found in the stores without joining every event to its class:
      -- published so, or classed a correction by rebar reclassify (the joined class decides below)
      FROM (${priceChangeEventsSql(`series_key IN (
        SELECT series_key FROM price_change_events_store AS e WHERE e.class = 'correction' AND ${wrongOldPriceSql('e')}
        UNION ALL
        SELECT series_key FROM price_change_events_store WHERE toString(event_id) IN (
          SELECT toString(event_id) FROM price_change_classes_store WHERE class = 'correction'))`)})
    ) AS e
    WHERE e.class = 'correction' AND e.kind IN ('increase', 'decrease') AND ${wrongOldPriceSql('e')}
  ),
  corrected AS (
    SELECT o.event_id AS event_id
    FROM (SELECT series_key, observed_at, event_id, usd_per_mtok FROM price_observations_store
      WHERE model_id != '' AND (${part}) AND series_key IN (SELECT series_key FROM wrong_steps)) AS o
    INNER JOIN wrong_steps AS w ON w.series_key = o.series_key
    WHERE o.observed_at >= w.prev_at AND o.observed_at < w.at AND w.old_usd_per_mtok = o.usd_per_mtok
  ),
  -- as a scalar, computed once: a CTE is computed again at each of the three places the filter stands
  (SELECT groupArray(event_id) FROM corrected) AS corrected_ids`;

/**
 * model_prices_by_day's rows (movesOnly) or _all's, every day or the days from fromDay (a Date expression) on, of the
 * models a condition on model_id selects (part).
 */
export const computeModelPricesByDay = (
  movesOnly: boolean,
  fromDay: string | null,
  part = 'true',
  lookback: Lookback | null = null,
): string => `
WITH${RELEASES},${corrected(part)},${standingByDay(
  ['provider', 'model_id', 'token_class', 'usd_per_mtok'],
  `model_id != '' AND (${part}) AND token_class IN ('input', 'output') AND service_tier = 'standard' AND context_tier = 'base'${movesOnly ? ' AND NOT has(corrected_ids, event_id)' : ''}`,
  fromDay,
  lookback,
)},
  -- a provider's price is its cheapest region's (and the lowest where two sources list it)
  by_provider AS (
    SELECT day, model_id, provider,
      toFloat64(minIf(usd_per_mtok, token_class = 'input')) AS input_p, toFloat64(minIf(usd_per_mtok, token_class = 'output')) AS output_p
    FROM standing
    GROUP BY day, model_id, provider
    -- both sides priced, and not a free preview (a zero price is not a market price)
    HAVING countIf(token_class = 'input') > 0 AND countIf(token_class = 'output') > 0 AND input_p + output_p > 0
  )
SELECT b.day AS day, b.model_id AS model_id, any(m.organization) AS organization, any(m.open_weights) AS open_weights, any(m.reasoning) AS reasoning,
  any(m.release_date) AS release_date, count() AS providers, countIf(b.provider = m.organization) > 0 AS first_party,
  anyIf(toNullable(b.input_p), b.provider = m.organization) AS first_party_input, anyIf(toNullable(b.output_p), b.provider = m.organization) AS first_party_output,
  round(median(b.input_p), 6) AS median_input, round(median(b.output_p), 6) AS median_output,
  min(b.input_p) AS min_input, max(b.input_p) AS max_input, min(b.output_p) AS min_output, max(b.output_p) AS max_output,
  arraySort(groupArray((b.provider, b.input_p, b.output_p))) AS provider_prices
FROM by_provider AS b LEFT JOIN models AS m ON m.model_id = b.model_id
GROUP BY day, model_id`;

const keptModelPrices = (variant: 'moves' | 'all'): string =>
  `SELECT ${MODEL_PRICES_BY_DAY_COLUMNS.join(', ')} FROM ${modelPricesByDayTable.name} FINAL WHERE variant = '${variant}' AND NOT is_deleted`;

// the blend of one provider's (input, output) at the view's weight
export const blend = (input: string, output: string): string =>
  `({input_weight:Float64} * ${input} + ${output}) / ({input_weight:Float64} + 1)`;

export const modelPricesByDayViews: ViewSpec[] = [
  {
    name: 'model_prices_by_day',
    comment:
      "per day a price document was seen and per registry model: the providers selling it (USD per 1M tokens, standard tier, base context, a provider's cheapest region), first-party price where its maker sells it, median, min and max across providers; a series stands until its period ends or a complete document drops it, and a price a later correction replaced is left out (model_prices_by_day_all keeps it)",
    sql: keptModelPrices('moves'),
  },
  {
    name: 'model_prices_by_day_all',
    comment:
      "model_prices_by_day with every price, also those a later correction replaced (model_prices_by_day leaves them out: a typo, an entry that carried another model's price)",
    sql: keptModelPrices('all'),
  },
];
