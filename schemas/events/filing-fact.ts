import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';
import { DecimalText } from './price-observation.ts';

const ts = "DateTime64(3, 'UTC')";
const UInt16 = z.number().int().min(0).max(65_535);

// our names for the XBRL concepts we read; several concepts feed one metric (filers change tags over the years)
export const FilingMetric = z.enum(['capex', 'revenue', 'ppe_net', 'depreciation']);
export type FilingMetric = z.infer<typeof FilingMetric>;

export const FilingFact = z.object({
  event_id: col(
    z.uuid(),
    'UUID',
    'deterministic id of (cik, concept, unit, period_start, period_end, accession): a refetch lands on the same row',
  ),
  cik: col(z.string().regex(/^\d{10}$/), 'String', 'SEC central index key, 10 digits zero-padded'),
  entity_name: col(z.string(), 'String', "the filer's name as SEC gives it"),
  taxonomy: col(
    z.string().min(1),
    'LowCardinality(String)',
    "XBRL taxonomy of the concept: 'us-gaap', 'ifrs-full', 'dei', ...",
  ),
  concept: col(
    z.string().min(1),
    'LowCardinality(String)',
    "XBRL concept, without the taxonomy prefix ('PaymentsToAcquireProductiveAssets')",
  ),
  metric: col(
    FilingMetric,
    'LowCardinality(String)',
    'our metric the concept maps to: capex, revenue, ppe_net or depreciation',
  ),
  unit: col(z.string().min(1), 'LowCardinality(String)', "unit of the value as filed ('USD', ...)"),
  value: col(DecimalText, 'Decimal(38, 4)', 'the value as filed, exact'),
  period_start: col(
    z.iso.date().nullable(),
    'Nullable(Date)',
    'first day of the period the value measures; null for an instant (balance-sheet) value',
  ),
  period_end: col(z.iso.date(), 'Date', 'last day of the period, or the instant'),
  duration_days: col(
    UInt16.nullable(),
    'Nullable(UInt16)',
    'days from period_start to period_end, both included; null for an instant',
  ),
  fy: col(
    UInt16.nullable(),
    'Nullable(UInt16)',
    "fiscal year of the filing the value came from (not of the period: comparatives carry the filing's year)",
  ),
  fp: col(
    z.string(),
    'LowCardinality(String)',
    "fiscal period of the filing the value came from ('Q1'..'Q3', 'FY'); '' when not given",
  ),
  form: col(z.string(), 'LowCardinality(String)', "form of that filing ('10-K', '10-Q', '10-K/A', ...)"),
  filed: col(
    z.iso.date(),
    'Date',
    'date the filing was filed: the latest filed version of a period is its current value',
  ),
  accession: col(z.string().min(1), 'String', 'accession number of the filing (0001045810-25-000023)'),
  frame: col(
    z.string().nullable(),
    'Nullable(String)',
    "SEC's calendar frame for the value ('CY2024Q1'), set on one filing's copy only",
  ),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string().min(1), 'String', 'URL of the companyfacts document'),
  observed_at: col(z.iso.datetime(), ts, 'when the document was fetched'),
});
export type FilingFact = z.infer<typeof FilingFact>;

export const filingFactsTable = defineTable({
  name: 'filing_facts_store',
  schema: FilingFact,
  // every filed version is its own row (the accession is in the key); a refetch of the same fact replaces it
  engine: 'ReplacingMergeTree(observed_at)',
  orderBy: ['cik', 'concept', 'unit', 'period_start', 'period_end', 'accession'],
  // period_start is null for instant facts
  settings: { allow_nullable_key: 1 },
  comment:
    'every value filed to SEC EDGAR (XBRL companyfacts) for the concepts we map, one row per filing: query filing_facts or filing_facts_current',
});
