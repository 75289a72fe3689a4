import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright';
import { describe, expect, it } from 'vitest';
import { DEMO_DOCUMENTS } from '../../jobs/demo.ts';
import { loadEnv } from '../../schemas/env.ts';
import { REPO, runCli, testEnv } from '../helpers/test-env.ts';

// the screenshot a person looks at before resolving: kept after the run (git ignores the folder)
const ARTIFACTS = path.join(REPO, 'test', 'artifacts');

/** `rebar serve` on a free port, resolved with its URL and a stop. */
function serve(env: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [path.join(REPO, 'bin/rebar.js'), 'serve', '--port', '0'], { env, cwd: REPO });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve({ url: m[1]!, stop: () => child.kill('SIGTERM') });
    });
    child.on('exit', (code) => reject(new Error(`rebar serve exited ${code}`)));
  });
}

// a new user with no network: one command loads the recorded documents, and every metric has something to show
describe('rebar demo', () => {
  it('loads every shipped document at its recorded date on a clean data folder, and every metric verb has rows', async () => {
    const env = testEnv();
    const demo = await runCli(['demo'], env, { timeoutMs: 400_000 });
    expect(demo.code, demo.stderr.slice(-3000)).toBe(0);
    expect(demo.stdout).toMatch(/^sources failed: 0$/m);
    expect(demo.stdout).toMatch(/at 2025-02-08: \d+ observations/); // OpenRouter's recorded day, not today
    for (const d of DEMO_DOCUMENTS) expect(demo.stdout, d.path).toContain(d.path);
    const counts = await runCli(
      [
        'sql',
        `SELECT uniqExact(series_key) FROM price_observations UNION ALL SELECT uniqExact((source, segment, metric, entity)) FROM share_series
         UNION ALL SELECT count() FROM benchmark_results UNION ALL SELECT count() FROM gpu_price_latest
         UNION ALL SELECT count() FROM capex_annual UNION ALL SELECT count() FROM price_changes UNION ALL SELECT count() FROM analyst_datapoints`,
        '--format',
        'TSV',
      ],
      env,
    );
    const values = counts.stdout.trim().split('\n').map(Number);
    expect(values, counts.stderr).toHaveLength(7);
    for (const v of values) expect(v).toBeGreaterThan(0);
    for (const verb of [
      ['price-index', '--all'],
      ['price-index', '--inputs', 'observed', '--benchmark', 'lmarena_text', '--threshold-model', 'gpt-4-0613'],
      ['price-changes'],
      ['dispersion', '--min-providers', '3'],
      ['open-closed-gap', '--benchmark', 'lmarena_text', '--threshold-model', 'gpt-4-0613'],
      ['share-volatility'],
      ['leadership'],
      ['capex-intensity'],
      ['agreement'],
    ]) {
      const r = await runCli(['metrics', ...verb, '--json'], env);
      expect(r.code, `${verb.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stdout.trim().split('\n').length, verb.join(' ')).toBeGreaterThan(0);
      expect(r.stdout.trim(), verb.join(' ')).not.toBe('');
    }

    // the dashboard, in Debian's Chromium: every panel drawn from this data, nothing fetched from anywhere else
    const sql = async (q: string): Promise<number> =>
      Number((await runCli(['sql', q, '--format', 'TSV'], env)).stdout.trim());
    const gpuRows = await sql(
      'SELECT count() FROM (SELECT gpu_model, provider FROM gpu_price_latest GROUP BY gpu_model, provider)',
    );
    const leaderRows = await sql('SELECT count() FROM benchmark_leaders WHERE leader_score IS NOT NULL');
    const months = await sql(
      "SELECT uniqExact(toStartOfMonth(observed_at)) FROM price_changes WHERE kind IN ('decrease', 'increase')",
    );
    const server = await serve(env);
    const browser = await chromium.launch({ executablePath: loadEnv(env).REBAR_CHROMIUM_PATH, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 2000 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => void (['error', 'warning'].includes(m.type()) && problems.push(m.text())));
      page.on('pageerror', (e) => problems.push(String(e)));
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`${server.url}dashboard`);
      await page.waitForSelector('body[data-ready="yes"]', { timeout: 60_000 });
      expect(problems).toEqual([]);
      const origin = new URL(server.url).origin;
      expect(
        requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('blob:') && !u.startsWith('data:')),
      ).toEqual([]);
      const panels = await page.$$eval('section.panel', (ss) => ss.length);
      expect(panels).toBe(10);
      expect(await page.textContent('#status')).toBe(`${panels} of ${panels} panels drawn`);
      const charts: Record<string, [number, number]> = await page.$$eval('[data-chart]', (es) =>
        Object.fromEntries(
          es.map((e) => [
            e.getAttribute('data-chart'),
            [Number(e.getAttribute('data-points')), Number(e.getAttribute('data-x'))],
          ]),
        ),
      );
      expect(Object.keys(charts)).toHaveLength(panels);
      for (const [id, [points]] of Object.entries(charts)) expect(points, `${id} has points`).toBeGreaterThan(0);
      expect(await page.$$eval('canvas', (cs) => cs.length)).toBeGreaterThanOrEqual(6); // uPlot's charts
      // two charts plot exactly what their SQL counts
      expect(charts.gpu?.[0]).toBe(gpuRows);
      expect(charts.leadership?.[0]).toBe(leaderRows);
      expect(charts['price-changes']?.[1]).toBe(months);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
      // the charts follow the window: at 1000 px one column of panels, each chart redrawn as wide as its panel
      const widths = () => page.$$eval('.uplot', (us) => us.map((u) => u.getBoundingClientRect().width));
      const before = await widths();
      await page.setViewportSize({ width: 1000, height: 2000 });
      await expect.poll(async () => (await widths())[0], { timeout: 5000 }).toBeGreaterThan(before[0]!);
      const after = await widths();
      expect(after).toHaveLength(before.length);
      after.forEach((w, i) => {
        expect(w).toBeGreaterThan(before[i]!);
        expect(w).toBeLessThan(1000);
      });
    } finally {
      await browser.close();
      server.stop();
    }
  }, 600_000);
});
