import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompanies } from '../../ingest/company-registry.ts';
import type { FilingFact } from '../../schemas/events/filing-fact.ts';
import { deterministicId } from '../../schemas/ids.ts';
import { type Warehouse } from '../../sinks/clickhouse.ts';
import { migrate } from '../../sinks/migrate.ts';
import { parseAnalystDatapoints } from '../../ingest/sources/analyst-datapoints/parse.ts';
import { parseSecCompanyfacts } from '../../ingest/sources/sec-companyfacts/parse.ts';
import { readFixture } from '../helpers/fixtures.ts';
import { scratchWarehouse } from '../helpers/scratch-warehouse.ts';

const NVDA = '0001045810';
const MSFT = '0000789019';
const ctx = {
  source: 'sec-companyfacts',
  url: 'https://data.sec.gov/api/xbrl/companyfacts/',
  observed_at: '2026-07-09T00:00:00.000Z',
};
const fiscalYearEnd = (file: string): string =>
  (JSON.parse(readFixture(`sec-submissions/${file}`)) as { fiscalYearEnd: string }).fiscalYearEnd;

// crafted, Microsoft-style: a fiscal year from July 2024 to June 2025, reported year to date
const msftYtd = (end: string, val: number, filed: string): Record<string, unknown> => ({
  start: '2024-07-01',
  end,
  val,
  accn: `0000950170-crafted-${end}`,
  fy: 2025,
  fp: 'Q',
  form: '10-Q',
  filed,
});
const MSFT_DOC = JSON.stringify({
  cik: 789019,
  entityName: 'MICROSOFT CORP',
  facts: {
    'us-gaap': {
      PaymentsToAcquirePropertyPlantAndEquipment: {
        units: {
          USD: [
            msftYtd('2024-09-30', 14_000_000_000, '2024-10-30'),
            msftYtd('2024-12-31', 30_000_000_000, '2025-01-29'),
            msftYtd('2025-03-31', 47_000_000_000, '2025-04-30'),
            msftYtd('2025-06-30', 65_000_000_000, '2025-07-30'),
          ],
        },
      },
    },
  },
});

describe('SEC filings to quarterly and annual capex (embedded ClickHouse)', () => {
  let wh: Warehouse;
  let nvidia: FilingFact[];
  const one = async <T>(sql: string): Promise<T> => (await wh.query<T>(sql))[0]!;

  beforeAll(async () => {
    wh = await scratchWarehouse('sec');
    await migrate(wh);
    await wh.insert('companies_store', loadCompanies());
    nvidia = parseSecCompanyfacts(
      readFixture('sec-companyfacts/companyfacts_CIK0001045810_NVIDIA__recorded-2026-07-09.json'),
      ctx,
    ).rows;
    await wh.insert('filing_facts_store', nvidia);
  }, 120_000);
  afterAll(async () => {
    await wh?.close();
  });

  it('the registry carries the fiscal year ends SEC submissions give', async () => {
    expect(
      await wh.query(
        `SELECT ticker, fiscal_year_end FROM companies WHERE cik IN ('${NVDA}', '${MSFT}') ORDER BY ticker`,
      ),
    ).toEqual([
      {
        ticker: 'MSFT',
        fiscal_year_end: fiscalYearEnd('submissions_CIK0000789019_Microsoft__recorded-2026-03-05.json'),
      },
      { ticker: 'NVDA', fiscal_year_end: fiscalYearEnd('submissions_CIK0001045810_NVIDIA__recorded-2026-03-05.json') },
    ]);
  });

  it('gives NVIDIA annual capex from the concept with the most recent data', async () => {
    const rows = await wh.query<{ period_end: string; capex: string; concept: string }>(
      `SELECT toString(period_end) AS period_end, toString(capex_usd) AS capex, concept FROM capex_annual
       WHERE ticker = 'NVDA' AND period_end IN ('2025-01-26', '2026-01-25') ORDER BY period_end`,
    );
    expect(rows).toEqual([
      { period_end: '2025-01-26', capex: '3236000000', concept: 'PaymentsToAcquireProductiveAssets' },
      { period_end: '2026-01-25', capex: '6042000000', concept: 'PaymentsToAcquireProductiveAssets' },
    ]);
    // before the tag change the old concept is the only one, and it is used
    expect(
      await one(
        `SELECT concept, toString(capex_usd) AS capex FROM capex_annual WHERE ticker = 'NVDA' AND fiscal_year = 2012`,
      ),
    ).toEqual({ concept: 'PaymentsToAcquirePropertyPlantAndEquipment', capex: '138735000' });
  });

  it('de-cumulates year-to-date values into quarters that sum to the year', async () => {
    const q = await wh.query<{ fiscal_quarter: number; capex: string; calendar: string }>(
      `SELECT fiscal_quarter, toString(capex_usd) AS capex, concat(toString(calendar_year), 'Q', toString(calendar_quarter)) AS calendar
       FROM capex_quarterly WHERE cik = '${NVDA}' AND fiscal_year = 2026 ORDER BY fiscal_quarter`,
    );
    expect(q).toEqual([
      { fiscal_quarter: 1, capex: '1227000000', calendar: '2025Q1' },
      { fiscal_quarter: 2, capex: '1895000000', calendar: '2025Q2' },
      { fiscal_quarter: 3, capex: '1636000000', calendar: '2025Q3' },
      { fiscal_quarter: 4, capex: '1284000000', calendar: '2025Q4' },
    ]);
    for (const fy of [2025, 2026]) {
      const s = await one<{ quarters: string; annual: string }>(
        `SELECT toString(sum(q.capex_usd)) AS quarters, toString(any(a.capex_usd)) AS annual FROM capex_quarterly AS q
         INNER JOIN capex_annual AS a ON a.cik = q.cik AND a.fiscal_year = q.fiscal_year WHERE q.cik = '${NVDA}' AND q.fiscal_year = ${fy}`,
      );
      expect(s.quarters, `FY${fy}`).toBe(s.annual);
    }
    expect(
      await one(
        `SELECT toString(capex_ttm_usd) AS ttm, capex_yoy_pct AS yoy FROM capex_quarterly WHERE cik = '${NVDA}' AND fiscal_year = 2026 AND fiscal_quarter = 4`,
      ),
    ).toEqual({ ttm: '6042000000', yoy: 19.22 });
  });

  it('keeps a restatement beside the original; the later filing is current and flows into the quarters', async () => {
    const h1 = nvidia.find(
      (f) =>
        f.concept === 'PaymentsToAcquireProductiveAssets' &&
        f.period_start === '2024-01-29' &&
        f.period_end === '2024-07-28' &&
        f.fy === 2026,
    )!;
    const accession = '0001045810-26-999999';
    const event_id = deterministicId(h1.cik, h1.concept, h1.unit, h1.period_start, h1.period_end, accession);
    await wh.insert('filing_facts_store', [
      { ...h1, event_id, value: '1400000000', accession, form: '10-Q/A', filed: '2026-06-01' },
    ]);
    const versions = await wh.query<{
      value: string;
      accession: string;
    }>(`SELECT toString(value) AS value, accession FROM filing_facts
      WHERE concept = 'PaymentsToAcquireProductiveAssets' AND period_start = '2024-01-29' AND period_end = '2024-07-28' ORDER BY filed`);
    expect(versions.map((v) => v.value)).toEqual(['1346000000', '1346000000', '1400000000']);
    expect(
      await one(`SELECT toString(value) AS value, accession FROM filing_facts_current
      WHERE concept = 'PaymentsToAcquireProductiveAssets' AND period_start = '2024-01-29' AND period_end = '2024-07-28'`),
    ).toEqual({ value: '1400000000', accession: '0001045810-26-999999' });
    const q = await wh.query<{
      capex: string;
      accession: string;
    }>(`SELECT toString(capex_usd) AS capex, accession FROM capex_quarterly
      WHERE cik = '${NVDA}' AND fiscal_year = 2025 ORDER BY fiscal_quarter`);
    expect(q.map((x) => x.capex)).toEqual(['369000000', '1031000000', '759000000', '1077000000']); // Q2 = 1400 - 369, Q3 = 2159 - 1400
    expect(q[1]!.accession).toBe(accession);
    expect(
      await one(`SELECT toString(capex_usd) AS capex FROM capex_annual WHERE cik = '${NVDA}' AND fiscal_year = 2025`),
    ).toEqual({ capex: '3236000000' });
  });

  it('maps a June fiscal year to calendar quarters by where most of its days fall', async () => {
    await wh.insert('filing_facts_store', parseSecCompanyfacts(MSFT_DOC, ctx).rows);
    const q =
      await wh.query(`SELECT fiscal_year, fiscal_quarter, calendar_year, calendar_quarter, toString(period_start) AS start, toString(capex_usd) AS capex
      FROM capex_quarterly WHERE ticker = 'MSFT' ORDER BY fiscal_quarter`);
    expect(q).toEqual([
      {
        fiscal_year: 2025,
        fiscal_quarter: 1,
        calendar_year: 2024,
        calendar_quarter: 3,
        start: '2024-07-01',
        capex: '14000000000',
      },
      {
        fiscal_year: 2025,
        fiscal_quarter: 2,
        calendar_year: 2024,
        calendar_quarter: 4,
        start: '2024-10-01',
        capex: '16000000000',
      },
      {
        fiscal_year: 2025,
        fiscal_quarter: 3,
        calendar_year: 2025,
        calendar_quarter: 1,
        start: '2025-01-01',
        capex: '17000000000',
      },
      {
        fiscal_year: 2025,
        fiscal_quarter: 4,
        calendar_year: 2025,
        calendar_quarter: 2,
        start: '2025-04-01',
        capex: '18000000000',
      },
    ]);
    expect(
      await one(
        `SELECT fiscal_year, toString(capex_usd) AS capex, revenue_usd FROM capex_annual WHERE ticker = 'MSFT'`,
      ),
    ).toEqual({ fiscal_year: 2025, capex: '65000000000', revenue_usd: null });
    const layers = await wh.query(
      `SELECT layer, toString(capex_usd) AS capex, companies_complete FROM capex_by_layer_calendar_year WHERE calendar_year = 2025 ORDER BY layer`,
    );
    expect(layers).toEqual([
      { layer: 'hyperscalers', capex: '35000000000', companies_complete: '0' },
      { layer: 'physical', capex: '6042000000', companies_complete: '1' },
    ]);
  });

  it('sets guidance beside the filings: quarters filed so far, then the 12-month value and the gap to the guided midpoint', async () => {
    const csv = [
      'id,subject,subject_kind,metric,period,year,value_low,value_high,qualifier,unit,currency,kind,population,publisher,title,url,published,note',
      'nvda-capex-fy2026-crafted,NVDA,company,capex,FY2026,2026,5B,7B,range,USD,USD,guidance,,Crafted for this test,NVIDIA outlook (crafted),https://example.org/nvda,2025-02-26,',
      'msft-capex-fy2026-crafted,MSFT,company,capex,FY2026,2026,80B,,approx,USD,USD,guidance,,Crafted for this test,Microsoft outlook (crafted),https://example.org/msft,2025-07-30,',
    ].join('\n');
    await wh.insert(
      'analyst_datapoints_store',
      parseAnalystDatapoints(csv, { ...ctx, source: 'analyst-datapoints' }).rows,
    );
    const rows =
      await wh.query(`SELECT ticker, fiscal_year, toString(guided_low_usd) AS low, toString(guided_high_usd) AS high, quarters_filed,
      toString(filed_annual_usd) AS annual, filed_vs_guided_mid_pct AS gap FROM capex_guided_vs_filed ORDER BY ticker`);
    expect(rows).toEqual([
      // the crafted Microsoft filings are fiscal 2025 only: nothing filed for 2026 yet
      {
        ticker: 'MSFT',
        fiscal_year: 2026,
        low: '80000000000',
        high: '80000000000',
        quarters_filed: null,
        annual: null,
        gap: null,
      },
      {
        ticker: 'NVDA',
        fiscal_year: 2026,
        low: '5000000000',
        high: '7000000000',
        quarters_filed: '4',
        annual: '6042000000',
        gap: 0.7,
      },
    ]);
  });
});
