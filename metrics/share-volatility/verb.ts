import { show, where, type MetricVerb } from '../session.ts';

export const shareVolatility: MetricVerb = {
  name: 'share-volatility',
  description:
    'per share series (source, segment, metric): HHI with its 2023 band and bounds, CR-k, leader; between periods the instability index, share that changed hands, leader change',
  method:
    "REFERENCE.md section 4: HHI = sum of (percent share)^2, 'other' left out (a lower bound; the upper bound counts the unlisted share as one firm); I = sum |s(t) - s(t-1)|, half of it changed hands; rank churn = 1 - Spearman rho over the union of both lists; rolling s.d. = stddevSamp of an entity's last 4 share changes; leader turnover and tenure over the periods; counts without a published share are shares of the listed total (share_basis)",
  version: 2,
  options: [
    { flags: '--source <name>', description: "one source, e.g. 'Menlo Ventures' or openrouter-rankings" },
    { flags: '--metric <name>', description: 'spend, usage, adoption, tokens, unspecified' },
  ],
  inputs: () => ['share_series'],
  run(read, opts, json) {
    const w = where({ source: opts.source, metric: opts.metric });
    return show(
      read,
      this.method,
      [
        `SELECT * FROM share_concentration ${w} ORDER BY source, segment, metric, year, report_date, period`,
        `SELECT * FROM share_changes ${w} ORDER BY source, segment, metric, from_year, from_period, to_year, to_period`,
        `SELECT * FROM share_volatility_summary ${w} ORDER BY source, segment, metric`,
        `SELECT * FROM share_leadership ${w} ORDER BY source, segment, metric`,
        `SELECT * FROM share_volatility ${w ? `${w} AND` : 'WHERE'} rolling_sd_4 IS NOT NULL ORDER BY source, segment, metric, entity, period_index`,
      ],
      json,
    );
  },
};
