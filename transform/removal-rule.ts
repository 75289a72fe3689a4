// the one removal rule of the price_changes view, price_latest and model_prices_by_day (the detector's, in SQL)
export const EPOCH = "toDateTime64(0, 3, 'UTC')";

// a complete document that dead-lettered a series, or the model record it comes from, still held it: not a removal (as
// the detector's rejectedSeries and rejectedModels). Per hold, released_at is the complete document after its run of
// consecutive holds, where the series really went missing (EPOCH: none yet). DISTINCT, not FINAL: a dead letter's
// duplicates are equal, and FINAL would merge every letter, also the many that name no series (non_token_unit)
export const RELEASES = `
  rejected AS (
    SELECT DISTINCT source, observed_at, series_key, source_model_id FROM dead_letters_store
    WHERE stage = 'transform' AND (series_key != '' OR source_model_id != '')
  ),
  held AS (
    SELECT source, series_key, observed_at FROM rejected WHERE series_key != ''
    UNION DISTINCT
    SELECT r.source AS source, m.series_key AS series_key, r.observed_at AS observed_at
    FROM rejected AS r
    INNER JOIN (
      SELECT DISTINCT source, source_model_id, series_key FROM price_observations_store
      WHERE (source, source_model_id) IN (SELECT source, source_model_id FROM rejected WHERE source_model_id != '')
    ) AS m ON m.source = r.source AND m.source_model_id = r.source_model_id
  ),
  docs AS (
    SELECT source, observed_at, leadInFrame(observed_at) OVER w AS doc_after, leadInFrame(url) OVER w AS doc_after_url
    FROM complete_documents
    WINDOW w AS (PARTITION BY source ORDER BY observed_at ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  ),
  -- only a complete document holds (an incomplete one removes nothing), so only complete ones chain into a run
  holds AS (
    SELECT h.series_key AS series_key, h.observed_at AS held_at, d.doc_after AS doc_after, d.doc_after_url AS doc_after_url
    FROM held AS h INNER JOIN docs AS d ON d.source = h.source AND d.observed_at = h.observed_at
  ),
  runs AS (
    SELECT *, sum(held_at != prev_doc_after) OVER (PARTITION BY series_key ORDER BY held_at ROWS UNBOUNDED PRECEDING) AS run_id
    FROM (SELECT *, lagInFrame(doc_after) OVER (PARTITION BY series_key ORDER BY held_at ROWS UNBOUNDED PRECEDING) AS prev_doc_after FROM holds)
  ),
  releases AS (
    SELECT series_key AS held_key, held_at, argMax(doc_after, held_at) OVER r AS released_at,
      argMax(doc_after_url, held_at) OVER r AS released_url
    FROM runs
    WINDOW r AS (PARTITION BY series_key, run_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
  )`;

// given the next complete document after a series' observation, joined to releases as r: where the series went missing
const HELD = `ifNull(r.held_at, ${EPOCH}) > ${EPOCH}`;
export const goneAt = (docAt: string): string => `if(${HELD}, r.released_at, ifNull(${docAt}, ${EPOCH}))`;
export const goneUrl = (docUrl: string): string => `if(${HELD}, r.released_url, ifNull(${docUrl}, ''))`;
