import { describe, expect, it } from 'vitest';
import { parseSecSubmissions } from '../../../ingest/sources/sec-submissions/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const ctx = {
  source: 'sec-submissions',
  url: 'https://data.sec.gov/submissions/',
  observed_at: '2026-03-05T00:00:00.000Z',
};
const nvidia = (): ReturnType<typeof parseSecSubmissions> =>
  parseSecSubmissions(readFixture('sec-submissions/submissions_CIK0001045810_NVIDIA__recorded-2026-03-05.json'), ctx);

describe('SEC submissions', () => {
  it("keeps NVIDIA's reports with their dates and document URL, and leaves insider forms out", () => {
    const r = nvidia();
    expect(r.rejects).toEqual([]);
    const tenK = r.rows.find((f) => f.form === '10-K' && f.report_date === '2026-01-25');
    expect(tenK).toMatchObject({
      cik: '0001045810',
      ticker: 'NVDA',
      fiscal_year_end: '0131',
      accession: '0001045810-26-000021',
      filing_date: '2026-02-25',
      accepted_at: '2026-02-25T16:42:19.000Z',
      is_xbrl: true,
      document_url: 'https://www.sec.gov/Archives/edgar/data/1045810/000104581026000021/nvda-20260125.htm',
    });
    const forms = new Set(r.rows.map((f) => f.form.replace(/\/A$/, '')));
    expect([...forms].sort()).toEqual(['10-K', '10-Q', '8-K']);
    expect(r.rows.filter((f) => f.form === '10-K')).toHaveLength(7);
    expect(r.skipped.form_not_tracked).toBeGreaterThan(500); // Form 4 and 144 filings
  });

  it("reads Microsoft's June fiscal year end", () => {
    const r = parseSecSubmissions(
      readFixture('sec-submissions/submissions_CIK0000789019_Microsoft__recorded-2026-03-05.json'),
      ctx,
    );
    expect(new Set(r.rows.map((f) => f.fiscal_year_end))).toEqual(new Set(['0630']));
    expect(r.rows.filter((f) => f.form === '10-K').every((f) => f.report_date?.endsWith('-06-30'))).toBe(true);
  });

  it('rejects a filing with a malformed accession, and refuses a document that is not submissions', () => {
    const doc = JSON.parse(
      readFixture('sec-submissions/submissions_CIK0001045810_NVIDIA__recorded-2026-03-05.json'),
    ) as {
      filings: { recent: { accessionNumber: string[]; form: string[] } };
    };
    const i = doc.filings.recent.form.indexOf('10-K');
    doc.filings.recent.accessionNumber[i] = 'not-an-accession';
    const r = parseSecSubmissions(JSON.stringify(doc), ctx);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['0001045810:not-an-accession', 'schema_violation'],
    ]);
    expect(r.rows).toHaveLength(nvidia().rows.length - 1);
    expect(() => parseSecSubmissions('{"cik": 1}', ctx)).toThrow(/not an SEC submissions document/);
  });
});
