import { PermanentError, zodIssues } from '../../../schemas/errors.ts';
import { AnalystDatapoint } from '../../../schemas/events/analyst-datapoint.ts';
import { deterministicId } from '../../../schemas/ids.ts';
import { readCsvRecords } from '../../../transform/csv.ts';
import { compare, parseDecimal, shift, toText } from '../../../transform/decimal.ts';
import type { ParseContext, Parsed } from '../../../transform/transformer.ts';

const CITATION = ['publisher', 'title', 'url', 'published'] as const;
const REQUIRED = [
  'id',
  'subject',
  'subject_kind',
  'metric',
  'period',
  'year',
  'value_low',
  'kind',
  'unit',
  ...CITATION,
] as const;

// '200B', '1.5T', '37000000000', '12.5' (percent): the file is written by people, the store keeps exact numbers
const SCALE: Record<string, number> = { K: 3, M: 6, B: 9, T: 12 };
function readAmount(text: string): string | null {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([KMBT])?\s*$/i.exec(text.replace(/[,_$%]/g, ''));
  return m ? toText(shift(parseDecimal(m[1]!)!, m[2] ? SCALE[m[2].toUpperCase()]! : 0)) : null;
}

export type DatapointParse = Parsed<AnalystDatapoint>;

/** Pure: the reviewed datapoints CSV to rows; a row without its full citation, or with a bad figure, is rejected with the reason. */
export function parseAnalystDatapoints(payload: string, ctx: ParseContext): DatapointParse {
  const { header, records } = readCsvRecords(payload);
  const missingColumns = REQUIRED.filter((c) => !header.includes(c));
  if (missingColumns.length)
    throw new PermanentError(
      `analyst datapoints file lacks columns ${missingColumns.join(', ')}: header is ${header.join(',')}`,
    );
  const out: DatapointParse = { rows: [], rejects: [], skipped: {} };
  const seen = new Set<string>();
  for (const { line, cells } of records) {
    const reject = (reason: string, detail: string): void => {
      out.rejects.push({ record_ref: `line ${line}: ${cells.id || '?'}`, reason, detail, record: cells });
    };
    const uncited = CITATION.filter((c) => !cells[c]);
    if (uncited.length) {
      reject(
        'missing_citation',
        `no ${uncited.join(', ')}: every figure needs its publisher, title, URL and publication date`,
      );
      continue;
    }
    const low = readAmount(cells.value_low ?? '');
    const high = cells.value_high ? readAmount(cells.value_high) : low;
    if (!low || !high) {
      reject(
        'invalid_value',
        `value_low ${JSON.stringify(cells.value_low)} / value_high ${JSON.stringify(cells.value_high)} are not numbers (e.g. 175B, 37000000000, 40)`,
      );
      continue;
    }
    if (compare(parseDecimal(high)!, parseDecimal(low)!) < 0) {
      reject('invalid_value', `value_high ${high} is below value_low ${low}`);
      continue;
    }
    const key = `${cells.id}@${cells.published}`;
    if (seen.has(key)) {
      reject('duplicate_datapoint', `${cells.id} published ${cells.published} appears twice`);
      continue;
    }
    const row = {
      event_id: deterministicId('analyst_datapoint', cells.id ?? '', cells.published ?? ''),
      datapoint_id: cells.id,
      subject: cells.subject,
      subject_kind: cells.subject_kind,
      metric: cells.metric,
      period: cells.period,
      year: Number(cells.year),
      value_low: low,
      value_high: high,
      qualifier: cells.qualifier || (low === high ? 'exact' : 'range'),
      unit: cells.unit,
      currency: cells.currency || 'USD',
      kind: cells.kind,
      population: cells.population ?? '',
      publisher: cells.publisher,
      title: cells.title,
      url: cells.url,
      published: cells.published,
      note: cells.note ?? '',
      source: ctx.source,
      source_url: ctx.url,
      observed_at: ctx.observed_at,
    };
    const r = AnalystDatapoint.safeParse(row);
    if (!r.success) {
      reject('schema_violation', zodIssues(r.error));
      continue;
    }
    seen.add(key);
    out.rows.push(r.data);
  }
  return out;
}
