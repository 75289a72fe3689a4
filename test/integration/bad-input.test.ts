import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LITELLM, readFixture } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

// bad input gets a clear reason on the dead-letter topic and table; the good records of the same document land
describe('bad input, through the real pipeline', () => {
  let env: Record<string, string>;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebar-bad-'));
  const write = (name: string, text: string): string => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  beforeAll(() => {
    env = testEnv();
  });

  it('a truncated JSON document is dead-lettered whole with its reason, and nothing crashes', async () => {
    const text = readFixture(LITELLM['2024-07-29']);
    const r = await runCli(
      ['import', 'litellm', write('truncated.json', text.slice(0, Math.floor(text.length / 3)))],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/observations: 0/);
    expect(r.stdout).toMatch(/dead-lettered: 1/);
    expect(
      await sqlValue(env, "SELECT stage, reason, record_ref, detail LIKE '%not valid JSON%' FROM dead_letters"),
    ).toBe('transform\tdocument_unreadable\t*\t1');
    expect(await sqlValue(env, 'SELECT count() FROM price_observations')).toBe('0');
  });

  it('1e9 per token, a negative price and an unknown unit dead-letter that record only; the rest lands', async () => {
    const sheet = JSON.parse(readFixture(LITELLM['2024-07-29'])) as Record<string, Record<string, unknown>>;
    sheet['crafted/huge'] = { litellm_provider: 'openai', input_cost_per_token: 1e9, output_cost_per_token: 1e-6 };
    sheet['crafted/negative'] = {
      litellm_provider: 'openai',
      input_cost_per_token: -3e-6,
      output_cost_per_token: 2e-6,
    };
    sheet['crafted/unit'] = { litellm_provider: 'openai', input_cost_per_fortnight: 1e-6, output_cost_per_token: 3e-6 };
    const r = await runCli(['import', 'litellm', write('crafted.json', JSON.stringify(sheet))], env);
    expect(r.code, r.stderr).toBe(0);
    // the five bad records, beside the sheet's 278 prices in other units (per pixel, second, ...), dead-lettered by unit
    expect(r.stdout).toMatch(/dead-lettered: 283 \(278 of them prices in another unit/);
    expect(
      await sqlValue(
        env,
        "SELECT arrayStringConcat(groupArray(concat(record_ref, '=', reason)), ',') FROM (SELECT * FROM dead_letters WHERE record_ref LIKE 'crafted/%' ORDER BY record_ref)",
      ),
    ).toBe(
      'crafted/huge#input_cost_per_token=price_out_of_band,crafted/huge#output_cost_per_token=entry_held,crafted/negative#input_cost_per_token=negative_price,crafted/negative#output_cost_per_token=entry_held,crafted/unit#input_cost_per_fortnight=unknown_unit',
    );
    // a price out of band or negative holds its entry's output price too; the unknown unit's entry keeps its output
    expect(await sqlValue(env, "SELECT count() FROM price_observations WHERE source_model_id LIKE 'crafted/%'")).toBe(
      '1',
    );
    expect(
      await sqlValue(
        env,
        "SELECT toString(usd_per_mtok) FROM price_latest WHERE series_key = 'litellm|gpt-4o|input|standard|global|base'",
      ),
    ).toBe('5');
    const observations = Number(/observations: (\d+)/.exec(r.stdout)?.[1]);
    expect(await sqlValue(env, 'SELECT count() FROM price_observations')).toBe(String(observations));
  });

  it('an unknown source is refused with the list of known ones', async () => {
    const r = await runCli(['import', 'nosuch', write('x.json', '{}')], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown source nosuch: known sources are litellm, openrouter/);
  });
});
