import { existsSync, readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { afterAll, describe, expect, it } from 'vitest';
import { readFixture } from '../helpers/fixtures.ts';
import { document, startFixtureServer, type FixtureServer } from '../helpers/fixture-server.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

const PAGE = readFixture('openai-pricing-page/openai_pricing_page_2023-12-14T11-12-59__kokenconsulting_e9d85cdf.html');

// the same page with its price tables built by a script after load: a plain fetch sees none of them
function scriptRendered(html: string): string {
  const $ = cheerio.load(html);
  $('script').remove();
  const tables: string[] = [];
  $('table').each((i, t) => {
    tables.push($.html(t));
    $(t).replaceWith(`<div class="later" data-i="${i}"></div>`);
  });
  $('body').append(`<script>
    const tables = ${JSON.stringify(tables).replace(/</g, '\\u003c')};
    setTimeout(() => document.querySelectorAll('div.later').forEach((d) => { d.outerHTML = tables[Number(d.dataset.i)]; }), 50);
  </script>`);
  return $.html();
}

describe('page sources: cheerio, layout drift, Playwright', async () => {
  const server: FixtureServer = await startFixtureServer({
    '/recorded/api/pricing/': document(PAGE, 'text/html'),
    '/drifted/api/pricing/': document(
      PAGE.replace(/<table/g, '<div data-was="table"').replace(/<\/table>/g, '</div>'),
      'text/html',
    ),
    '/scripted/api/pricing/': document(scriptRendered(PAGE), 'text/html'),
    '/blocked/api/pricing/': document(PAGE, 'text/html'),
    '/robots.txt': document('User-agent: *\nDisallow: /blocked/\n', 'text/plain'),
  });
  afterAll(() => server.close());
  const run = (base: string, render: boolean) => {
    const env = testEnv({
      REBAR_BASE_URLS: `openai-pricing-page=${server.url}/${base}`,
      REBAR_RENDER_OPENAI_PAGE: String(render),
      REBAR_FETCH_ATTEMPTS: '1',
    });
    return { env, result: runCli(['run', '--once', '--source', 'openai-pricing-page'], env) };
  };
  const usd = (env: Record<string, string>, model: string, cls: string): Promise<string> =>
    sqlValue(
      env,
      `SELECT toString(usd_per_mtok) FROM price_latest WHERE source = 'openai-pricing-page' AND source_model_id = '${model}' AND token_class = '${cls}'`,
    );

  it('the recorded page parses to its prices, per 1K there and per 1M in rebar', async () => {
    const { env, result } = run('recorded', false);
    const r = await result;
    expect(r.code, r.stderr).toBe(0);
    expect(await usd(env, 'gpt-4-1106-preview', 'input')).toBe('10');
    expect(await usd(env, 'gpt-4-1106-preview', 'output')).toBe('30');
    expect(await usd(env, 'gpt-4', 'input')).toBe('30');
    expect(await usd(env, 'gpt-4', 'output')).toBe('60');
    expect(await usd(env, 'gpt-3.5-turbo-1106', 'input')).toBe('1');
    expect(await usd(env, 'gpt-3.5-turbo-1106', 'output')).toBe('2');
    expect(await usd(env, 'ft:gpt-3.5-turbo', 'training')).toBe('8');
    expect(
      await sqlValue(
        env,
        "SELECT token_class, toString(usd_per_mtok) FROM price_latest WHERE source = 'openai-pricing-page' AND model = 'text-embedding-ada-002'",
      ),
    ).toBe('input\t0.1');
  });

  it('a copy with its table markup changed fails loudly, with a saved copy of the page and no observations', async () => {
    const { env, result } = run('drifted', false);
    const r = await result;
    expect(r.code).toBe(1);
    const saved = /the page is saved at (\S+\.html)/.exec(r.stdout)?.[1];
    expect(saved, r.stdout).toBeDefined();
    expect(existsSync(saved!)).toBe(true);
    expect(readFileSync(saved!, 'utf8')).toContain('data-was="table"');
    expect(await sqlValue(env, 'SELECT count() FROM price_observations')).toBe('0');
    expect(
      await sqlValue(
        env,
        "SELECT status, reason LIKE '%saved at%' FROM source_fetches WHERE source = 'openai-pricing-page'",
      ),
    ).toBe('failed\t1');
  });

  it('a script-rendered page yields prices through Playwright and none through plain HTTP', async () => {
    const plain = run('scripted', false);
    const p = await plain.result;
    expect(p.code).toBe(1);
    expect(p.stdout).toMatch(/no price table|no div\.ui-block--pricing-table/);
    expect(await sqlValue(plain.env, 'SELECT count() FROM price_observations')).toBe('0');

    const rendered = run('scripted', true);
    const r = await rendered.result;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await usd(rendered.env, 'gpt-4-1106-preview', 'input')).toBe('10');
    expect(await usd(rendered.env, 'gpt-4', 'output')).toBe('60');
  });

  it('robots.txt is respected for page sources', async () => {
    const { result } = run('blocked', false);
    const r = await result;
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/disallowed by .*robots\.txt/);
  });
});
