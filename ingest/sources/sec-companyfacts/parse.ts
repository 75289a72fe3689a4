import type { ParseContext, Parsed, Reject } from '../../../transform/transformer.ts';
import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { FilingFact, type FilingMetric } from '../../../schemas/events/filing-fact.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { decimalFromNumber, parseDecimal, toText, type Decimal } from '../../../transform/decimal.ts';
import { isObj, type Obj } from '../../../transform/json-shape.ts';

export type FilingParseContext = ParseContext;
export type FilingRecordReject = Reject;
export type CompanyFactsParse = Parsed<FilingFact>;

// 'taxonomy:concept' -> metric. Plain us-gaap `Depreciation` is left out on purpose: it excludes amortization, so
// mixing it with the D&A concepts would splice two different quantities into one series.
export const CONCEPT_METRICS: Readonly<Record<string, FilingMetric>> = {
  'us-gaap:PaymentsToAcquirePropertyPlantAndEquipment': 'capex',
  'us-gaap:PaymentsToAcquireProductiveAssets': 'capex',
  'us-gaap:Revenues': 'revenue',
  'us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax': 'revenue',
  'us-gaap:SalesRevenueNet': 'revenue',
  'us-gaap:PropertyPlantAndEquipmentNet': 'ppe_net',
  'us-gaap:DepreciationDepletionAndAmortization': 'depreciation',
  'us-gaap:DepreciationAndAmortization': 'depreciation',
};

const VALUE_SCALE = 4; // Decimal(38, 4)
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' that names a real day, as epoch days; null otherwise. */
function epochDay(x: unknown): number | null {
  if (typeof x !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(x)) return null;
  const ms = Date.parse(`${x}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(x) ? ms / DAY_MS : null;
}

function exactValue(val: unknown): Decimal | null {
  if (typeof val === 'number') {
    // JSON.parse already rounded an integer past 2^53: the digits we have are not the filed ones
    if (Number.isInteger(val) && !Number.isSafeInteger(val)) return null;
    return decimalFromNumber(val);
  }
  return typeof val === 'string' ? parseDecimal(val) : null;
}

type Checked = { fact: FilingFact } | { reason: string; detail: string };

function checkFact(
  f: Obj,
  head: Pick<FilingFact, 'cik' | 'entity_name' | 'taxonomy' | 'concept' | 'metric' | 'unit'>,
  ctx: FilingParseContext,
): Checked {
  const accession = typeof f.accn === 'string' ? f.accn.trim() : '';
  if (!accession)
    return { reason: 'missing_accession', detail: 'no accession number: the filing cannot be told apart' };
  if (typeof f.val !== 'number' && typeof f.val !== 'string')
    return { reason: 'value_not_numeric', detail: `val is ${JSON.stringify(f.val)}` };
  const value = exactValue(f.val);
  if (!value) return { reason: 'value_not_numeric', detail: `val ${JSON.stringify(f.val)} is not an exact number` };
  if (value.scale > VALUE_SCALE)
    return { reason: 'value_not_exact', detail: `val ${String(f.val)} has more than ${VALUE_SCALE} decimals` };
  const end = epochDay(f.end);
  if (end === null) return { reason: 'bad_period', detail: `end ${JSON.stringify(f.end)} is not a date` };
  const start = f.start === undefined || f.start === null ? null : epochDay(f.start);
  if (start === null && f.start !== undefined && f.start !== null)
    return { reason: 'bad_period', detail: `start ${JSON.stringify(f.start)} is not a date` };
  if (start !== null && end < start)
    return { reason: 'period_reversed', detail: `end ${String(f.end)} is before start ${String(f.start)}` };
  if (epochDay(f.filed) === null)
    return { reason: 'bad_filed', detail: `filed ${JSON.stringify(f.filed)} is not a date` };
  const period_start = start === null ? null : (f.start as string);
  const fact = {
    event_id: deterministicId(head.cik, head.concept, head.unit, period_start, f.end as string, accession),
    ...head,
    value: toText(value),
    period_start,
    period_end: f.end as string,
    duration_days: start === null ? null : end - start + 1,
    fy: typeof f.fy === 'number' ? f.fy : null,
    fp: typeof f.fp === 'string' ? f.fp : '',
    form: typeof f.form === 'string' ? f.form : '',
    filed: f.filed as string,
    accession,
    frame: typeof f.frame === 'string' ? f.frame : null,
    source: ctx.source,
    source_url: ctx.url,
    observed_at: ctx.observed_at,
  };
  const r = FilingFact.safeParse(fact);
  return r.success ? { fact: r.data } : { reason: 'schema_violation', detail: zodIssues(r.error) };
}

/** Pure: an SEC companyfacts document to one FilingFact per filed value of the concepts we map. */
export function parseSecCompanyfacts(payload: string, ctx: FilingParseContext): CompanyFactsParse {
  let doc: unknown;
  try {
    doc = JSON.parse(payload);
  } catch (err) {
    throw new PermanentError(`not JSON: ${(err as Error).message}`);
  }
  if (!isObj(doc) || !isObj(doc.facts) || (typeof doc.cik !== 'number' && typeof doc.cik !== 'string')) {
    throw new PermanentError('not an SEC companyfacts document: no cik and facts');
  }
  const cik = String(doc.cik).padStart(10, '0');
  if (!/^\d{10}$/.test(cik)) throw new PermanentError(`companyfacts cik ${JSON.stringify(doc.cik)} is not a CIK`);
  const entity_name = typeof doc.entityName === 'string' ? doc.entityName : '';
  const out: CompanyFactsParse = { rows: [], rejects: [], skipped: {} };
  const skip = (reason: string, n: number): void => {
    out.skipped[reason] = (out.skipped[reason] ?? 0) + n;
  };

  for (const [taxonomy, concepts] of Object.entries(doc.facts)) {
    if (!isObj(concepts)) {
      skip('taxonomy_not_an_object', 1);
      continue;
    }
    for (const [concept, body] of Object.entries(concepts)) {
      const units = isObj(body) && isObj(body.units) ? body.units : {};
      const metric = CONCEPT_METRICS[`${taxonomy}:${concept}`];
      if (!metric) {
        skip(
          'concept_not_mapped',
          Object.values(units).reduce((n: number, fs) => n + (Array.isArray(fs) ? fs.length : 0), 0),
        );
        continue;
      }
      for (const [unit, list] of Object.entries(units)) {
        if (!Array.isArray(list)) {
          skip('unit_not_a_list', 1);
          continue;
        }
        list.forEach((f: unknown, i) => {
          const record_ref = `${taxonomy}:${concept}|${unit}|${i}`;
          if (!isObj(f)) {
            out.rejects.push({ record_ref, reason: 'fact_not_an_object', detail: typeof f, record: f });
            return;
          }
          const r = checkFact(f, { cik, entity_name, taxonomy, concept, metric, unit }, ctx);
          if ('fact' in r) out.rows.push(r.fact);
          else out.rejects.push({ record_ref, reason: r.reason, detail: r.detail, record: f });
        });
      }
    }
  }
  return out;
}
