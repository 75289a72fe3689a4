import { z } from 'zod';
import { col, defineTable } from './clickhouse.ts';

const ts = "DateTime64(3, 'UTC')";

// PRODUCT.md's layers of the AI stack, bottom to top
export const StackLayer = z.enum([
  'semiconductor_foundations',
  'physical',
  'datacentres',
  'ai_infrastructure',
  'neoclouds',
  'hyperscalers',
  'models',
  'applications',
]);

export const CompanyFields = z.object({
  cik: col(
    z.string().regex(/^\d{10}$/, 'a 10-digit zero-padded SEC CIK'),
    'String',
    'SEC central index key, 10 digits zero-padded',
  ),
  ticker: col(z.string().regex(/^[A-Z][A-Z0-9.]*$/, 'an upper-case ticker'), 'String', 'primary ticker'),
  name: col(z.string().min(1), 'String', 'company name'),
  fiscal_year_end: col(
    z.string().regex(/^(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, 'MMDD'),
    'String',
    'fiscal year end as SEC submissions gives it (MMDD); 52/53-week years end near it',
  ),
  currency: col(z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'), 'LowCardinality(String)', 'reporting currency'),
  layer: col(
    StackLayer,
    'LowCardinality(String)',
    'layer of the AI stack (PRODUCT.md): hyperscalers, neoclouds, physical, ai_infrastructure, datacentres, ...',
  ),
  sec_form: col(z.enum(['10-K', '20-F', '40-F']), 'LowCardinality(String)', 'annual report form filed with the SEC'),
  taxonomy: col(
    z.enum(['us-gaap', 'ifrs-full']),
    'LowCardinality(String)',
    'XBRL taxonomy of its financial statements',
  ),
  tracked: col(z.boolean(), 'Bool', 'true: rebar fetches its companyfacts; false: skipped, see skip_reason'),
  skip_reason: col(z.string(), 'String', "why an untracked company is skipped; '' when tracked"),
  loaded_at: col(
    z.iso.datetime(),
    ts,
    'when this registry version was loaded: the companies view shows the latest load only',
  ),
});

export const Company = CompanyFields.refine((c) => c.tracked === (c.skip_reason === ''), {
  message: 'a tracked company has no skip_reason; an untracked one must say why',
  path: ['skip_reason'],
}).refine((c) => !c.tracked || (c.taxonomy === 'us-gaap' && c.currency === 'USD'), {
  message: 'only us-gaap filers reporting in USD can be tracked: the concept map and the USD views cover nothing else',
  path: ['tracked'],
});
export type Company = z.infer<typeof Company>;

export const companiesTable = defineTable({
  name: 'companies_store',
  schema: CompanyFields,
  engine: 'ReplacingMergeTree(loaded_at)',
  orderBy: ['cik', 'ticker'],
  comment: 'the company registry (registry/companies.csv), one version per load: query the companies view',
});
