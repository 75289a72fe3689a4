import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, LITELLM, fixturePath } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

// the gpt-4 typo sheet and its fix (test/fixtures/SOURCES.md), and OpenAI's own page with gpt-4 at $30
const TYPO = fixturePath('litellm/2023-09-typo/litellm_model_prices_2023-09-18__upstream_5cc54296.json');
const FIXED = fixturePath('litellm/2023-09-typo/litellm_model_prices_2023-09-18__upstream_b5a83be4.json');
const OPENAI_PAGE = fixturePath(
  'openai-pricing-page/openai_pricing_page_2023-12-14T11-12-59__kokenconsulting_e9d85cdf.html',
);

async function ran(args: string[], env: Record<string, string>): Promise<string> {
  const r = await runCli(args, env);
  expect(r.code, `rebar ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

describe('change classes through Kafka and ClickHouse', () => {
  it('over the six LiteLLM sheets: the topic, the view and the summary carry the class; cut counts are moves', async () => {
    const env = testEnv();
    await ran(['backfill', 'litellm', path.join(FIXTURES, 'litellm')], env);
    const classes = (table: string) =>
      sqlValue(
        env,
        `SELECT arrayStringConcat(groupArray(concat(class, '=', toString(n))), ' ') FROM (SELECT class, count() AS n FROM ${table} WHERE kind IN ('increase', 'decrease') GROUP BY class ORDER BY class)`,
      );
    expect(await classes('price_change_events')).toBe('correction=26 move=156 unknown=61');
    expect(await classes('price_changes')).toBe('correction=26 move=156 unknown=61');
    expect(
      await sqlValue(
        env,
        "SELECT concat(class, ' | ', class_evidence) FROM price_changes WHERE series_key = 'litellm|ft:davinci-002|input|standard|global|base' AND kind = 'increase'",
      ),
    ).toMatch(/^correction \| carried davinci-002\\?'s price 2 \(unchanged there\), now its own 12$/);
    // OpenAI, February 2026: o3's cut is a move; gpt-3.5-turbo's late re-point and the fine-tunes' fixes are not
    const summary = (cls: string) =>
      sqlValue(
        env,
        `SELECT concat(toString(cuts), ' cuts, ', toString(increases), ' increases') FROM price_change_summary WHERE provider = 'openai' AND month = '2026-02-01' AND class = '${cls}'`,
      );
    expect(await summary('move')).toBe('8 cuts, 0 increases');
    expect(await summary('all')).toBe('12 cuts, 4 increases');
    const out = await ran(['metrics', 'price-changes', '--provider', 'openai'], env);
    expect(out).not.toMatch(/gpt-3\.5-turbo\s.*-66\.67/);
    const all = await ran(['metrics', 'price-changes', '--provider', 'openai', '--all'], env);
    expect(all).toMatch(/re-pointed: now gpt-3\.5-turbo-0125\\?'s price 0\.5/);
    // a re-mapping leaves the old price standing: DeepSeek charged 0.27 / 1.1 for deepseek-v3-0324 on 2025-06-02, though
    // deepseek/deepseek-chat named another model by the next sheet
    expect(
      await sqlValue(
        env,
        `SELECT arrayStringConcat(arrayMap(p -> concat(p.1, ' ', toString(p.2), ' ', toString(p.3)), provider_prices), ', ')
        FROM model_prices_by_day WHERE model_id = 'deepseek-v3-0324' AND day = '2025-06-02'`,
      ),
    ).toContain('deepseek 0.27 1.1');
  }, 600_000);

  it("the typo sheet beside OpenAI's page: gpt-4 held as price_outlier, the fix is no increase, price_latest says $30", async () => {
    const env = testEnv();
    await ran(['import', 'openai-pricing-page', OPENAI_PAGE, '--observed-at', '2023-12-14T11:12:59Z'], env);
    await ran(['import', 'litellm', TYPO, '--observed-at', '2023-12-15'], env);
    await ran(['import', 'litellm', FIXED, '--observed-at', '2023-12-16'], env);
    expect(
      await sqlValue(
        env,
        "SELECT arrayStringConcat(groupArray(concat(record_ref, ' ', reason)), '; ') FROM (SELECT * FROM dead_letters WHERE source = 'litellm' AND source_model_id = 'gpt-4' ORDER BY record_ref)",
      ),
    ).toBe('gpt-4#input_cost_per_token price_outlier; gpt-4#output_cost_per_token price_outlier');
    expect(
      await sqlValue(
        env,
        "SELECT arrayStringConcat(groupArray(kind), ' ') FROM (SELECT kind FROM price_changes WHERE series_key = 'litellm|gpt-4|input|standard|global|base' ORDER BY observed_at)",
      ),
    ).toBe('first_seen');
    expect(
      await sqlValue(
        env,
        "SELECT toString(usd_per_mtok) FROM price_latest WHERE series_key = 'litellm|gpt-4|input|standard|global|base'",
      ),
    ).toBe('30');
    expect(
      await sqlValue(env, "SELECT count() FROM price_change_events WHERE source = 'litellm' AND kind = 'increase'"),
    ).toBe('0');
  }, 300_000);

  it('a step history split in two borrows no class from the live step it replaced; one it left unchanged keeps it', async () => {
    const env = testEnv();
    const sheet = (d: keyof typeof LITELLM) => fixturePath(LITELLM[d]);
    await ran(['import', 'litellm', sheet('2024-03-30'), '--observed-at', '2024-03-30'], env);
    await ran(['import', 'litellm', sheet('2024-11-28'), '--observed-at', '2024-11-28'], env);
    await ran(['import', 'litellm', sheet('2024-07-29'), '--observed-at', '2024-07-29'], env); // history
    // the live events judged 2024-03-30 -> 2024-11-28; the view's steps on 2024-11-28 now start at 2024-07-29. A step
    // that left another price than any live event did is another step: unclassified (60 here)
    const unmatched = `FROM price_changes AS c WHERE c.observed_at = '2024-11-28 00:00:00' AND c.kind IN ('increase', 'decrease')
      AND (series_key, kind, ifNull(toString(old_usd_per_mtok), '')) NOT IN
        (SELECT series_key, kind, ifNull(toString(old_usd_per_mtok), '') FROM price_change_events)`;
    expect(await sqlValue(env, `SELECT count() ${unmatched}`)).toBe('60');
    expect(
      await sqlValue(
        env,
        `SELECT arrayStringConcat(groupUniqArray(concat(class, ' | ', class_evidence)), '; ') ${unmatched}`,
      ),
    ).toBe(
      'unknown | not classified: no live event made this step (the observations arrived older than the series latest one)',
    );
    // one that left the same price (command-r 0.5 on 2024-03-30 and again on 2024-07-29) is the same step: its class stays
    const same = `FROM price_changes AS c INNER JOIN price_change_events AS e
      ON e.series_key = c.series_key AND e.kind = c.kind AND e.observed_at = c.observed_at
      WHERE c.observed_at = '2024-11-28 00:00:00' AND c.kind IN ('increase', 'decrease')
        AND ifNull(toString(e.old_event_id), '') != ifNull(toString(c.old_event_id), '')`;
    expect(await sqlValue(env, `SELECT count() ${same}`)).toBe('8');
    expect(
      await sqlValue(env, `SELECT countIf(c.class_evidence = e.class_evidence AND c.class = e.class) ${same}`),
    ).toBe('8');
  }, 300_000);

  it("rebar reclassify: the typo's fix, classed before OpenAI's page was imported, is judged again by the page", async () => {
    const env = testEnv();
    await ran(['import', 'litellm', TYPO, '--observed-at', '2023-12-15'], env);
    await ran(['import', 'litellm', FIXED, '--observed-at', '2023-12-16'], env);
    const fix = (table: string) =>
      sqlValue(
        env,
        `SELECT concat(class, ' | ', class_evidence) FROM ${table} WHERE series_key = 'litellm|gpt-4|input|standard|global|base' AND kind = 'increase'`,
      );
    expect(await fix('price_change_events')).toBe('unknown | a 10x step that no other source carries for this model');
    // OpenAI's page, recorded 2023-12-14, imported only now
    await ran(['import', 'openai-pricing-page', OPENAI_PAGE, '--observed-at', '2023-12-14T11:12:59Z'], env);
    const first = await ran(['reclassify'], env);
    expect(first).toMatch(/judged again by the other sources' history: [1-9]\d* changed/);
    expect(first).toMatch(/unknown -> correction: [1-9]/);
    const realigned =
      "correction | realigned with first-party openai-pricing-page 30 since 2023-12-14, which showed it before this source\\'s 3";
    expect(await fix('price_change_events')).toBe(realigned);
    expect(await fix('price_changes')).toBe(realigned);
    // run again: nothing left to change
    expect(await ran(['reclassify'], env)).toMatch(/: 0 changed$/m);
  }, 300_000);
});
