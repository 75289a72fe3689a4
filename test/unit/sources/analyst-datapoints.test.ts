import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REGISTRY_DIR } from '../../../ingest/company-registry.ts';
import { parseAnalystDatapoints } from '../../../ingest/sources/analyst-datapoints/parse.ts';

const ctx = {
  source: 'analyst-datapoints',
  url: 'file:///registry/analyst-datapoints.csv',
  observed_at: '2026-12-01T00:00:00.000Z',
};
const HEADER =
  'id,subject,subject_kind,metric,period,year,value_low,value_high,qualifier,unit,currency,kind,population,publisher,title,url,published,note';
const parse = (...lines: string[]): ReturnType<typeof parseAnalystDatapoints> =>
  parseAnalystDatapoints([HEADER, ...lines].join('\n'), ctx);
const CITE = 'Pub,Title,https://example.org/x,2026-01-28';

describe('analyst datapoints', () => {
  it('the seeded file parses whole: the 2026 plans of the five largest spenders sum to $660-690B', () => {
    const r = parseAnalystDatapoints(readFileSync(path.join(REGISTRY_DIR, 'analyst-datapoints.csv'), 'utf8'), ctx);
    expect(r.rejects).toEqual([]);
    const plans = r.rows.filter((d) => d.metric === 'capex' && d.year === 2026);
    expect(plans.map((p) => p.subject).sort()).toEqual(['AMZN', 'GOOGL', 'META', 'MSFT', 'ORCL']);
    const sum = (k: 'value_low' | 'value_high'): bigint => plans.reduce((s, p) => s + BigInt(p[k]), 0n);
    expect([sum('value_low'), sum('value_high')]).toEqual([660_000_000_000n, 690_000_000_000n]);
    expect(r.rows.find((d) => d.datapoint_id === 'enterprise-genai-spend-2025')?.value_low).toBe('37000000000');
    for (const d of r.rows) expect(d.url, d.datapoint_id).toMatch(/^https:\/\//);
  });

  it('reads amounts people write: suffixes, separators, decimals, percent', () => {
    const r = parse(
      `a,X,company,capex,FY2026,2026,1.5B,"2,000,000,000",range,USD,USD,guidance,,${CITE},`,
      `b,anthropic,vendor,enterprise_llm_share,2025,2025,40%,,approx,percent,USD,survey,spend,${CITE},`,
    );
    expect(r.rejects).toEqual([]);
    expect(r.rows.map((d) => [d.value_low, d.value_high, d.qualifier])).toEqual([
      ['1500000000', '2000000000', 'range'],
      ['40', '40', 'approx'],
    ]);
    expect(r.rows[0]!.event_id).toBe(
      parse(`a,Y,company,capex,FY2026,2026,9,,exact,USD,USD,guidance,,${CITE},`).rows[0]!.event_id,
    );
  });

  it('rejects, with the reason, a row without its citation, a bad figure, a reversed range and a repeated id', () => {
    const r = parse(
      'nocite,X,company,capex,FY2026,2026,1B,,approx,USD,USD,guidance,,Pub,,https://example.org/x,,',
      `bad,X,company,capex,FY2026,2026,a lot,,approx,USD,USD,guidance,,${CITE},`,
      `rev,X,company,capex,FY2026,2026,5B,4B,range,USD,USD,guidance,,${CITE},`,
      `dup,X,company,capex,FY2026,2026,5B,,approx,USD,USD,guidance,,${CITE},`,
      `dup,X,company,capex,FY2026,2026,6B,,approx,USD,USD,guidance,,${CITE},`,
      `kind,X,company,capex,FY2026,2026,6B,,approx,USD,USD,rumour,,${CITE},`,
    );
    expect(r.rows.map((d) => d.datapoint_id)).toEqual(['dup']);
    expect(r.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['line 2: nocite', 'missing_citation'],
      ['line 3: bad', 'invalid_value'],
      ['line 4: rev', 'invalid_value'],
      ['line 6: dup', 'duplicate_datapoint'],
      ['line 7: kind', 'schema_violation'],
    ]);
    expect(r.rejects[0]!.detail).toMatch(/no title, published/);
  });

  it('a file without the columns is unreadable as a whole', () => {
    expect(() => parseAnalystDatapoints('id,value\nx,1', ctx)).toThrow(/lacks columns subject, subject_kind/);
  });
});
