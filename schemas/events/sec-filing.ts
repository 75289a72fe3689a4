import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';

const ts = "DateTime64(3, 'UTC')";

export const SecFiling = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of the accession number: a refetch lands on the same row'),
  cik: col(z.string().regex(/^\d{10}$/), 'String', 'SEC central index key, 10 digits zero-padded'),
  entity_name: col(z.string(), 'String', "the filer's name as SEC gives it"),
  ticker: col(z.string(), 'String', "the filer's first ticker in submissions; '' when none"),
  fiscal_year_end: col(
    z.string().regex(/^(\d{4})?$/),
    'String',
    "the filer's fiscal year end (MMDD) as submissions gives it when fetched",
  ),
  accession: col(
    z.string().regex(/^\d{10}-\d{2}-\d{6}$/),
    'String',
    'accession number (0001045810-26-000021): joins filing_facts.accession',
  ),
  form: col(z.string().min(1), 'LowCardinality(String)', "form ('10-K', '10-Q', '8-K', '20-F', amendments with /A)"),
  filing_date: col(z.iso.date(), 'Date', 'date filed'),
  report_date: col(
    z.iso.date().nullable(),
    'Nullable(Date)',
    'end of the period the report covers; null when not given',
  ),
  accepted_at: col(z.iso.datetime().nullable(), `Nullable(${ts})`, "EDGAR's acceptance time"),
  primary_document: col(z.string(), 'String', 'file name of the primary document'),
  description: col(z.string(), 'String', "the primary document's description as filed"),
  is_xbrl: col(z.boolean(), 'Bool', 'the filing carries XBRL financial data'),
  document_url: col(z.string(), 'String', 'the primary document on sec.gov/Archives'),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string().min(1), 'String', 'URL of the submissions document'),
  observed_at: col(z.iso.datetime(), ts, 'when the submissions document was fetched'),
});
export type SecFiling = z.infer<typeof SecFiling>;

export const secFilingsTable = defineTable({
  name: 'sec_filings_store',
  schema: SecFiling,
  engine: 'ReplacingMergeTree(observed_at)',
  orderBy: ['cik', 'accession'],
  comment: "the tracked companies' periodic and current reports from SEC submissions: query sec_filings",
});
