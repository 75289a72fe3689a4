import type { ViewSpec } from '../schemas/clickhouse.ts';
import { agreementViews } from './agreement/views.ts';
import { agreement } from './agreement/verb.ts';
import { breakEvenVerb } from './break-even/verb.ts';
import { capexIntensity } from './capex-intensity/verb.ts';
import { dispersionViews } from './dispersion/views.ts';
import { dispersion } from './dispersion/verb.ts';
import { modelPricesByDayViews } from './inputs/model-prices-by-day.ts';
import { leadershipViews } from './leadership/views.ts';
import { leadership } from './leadership/verb.ts';
import { openClosedGapViews } from './open-closed-gap/views.ts';
import { openClosedGap } from './open-closed-gap/verb.ts';
import { priceChangesViews } from './price-changes/views.ts';
import { priceChanges } from './price-changes/verb.ts';
import { priceIndexViews } from './price-index/views.ts';
import { priceIndex } from './price-index/verb.ts';
import type { MetricVerb } from './session.ts';
import { shareVolatilityViews } from './share-volatility/views.ts';
import { shareVolatility } from './share-volatility/verb.ts';

/** A metric family: its verb (`rebar metrics <name>`, method text and version) and the views it reads, in its folder. */
export interface MetricFamily {
  verb: MetricVerb;
  views: ViewSpec[]; // created in this order, after the views they read
}

// the family's folder is named after its verb; capex intensity reads the filing views, break-even the GPU prices
export const metricFamilies: MetricFamily[] = [
  { verb: priceIndex, views: priceIndexViews },
  { verb: priceChanges, views: priceChangesViews },
  { verb: dispersion, views: dispersionViews },
  { verb: agreement, views: agreementViews },
  { verb: openClosedGap, views: openClosedGapViews },
  { verb: shareVolatility, views: shareVolatilityViews },
  { verb: leadership, views: leadershipViews },
  { verb: capexIntensity, views: [] },
  { verb: breakEvenVerb, views: [] },
];

export const metricVerbs: MetricVerb[] = metricFamilies.map((f) => f.verb);

/** Every metric view, the shared inputs (a model's price per day) first. */
export const metricViews: ViewSpec[] = [...modelPricesByDayViews, ...metricFamilies.flatMap((f) => f.views)];

export const metricVerb = (name: string): MetricVerb | undefined => metricVerbs.find((v) => v.name === name);
