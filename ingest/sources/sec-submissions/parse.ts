import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { SecFiling } from '../../../schemas/events/sec-filing.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';
import { isObj } from '../../../transform/json-shape.ts';

// the reports capex and revenue come from, and the current reports that announce guidance; insider and
// ownership forms (3, 4, 144, 13G...) are most of the list and say nothing about spending
const FORMS = new Set(['10-K', '10-Q', '20-F', '40-F', '6-K', '8-K', '10-KT', '10-QT']);
const tracked = (form: string): boolean => FORMS.has(form.replace(/\/A$/, ''));

const text = (x: unknown): string => (typeof x === 'string' ? x : '');

export type SubmissionsParse = Parsed<SecFiling>;

/** Pure: an SEC submissions document's recent filings (column arrays) to one row per tracked filing. */
export function parseSecSubmissions(payload: string, ctx: ParseContext): SubmissionsParse {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch (err) {
    throw new PermanentError(`not JSON: ${(err as Error).message}`);
  }
  const recent = isObj(doc) && isObj(doc.filings) && isObj(doc.filings.recent) ? doc.filings.recent : null;
  if (!isObj(doc) || !recent || !Array.isArray(recent.accessionNumber) || !Array.isArray(recent.form)) {
    throw new PermanentError('not an SEC submissions document: no cik and filings.recent arrays');
  }
  const cik = String(doc.cik ?? '').padStart(10, '0');
  const col = (name: string, i: number): unknown =>
    Array.isArray(recent[name]) ? (recent[name] as unknown[])[i] : undefined;
  const out: SubmissionsParse = { rows: [], rejects: [], skipped: {} };
  const head = {
    cik,
    entity_name: text(doc.name),
    ticker: Array.isArray(doc.tickers) ? text(doc.tickers[0]) : '',
    fiscal_year_end: text(doc.fiscalYearEnd),
  };
  (recent.accessionNumber as unknown[]).forEach((acc, i) => {
    const form = text(col('form', i));
    if (!tracked(form)) {
      out.skipped.form_not_tracked = (out.skipped.form_not_tracked ?? 0) + 1;
      return;
    }
    const accession = text(acc);
    const primary = text(col('primaryDocument', i));
    const accepted = text(col('acceptanceDateTime', i));
    const row = {
      event_id: deterministicId('sec_filing', accession),
      ...head,
      accession,
      form,
      filing_date: text(col('filingDate', i)),
      report_date: text(col('reportDate', i)) || null,
      accepted_at: Number.isFinite(Date.parse(accepted)) ? new Date(Date.parse(accepted)).toISOString() : null,
      primary_document: primary,
      description: text(col('primaryDocDescription', i)),
      is_xbrl: col('isXBRL', i) === 1,
      document_url: `https://www.sec.gov/Archives/edgar/data/${Number(cik)}/${accession.replace(/-/g, '')}/${primary}`,
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    };
    const r = SecFiling.safeParse(row);
    if (r.success) out.rows.push(r.data);
    else
      out.rejects.push({
        record_ref: `${cik}:${accession || i}`,
        reason: 'schema_violation',
        detail: zodIssues(r.error),
        record: row,
      });
  });
  return out;
}
