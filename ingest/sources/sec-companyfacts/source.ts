import { DAY, defineSource, joinUrl } from '../../source.ts';
import { facts } from '../../../transform/transformer.ts';
import { parseSecCompanyfacts } from './parse.ts';

// SEC fair access: at most 10 requests per second (REBAR_HOST_RATE_LIMITS) and a User-Agent with a contact e-mail
export const secCompanyfacts = defineSource({
  name: 'sec-companyfacts',
  description:
    'SEC EDGAR XBRL companyfacts per tracked company: capex, revenue, PP&E and depreciation as filed, every version',
  bases: { 'sec-companyfacts': 'https://data.sec.gov' },
  documents: (base, ctx) => ctx.trackedCiks.map((cik) => joinUrl(base(), `api/xbrl/companyfacts/CIK${cik}.json`)),
  // changes when a company files: daily, outside US business hours
  schedule: '13 6 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 2 * DAY,
  complete: false,
  kind: 'sheet',
  requiresContact: true,
  transformer: facts('filingFacts', (row) => row.cik, parseSecCompanyfacts),
  fixtures: 'test/fixtures/sec-companyfacts',
});
