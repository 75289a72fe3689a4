import { DAY, joinUrl, type SourceSpec } from '../source.ts';

// SEC fair access: at most 10 requests per second (REBAR_HOST_RATE_LIMITS) and a User-Agent with a contact e-mail
const perCompany =
  (name: string, description: string, folder: string) =>
  (baseUrl: string, schedule: string, ciks: string[]): SourceSpec => ({
    name,
    description,
    url: joinUrl(baseUrl, `${folder}/`),
    urls: ciks.map((cik) => joinUrl(baseUrl, `${folder}/CIK${cik}.json`)),
    schedule,
    expectedRefreshMs: 2 * DAY,
    complete: false,
    kind: 'sheet',
    render: false,
    requiresContact: true,
  });

export const secCompanyfacts = perCompany(
  'sec-companyfacts',
  'SEC EDGAR XBRL companyfacts per tracked company: capex, revenue, PP&E and depreciation as filed, every version',
  'api/xbrl/companyfacts',
);

export const secSubmissions = perCompany(
  'sec-submissions',
  'SEC EDGAR submissions per tracked company: its reports (form, filing and report dates, document URL) and fiscal year end',
  'submissions',
);

export const analystDatapoints = (fileUrl: string, schedule: string): SourceSpec => ({
  name: 'analyst-datapoints',
  description:
    'reviewed analyst-entered figures not in XBRL (capex guidance, AI revenue claims, survey shares), each with its citation',
  url: fileUrl,
  urls: [fileUrl],
  schedule,
  expectedRefreshMs: 30 * DAY,
  complete: false,
  kind: 'sheet',
  render: false,
});
