import { z } from 'zod';
import { col, defineTable } from '../clickhouse.ts';
import { DecimalText } from './price-observation.ts';

const ts = "DateTime64(3, 'UTC')";

// guidance: what a company says it will do; reported: what it says it did; estimate: a third party's number;
// survey: a measured share of a population; target: a stated goal
export const DatapointKind = z.enum(['guidance', 'reported', 'estimate', 'survey', 'target']);
// how the published number reads: '~$200B' approx, '$120B+' at_least, '$175-185B' range
export const DatapointQualifier = z.enum(['exact', 'approx', 'at_least', 'at_most', 'range']);

export const AnalystDatapoint = z.object({
  event_id: col(z.uuid(), 'UUID', 'deterministic id of (datapoint_id, published): a re-read lands on the same row'),
  datapoint_id: col(
    z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    'String',
    "the file's stable id for the figure ('meta-capex-2026-guidance')",
  ),
  subject: col(z.string().min(1), 'String', "ticker for a company ('META'), a vendor id ('anthropic') or 'market'"),
  subject_kind: col(
    z.enum(['company', 'vendor', 'market']),
    'LowCardinality(String)',
    'company (ticker), vendor (model maker) or market',
  ),
  metric: col(
    z.string().regex(/^[a-z][a-z0-9_]*$/),
    'LowCardinality(String)',
    'capex, ai_revenue, ai_revenue_run_rate, enterprise_genai_spend, enterprise_llm_share, ...',
  ),
  period: col(z.string().min(1), 'String', "the period as published ('FY2026', 'CY2026', '2025', 'mid-2025')"),
  year: col(
    z.number().int().min(1990).max(2100),
    'UInt16',
    'the year the figure is about (the fiscal year for FY periods)',
  ),
  value_low: col(DecimalText, 'Decimal(38, 4)', 'the figure, or the low end of a range'),
  value_high: col(DecimalText, 'Decimal(38, 4)', 'the high end of a range; equal to value_low for a single figure'),
  qualifier: col(DatapointQualifier, 'LowCardinality(String)', 'exact, approx (~), at_least (+), at_most or range'),
  unit: col(z.enum(['USD', 'percent']), 'LowCardinality(String)', 'USD (in `currency`) or percent'),
  currency: col(
    z.string().regex(/^[A-Z]{3}$/),
    'LowCardinality(String)',
    'currency of a money figure, as published (ISO 4217)',
  ),
  kind: col(DatapointKind, 'LowCardinality(String)', 'guidance, reported, estimate, survey or target'),
  population: col(
    z.string(),
    'String',
    "what a share or survey measures ('share of enterprise LLM API spend'); '' otherwise",
  ),
  publisher: col(z.string().min(1), 'String', 'who published the figure'),
  title: col(z.string().min(1), 'String', 'title of the document it was published in'),
  url: col(z.url(), 'String', 'where it was published'),
  published: col(z.iso.date(), 'Date', 'publication date: a later publication of the same figure is its newer version'),
  note: col(z.string(), 'String', "reviewer's note: attribution, caveats"),
  source: col(z.string().min(1), 'LowCardinality(String)', 'source name'),
  source_url: col(z.string().min(1), 'String', 'URL of the datapoints file'),
  observed_at: col(z.iso.datetime(), ts, 'when the file was read: the analyst_datapoints view shows the latest read'),
});
export type AnalystDatapoint = z.infer<typeof AnalystDatapoint>;

export const analystDatapointsTable = defineTable({
  name: 'analyst_datapoints_store',
  schema: AnalystDatapoint,
  engine: 'ReplacingMergeTree(observed_at)',
  orderBy: ['datapoint_id', 'published'],
  comment:
    'analyst-entered figures with their citations, one row per datapoint and publication: query analyst_datapoints',
});
