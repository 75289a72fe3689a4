import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../schemas/errors.ts';
import { FilingFact } from '../../../schemas/events/filing-fact.ts';
import { parseSecCompanyfacts } from '../../../ingest/sources/sec-companyfacts/parse.ts';
import { readFixture } from '../../helpers/fixtures.ts';

const NVIDIA = 'sec-companyfacts/companyfacts_CIK0001045810_NVIDIA__recorded-2026-07-09.json';
const ctx = {
  source: 'sec-companyfacts',
  url: 'https://data.sec.gov/api/xbrl/companyfacts/CIK0001045810.json',
  observed_at: '2026-07-09T00:00:00.000Z',
};

type Fact = Record<string, unknown>;
const doc = (facts: Fact[], concept = 'PaymentsToAcquireProductiveAssets'): string =>
  JSON.stringify({
    cik: 789019,
    entityName: 'MICROSOFT CORP',
    facts: { 'us-gaap': { [concept]: { label: 'x', units: { USD: facts } } } },
  });
const good: Fact = {
  start: '2024-07-01',
  end: '2024-09-30',
  val: 14923000000,
  accn: '0000950170-24-118967',
  fy: 2025,
  fp: 'Q1',
  form: '10-Q',
  filed: '2024-10-30',
};

describe('SEC companyfacts to filed facts', () => {
  const payload = readFixture(NVIDIA);
  const r = parseSecCompanyfacts(payload, ctx);

  it('keeps every filed value of the mapped concepts and counts the rest', () => {
    const perMetric: Record<string, number> = {};
    for (const f of r.rows) perMetric[f.metric] = (perMetric[f.metric] ?? 0) + 1;
    expect(perMetric).toEqual({ capex: 88, revenue: 304, ppe_net: 136, depreciation: 193 });
    expect(r.rejects).toEqual([]);
    expect(r.skipped).toEqual({ concept_not_mapped: 26_182 });
    // nothing vanishes: every fact in the document is kept or counted
    const all = JSON.parse(payload) as { facts: Record<string, Record<string, { units: Record<string, unknown[]> }>> };
    const total = Object.values(all.facts)
      .flatMap((t) => Object.values(t))
      .flatMap((c) => Object.values(c.units))
      .reduce((n, l) => n + l.length, 0);
    expect(r.rows.length + r.skipped.concept_not_mapped!).toBe(total);
    for (const f of r.rows.slice(0, 50)) expect(FilingFact.safeParse(f).success).toBe(true);
  });

  it('carries the value, filing and period of a known fact exactly', () => {
    const fy26 = r.rows.filter(
      (f) => f.concept === 'PaymentsToAcquireProductiveAssets' && f.period_end === '2026-01-25',
    );
    expect(fy26).toHaveLength(1);
    expect(fy26[0]).toMatchObject({
      cik: '0001045810',
      entity_name: 'NVIDIA CORP',
      taxonomy: 'us-gaap',
      metric: 'capex',
      unit: 'USD',
      value: '6042000000',
      period_start: '2025-01-27',
      duration_days: 364,
      accession: '0001045810-26-000021',
      form: '10-K',
      filed: '2026-02-25',
      fy: 2026,
      fp: 'FY',
      frame: 'CY2025',
    });
  });

  it('keeps each filing of the same period: fy and fp describe the filing, not the period', () => {
    const fy25 = r.rows.filter(
      (f) =>
        f.concept === 'PaymentsToAcquireProductiveAssets' &&
        f.period_start === '2024-01-29' &&
        f.period_end === '2025-01-26',
    );
    expect(fy25.map((f) => [f.value, f.fy, f.accession]).sort()).toEqual([
      ['3236000000', 2025, '0001045810-25-000023'],
      ['3236000000', 2026, '0001045810-26-000021'],
    ]);
    expect(new Set(fy25.map((f) => f.event_id)).size).toBe(2);
    // balance-sheet values are instants
    const ppe = r.rows.find((f) => f.metric === 'ppe_net');
    expect(ppe?.period_start).toBeNull();
    expect(ppe?.duration_days).toBeNull();
  });

  it('is deterministic: a reparse yields the same event ids', () => {
    expect(parseSecCompanyfacts(payload, ctx).rows.map((f) => f.event_id)).toEqual(r.rows.map((f) => f.event_id));
  });

  it('rejects invalid facts with a reason and keeps the valid ones', () => {
    const bad = parseSecCompanyfacts(
      doc([
        good,
        { ...good, val: 'n/a' },
        { ...good, start: '2024-10-01', end: '2024-09-30' },
        { ...good, accn: undefined },
        { ...good, val: 1.23456 },
        { ...good, filed: '2024-13-01' },
      ]),
      ctx,
    );
    expect(bad.rows).toHaveLength(1);
    expect(bad.rows[0]).toMatchObject({ cik: '0000789019', value: '14923000000', duration_days: 92 });
    expect(bad.rejects.map((x) => [x.record_ref, x.reason])).toEqual([
      ['us-gaap:PaymentsToAcquireProductiveAssets|USD|1', 'value_not_numeric'],
      ['us-gaap:PaymentsToAcquireProductiveAssets|USD|2', 'period_reversed'],
      ['us-gaap:PaymentsToAcquireProductiveAssets|USD|3', 'missing_accession'],
      ['us-gaap:PaymentsToAcquireProductiveAssets|USD|4', 'value_not_exact'],
      ['us-gaap:PaymentsToAcquireProductiveAssets|USD|5', 'bad_filed'],
    ]);
    expect(bad.rejects[1]!.record).toMatchObject({ start: '2024-10-01', end: '2024-09-30' });
  });

  it('counts unmapped concepts as skipped, not one by one', () => {
    const other = parseSecCompanyfacts(doc([good, good], 'AccountsPayableCurrent'), ctx);
    expect(other).toEqual({ rows: [], rejects: [], skipped: { concept_not_mapped: 2 } });
  });

  it('refuses a document that is not companyfacts', () => {
    expect(() =>
      parseSecCompanyfacts(
        readFixture('sec-submissions/submissions_CIK0001045810_NVIDIA__recorded-2026-03-05.json'),
        ctx,
      ),
    ).toThrow(PermanentError);
    expect(() => parseSecCompanyfacts('<html>rate limited</html>', ctx)).toThrow(PermanentError);
    expect(() => parseSecCompanyfacts('{"facts": {}}', ctx)).toThrow(/not an SEC companyfacts document/);
  });
});
