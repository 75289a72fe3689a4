import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCompanies } from '../../ingest/company-registry.ts';
import { readFixture } from '../helpers/fixtures.ts';

const HEADER = 'ticker,name,cik,fiscal_year_end,currency,layer,sec_form,taxonomy,tracked,skip_reason';
const registry = (...rows: string[]): string => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'rebar-reg-')), 'companies.csv');
  writeFileSync(file, [HEADER, ...rows].join('\n'));
  return file;
};

describe('company registry', () => {
  it('covers the issue list, every layer named, CIKs unique; untracked companies say why', () => {
    const cs = loadCompanies();
    expect(cs.filter((c) => c.tracked).map((c) => c.ticker)).toEqual([
      'AMZN',
      'GOOGL',
      'META',
      'MSFT',
      'ORCL',
      'CRWV',
      'NVDA',
      'AMD',
      'AVGO',
      'MU',
      'DELL',
      'HPE',
      'SMCI',
      'EQIX',
      'DLR',
    ]);
    expect(cs.find((c) => c.ticker === 'TSM')).toMatchObject({
      tracked: false,
      taxonomy: 'ifrs-full',
      currency: 'TWD',
      skip_reason: expect.stringMatching(/20-F under IFRS/),
    });
    for (const [cik, file] of [
      ['0001045810', 'submissions_CIK0001045810_NVIDIA__recorded-2026-03-05.json'],
      ['0000789019', 'submissions_CIK0000789019_Microsoft__recorded-2026-03-05.json'],
    ] as const) {
      const sub = JSON.parse(readFixture(`sec-submissions/${file}`)) as { fiscalYearEnd: string; tickers: string[] };
      expect(
        cs.find((c) => c.cik === cik),
        cik,
      ).toMatchObject({ fiscal_year_end: sub.fiscalYearEnd, ticker: sub.tickers[0] });
    }
  });

  it('refuses a bad registry with every bad line and why', () => {
    const file = registry(
      'AAA,A Inc.,0000000001,1231,USD,physical,10-K,us-gaap,true,',
      'BBB,B Inc.,12345,1231,USD,physical,10-K,us-gaap,true,',
      'CCC,C plc,0000000003,1231,GBP,physical,20-F,ifrs-full,true,',
      'DDD,D Inc.,0000000004,1331,USD,moon,10-K,us-gaap,true,',
      'EEE,E Inc.,0000000005,1231,USD,physical,10-K,us-gaap,false,',
    );
    let message = '';
    try {
      loadCompanies(file);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/line 3: cik: a 10-digit zero-padded SEC CIK/);
    expect(message).toMatch(/line 4: tracked: only us-gaap filers reporting in USD can be tracked/);
    expect(message).toMatch(/line 5: fiscal_year_end: MMDD; layer: Invalid option/);
    expect(message).toMatch(/line 6: skip_reason: a tracked company has no skip_reason; an untracked one must say why/);
  });

  it('refuses a repeated CIK', () => {
    expect(() =>
      loadCompanies(
        registry(
          'AAA,A Inc.,0000000001,1231,USD,physical,10-K,us-gaap,true,',
          'BBB,B Inc.,0000000001,1231,USD,physical,10-K,us-gaap,true,',
        ),
      ),
    ).toThrow(/line 3: 0000000001 already on line 2/);
  });
});
