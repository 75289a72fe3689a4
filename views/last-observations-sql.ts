// Each series' last observation before a time, as a refresh from that time needs it (what stands, what a step leaves
// from). Read for the whole store, that is a scan of every observation held; read from a recent window, it is a few
// weeks of rows. A series with no observation in the window can still matter only if (the removal rule,
// transform/removal-rule.ts) its source had no complete document in the window to drop it, or a complete document in
// the window held it (a dead letter), or it is observed again from the time on: those series, and only those, are
// looked up further back (by series_key, the store's leading key). Every other one was dropped before the time.

/** The window and the series looked up before it: SQL, built by the refresh (sinks/lookback.ts). */
export interface Lookback {
  since: string; // the window's start, a DateTime64 expression
  far: string; // a condition on series_key: the series whose source had no complete document in the window
}

/**
 * (series_key, observed_at) of each series' last observation before `before` (a DateTime64 expression) among the rows
 * `where` selects: every series (lookback null), or every series that can stand at `before` or is observed from then
 * on (a lookback). Reads the RELEASES CTE of the query it stands in.
 */
export const lastObservationsSql = (where: string, before: string, lookback: Lookback | null): string => {
  const last = (range: string): string =>
    `SELECT series_key, max(observed_at) AS at FROM price_observations_store WHERE ${where} AND ${range} GROUP BY series_key`;
  if (lookback === null) return last(`observed_at < ${before}`);
  const recent = last(`observed_at >= ${lookback.since} AND observed_at < ${before}`);
  return `
    SELECT series_key, max(at) AS at FROM (
      ${recent}
      UNION ALL
      ${last(`observed_at < ${lookback.since} AND (${lookback.far}
        OR series_key IN (SELECT held_key FROM releases WHERE held_at >= ${lookback.since} AND held_at < ${before})
        OR series_key IN (SELECT series_key FROM price_observations_store WHERE ${where} AND observed_at >= ${before}
          AND series_key NOT IN (SELECT series_key FROM (${recent}))))`)}
    ) GROUP BY series_key`;
};
