import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, readFixture } from '../helpers/fixtures.ts';
import { document, startFixtureServer } from '../helpers/fixture-server.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

const NVDA = path.join(FIXTURES, 'sec-companyfacts/companyfacts_CIK0001045810_NVIDIA__recorded-2026-07-09.json');

describe('SEC filings and analyst datapoints through the pipeline', async () => {
  const agents: string[] = [];
  const nvidia = document(readFixture('sec-companyfacts/companyfacts_CIK0001045810_NVIDIA__recorded-2026-07-09.json'));
  const server = await startFixtureServer({
    '/api/xbrl/companyfacts/CIK0001045810.json': (req, res) => {
      agents.push(req.headers['user-agent'] ?? '');
      nvidia(req, res);
    },
  });
  afterAll(() => server.close());

  it('rebar import sec-companyfacts FILE lands the filed facts; capex_annual reproduces NVIDIA FY2025 and FY2026', async () => {
    const env = testEnv();
    const r = await runCli(['import', 'sec-companyfacts', NVDA], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/observations: 721/);
    expect(
      await sqlValue(
        env,
        "SELECT toString(capex_usd), concept FROM capex_annual WHERE ticker = 'NVDA' AND period_end = '2025-01-26'",
      ),
    ).toBe('3236000000\tPaymentsToAcquireProductiveAssets');
    expect(
      await sqlValue(
        env,
        "SELECT toString(capex_usd) FROM capex_annual WHERE ticker = 'NVDA' AND period_end = '2026-01-25'",
      ),
    ).toBe('6042000000');
    expect(
      await sqlValue(
        env,
        "SELECT toString(sum(capex_usd)), count() FROM capex_quarterly WHERE ticker = 'NVDA' AND fiscal_year = 2026",
      ),
    ).toBe('6042000000\t4');
    // submissions: the filing behind the figure, and the registry checked against SEC
    const sub = await runCli(
      [
        'import',
        'sec-submissions',
        path.join(FIXTURES, 'sec-submissions/submissions_CIK0001045810_NVIDIA__recorded-2026-03-05.json'),
      ],
      env,
    );
    expect(sub.code, sub.stderr).toBe(0);
    expect(
      await sqlValue(
        env,
        `SELECT f.form, toString(f.filing_date), f.document_url FROM capex_annual AS a INNER JOIN sec_filings AS f ON f.accession = a.accession
      WHERE a.ticker = 'NVDA' AND a.period_end = '2026-01-25'`,
      ),
    ).toBe('10-K\t2026-02-25\thttps://www.sec.gov/Archives/edgar/data/1045810/000104581026000021/nvda-20260125.htm');
    expect(
      await sqlValue(
        env,
        'SELECT ticker, registry_fiscal_year_end, sec_fiscal_year_end, agrees FROM company_registry_check',
      ),
    ).toBe('NVDA\t0131\t0131\t1');
  }, 240_000);

  it('the SEC source refuses to run without a contact e-mail in the User-Agent', async () => {
    const env = testEnv({ REBAR_BASE_URLS: `sec-companyfacts=${server.url}`, REBAR_FETCH_ATTEMPTS: '3' });
    const r = await runCli(['run', '--once', '--source', 'sec-companyfacts'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sec-companyfacts: .* requires a User-Agent with a contact e-mail; set REBAR_USER_AGENT/);
    expect(server.hits).toEqual([]);
  }, 240_000);

  it('the seeded datapoints answer the capex-versus-AI-revenue question in SQL, inputs shown', async () => {
    const env = testEnv();
    const r = await runCli(['run', '--once', '--source', 'analyst-datapoints'], env);
    expect(r.code, r.stderr).toBe(0);
    const out = await sqlValue(
      env,
      'SELECT companies, toString(capex_low_usd), toString(capex_high_usd), toString(ai_revenue_usd), ratio_low, ratio_high FROM capex_plans_vs_ai_revenue',
    );
    expect(out).toBe("['AMZN','GOOGL','META','MSFT','ORCL']\t660000000000\t690000000000\t37000000000\t17.84\t18.65");
    // REFERENCE.md section 3, each point with its measure and report date
    expect(
      (
        await sqlValue(
          env,
          `SELECT period, metric, toString(report_date), arrayStringConcat(groupArray(concat(entity, ' ', toString(share))), ', ')
      FROM (SELECT * FROM market_shares WHERE source = 'Menlo Ventures' ORDER BY year, period, share DESC) GROUP BY year, period, metric, report_date ORDER BY year, period`,
        )
      ).split('\n'),
    ).toEqual([
      '2023\tspend\t2025-12-09\topenai 50, anthropic 12, google 7',
      '2024\tunspecified\t2024-11-20\topenai 34, anthropic 24',
      '2025\tspend\t2025-12-09\tanthropic 40, openai 27, google 21, other 12',
      'mid-2025\tusage\t2025-07-31\tanthropic 32, openai 25, google 20, meta 9, deepseek 1',
    ]);
    // the other surveys keep their own measure and population: not comparable with Menlo's
    expect(
      await sqlValue(
        env,
        "SELECT groupArray((source, metric, entity, toString(share))) FROM (SELECT * FROM market_shares WHERE source != 'Menlo Ventures' AND entity_kind = 'vendor' ORDER BY source, entity)",
      ),
    ).toBe(
      "[('Groundy (reporting the Ramp AI Index)','adoption','anthropic','34.4'),('Groundy (reporting the Ramp AI Index)','adoption','openai','32.3'),('Pulse (reporting a16z)','spend','openai','56')]",
    );
    // the inputs behind it: which plans, as known on which day, and the cited AI spend
    expect(
      await sqlValue(
        env,
        'SELECT plan_year, as_of, capex_datapoints, ai_revenue_year, ai_revenue_publisher, ai_revenue_url FROM capex_plans_vs_ai_revenue',
      ),
    ).toBe(
      "2026\t2026-02-05\t['amzn-capex-2026-plan','googl-capex-2026-plan','meta-capex-2026-plan','msft-capex-2026-plan','orcl-capex-fy2026-plan']\t2025\tMenlo Ventures\thttps://menlovc.com/perspective/2025-the-state-of-generative-ai-in-the-enterprise/",
    );
  }, 240_000);

  it('with a contact it fetches every tracked company under that User-Agent; one missing company fails loudly without holding back the rest', async () => {
    const env = testEnv({
      REBAR_BASE_URLS: `sec-companyfacts=${server.url}`,
      REBAR_USER_AGENT: 'rebar-ci (rebar-ci@rebar-tests.org)',
      REBAR_FETCH_ATTEMPTS: '1',
    });
    const r = await runCli(['run', '--once', '--source', 'sec-companyfacts'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sec-companyfacts: 14 of 15 documents failed \(1 fetched\): .*CIK0000789019\.json.*404/);
    expect(agents).toEqual(['rebar-ci (rebar-ci@rebar-tests.org)']);
    expect(
      await sqlValue(
        env,
        "SELECT toString(capex_usd) FROM capex_annual WHERE ticker = 'NVDA' AND period_end = '2026-01-25'",
      ),
    ).toBe('6042000000');
  }, 240_000);

  it('a datapoint without its citation goes to the dead-letter topic; the cited ones of the same file land', async () => {
    const env = testEnv();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'rebar-dp-')), 'datapoints.csv');
    writeFileSync(
      file,
      [
        'id,subject,subject_kind,metric,period,year,value_low,value_high,qualifier,unit,currency,kind,population,publisher,title,url,published,note',
        'cited,META,company,capex,CY2026,2026,115B,135B,range,USD,USD,guidance,,Meta Platforms,Meta Reports Fourth Quarter and Full Year 2025 Results,https://example.org/meta,2026-01-28,',
        'uncited,AMZN,company,capex,CY2026,2026,200B,,approx,USD,USD,guidance,,,,,,someone said so',
        'bad-value,GOOGL,company,capex,CY2026,2026,lots,,approx,USD,USD,guidance,,Somebody,Something,https://example.org/g,2026-02-04,',
      ].join('\n'),
    );
    const r = await runCli(['import', 'analyst-datapoints', file], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/dead-lettered: 2/);
    expect(
      await sqlValue(env, 'SELECT datapoint_id, toString(value_low), toString(value_high) FROM analyst_datapoints'),
    ).toBe('cited\t115000000000\t135000000000');
    expect(
      await sqlValue(
        env,
        "SELECT groupArray(reason) FROM (SELECT reason FROM dead_letters WHERE source = 'analyst-datapoints' ORDER BY reason)",
      ),
    ).toBe("['invalid_value','missing_citation']");
  }, 240_000);
});
