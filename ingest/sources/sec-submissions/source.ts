import { DAY, defineSource, joinUrl } from '../../source.ts';
import { facts } from '../../../transform/transformer.ts';
import { parseSecSubmissions } from './parse.ts';

// SEC fair access: at most 10 requests per second (REBAR_HOST_RATE_LIMITS) and a User-Agent with a contact e-mail
export const secSubmissions = defineSource({
  name: 'sec-submissions',
  description:
    'SEC EDGAR submissions per tracked company: its reports (form, filing and report dates, document URL) and fiscal year end',
  bases: { 'sec-submissions': 'https://data.sec.gov' },
  documents: (base, ctx) => ctx.trackedCiks.map((cik) => joinUrl(base(), `submissions/CIK${cik}.json`)),
  // changes when a company files: daily, outside US business hours
  schedule: '19 6 * * *',
  scheduledByDefault: true,
  expectedRefreshMs: 2 * DAY,
  complete: false,
  kind: 'sheet',
  requiresContact: true,
  transformer: facts('secFilings', (row) => row.cik, parseSecSubmissions),
  fixtures: 'test/fixtures/sec-submissions',
});
