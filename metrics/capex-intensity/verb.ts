import { show, where, type MetricVerb } from '../session.ts';

export const capexIntensity: MetricVerb = {
  name: 'capex-intensity',
  description:
    'capex to revenue by company and fiscal year, capex by stack layer and calendar year, and planned capex against AI revenue',
  method:
    'from the filed 12-month values (capex_annual), quarters summed per calendar year (capex_by_layer_calendar_year), and the cited plans (capex_plans_vs_ai_revenue)',
  version: 1,
  options: [{ flags: '--ticker <ticker>', description: 'one company' }],
  inputs: () => ['filing_facts', 'companies', 'analyst_datapoints'],
  run(read, opts, json) {
    return show(
      read,
      this.method,
      [
        `SELECT ticker, fiscal_year, period_end, capex_usd, revenue_usd, capex_to_revenue, capex_yoy_pct, concept FROM capex_annual ${where({ ticker: opts.ticker })} ORDER BY ticker, period_end`,
        'SELECT * FROM capex_by_layer_calendar_year ORDER BY calendar_year, layer',
        'SELECT * FROM capex_plans_vs_ai_revenue',
      ],
      json,
    );
  },
};
