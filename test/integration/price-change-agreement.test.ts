import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LITELLM, readFixture } from '../helpers/fixtures.ts';
import { runCli, runScript, sqlValue, testEnv } from '../helpers/test-env.ts';

type Sheet = Record<string, Record<string, unknown>>;

// a few entries of the recorded sheet keep the imports fast; each plays one part below
const REJECTED = 'gpt-4o'; // its input price is made invalid: that one series is dead-lettered
const MODEL_REJECTED = 'gpt-4o-mini'; // an unparseable field: the parser rejects the model record
const DROPPED = 'gpt-3.5-turbo'; // left out of one document, then listed again
const REPRICED = 'claude-3-5-sonnet-20240620'; // its input price goes down, then back up
const KEPT = ['gpt-4-turbo', 'claude-3-haiku-20240307'];
const key = (model: string, cls = 'input'): string => `litellm|${model}|${cls}|standard|global|base`;

const DOCS = ['2024-07-29', '2024-08-01', '2024-08-05', '2024-08-09', '2024-08-12'];
const at = (i: number): string => `${DOCS[i]!} 00:00:00.000`;
const NULL = '\\N';

// the live detector (rebar.price-changes, stored as price_change_events) and the price_changes view, derived from the
// observations, apply one rule: a series dead-lettered by a complete document is held there, not removed
describe('price changes: the detector and the view agree, dead-lettered series included', () => {
  let env: Record<string, string>;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rebar-agree-'));
  const recorded = JSON.parse(readFixture(LITELLM['2024-07-29'])) as Sheet;
  const sheet = (): Sheet =>
    Object.fromEntries([REJECTED, MODEL_REJECTED, DROPPED, REPRICED, ...KEPT].map((m) => [m, { ...recorded[m]! }]));
  const importDoc = async (i: number, doc: Sheet): Promise<string> => {
    const file = path.join(dir, `doc${i + 1}.json`);
    writeFileSync(file, JSON.stringify(doc));
    const r = await runCli(['import', 'litellm', file, '--observed-at', `${DOCS[i]!}T00:00:00Z`], env);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  const rows = async (query: string): Promise<string[]> =>
    (await sqlValue(env, query))
      .split('\n')
      .filter((l) => l !== '')
      .sort();
  const changes = (table: string, where = '1', more = ''): Promise<string[]> =>
    rows(
      `SELECT series_key, kind, toString(observed_at), toString(old_usd_per_mtok), toString(new_usd_per_mtok)${more}
      FROM ${table} WHERE ${where}`,
    );
  const row = (model: string, kind: string, i: number, old: string, now: string, cls = 'input'): string =>
    [key(model, cls), kind, at(i), old, now].join('\t');
  const latest = (model: string): Promise<string> =>
    sqlValue(env, `SELECT toString(usd_per_mtok) FROM price_latest WHERE series_key = '${key(model)}'`);

  beforeAll(() => {
    env = testEnv();
  });

  it('document 1, as recorded: every series first seen', async () => {
    const out = await importDoc(0, sheet());
    expect(out).toMatch(/changes: 12/);
    expect(out).toMatch(/dead-lettered: 0/);
  });

  it('document 2: a dead-lettered series and model are not removed and keep their last accepted price', async () => {
    const doc = sheet();
    doc[REJECTED]!.input_cost_per_token = -5e-6;
    doc[MODEL_REJECTED]!.input_cost_per_token = 'n/a';
    delete doc[DROPPED];
    doc[REPRICED]!.input_cost_per_token = 2.5e-6;
    expect(await importDoc(1, doc)).toMatch(/dead-lettered: 3/);
    // the dead letters say what they rejected
    expect(
      await rows(`SELECT reason, series_key, source_model_id FROM dead_letters WHERE observed_at = '${at(1)}'`),
    ).toEqual([
      `entry_held\t${key(REJECTED, 'output')}\t${REJECTED}`,
      `negative_price\t${key(REJECTED)}\t${REJECTED}`,
      `unparseable_price\t\t${MODEL_REJECTED}`,
    ]);
    expect(await changes('price_changes', `observed_at = '${at(1)}'`)).toEqual(
      [
        row(DROPPED, 'removed', 1, '1.5', NULL),
        row(DROPPED, 'removed', 1, '2', NULL, 'output'),
        row(REPRICED, 'decrease', 1, '3', '2.5'),
      ].sort(),
    );
    expect(await latest(REJECTED)).toBe('5');
    expect(await latest(MODEL_REJECTED)).toBe('0.15');
    expect(await latest(DROPPED)).toBe('');
  });

  it('document 3: the dropped series is listed again; the rejected ones, valid again at their price, are no news', async () => {
    const doc = sheet();
    doc[REPRICED]!.input_cost_per_token = 3e-6;
    await importDoc(2, doc);
    expect(await changes('price_changes', `observed_at = '${at(2)}'`)).toEqual(
      [
        row(DROPPED, 'first_seen', 2, NULL, '1.5'),
        row(DROPPED, 'first_seen', 2, NULL, '2', 'output'),
        row(REPRICED, 'increase', 2, '2.5', '3'),
      ].sort(),
    );
    expect(await latest(DROPPED)).toBe('1.5');
  });

  it('documents 4 and 5: rejected again, then left out: removed by the first document that neither lists nor rejects them', async () => {
    const rejected = sheet();
    rejected[REJECTED]!.input_cost_per_token = 1e9;
    rejected[MODEL_REJECTED]!.input_cost_per_token = 'n/a';
    expect(await importDoc(3, rejected)).toMatch(/dead-lettered: 3/);
    expect(await latest(REJECTED)).toBe('5');
    expect(await latest(MODEL_REJECTED)).toBe('0.15');
    const gone = sheet();
    delete gone[REJECTED];
    delete gone[MODEL_REJECTED];
    await importDoc(4, gone);
    expect(await latest(REJECTED)).toBe('');
    expect(await latest(MODEL_REJECTED)).toBe('');
  });

  it('price_changes and price_change_events hold the same events, one for one', async () => {
    const view = await changes('price_changes');
    const events = await changes('price_change_events');
    expect(view).toEqual(events);
    const of = (kind: string, i: number): string[] => events.filter((e) => e.includes(`\t${kind}\t${at(i)}\t`));
    expect(of('first_seen', 0)).toHaveLength(12);
    expect(of('decrease', 1)).toEqual([row(REPRICED, 'decrease', 1, '3', '2.5')]);
    expect(of('increase', 2)).toEqual([row(REPRICED, 'increase', 2, '2.5', '3')]);
    expect(of('removed', 1)).toHaveLength(2);
    expect(of('first_seen', 2)).toEqual(
      [row(DROPPED, 'first_seen', 2, NULL, '1.5'), row(DROPPED, 'first_seen', 2, NULL, '2', 'output')].sort(),
    );
    expect(of('removed', 4)).toHaveLength(4);
    // the dead-lettered series: removed only once truly gone, from its last accepted price and observation
    for (const [model, price] of [
      [REJECTED, '5'],
      [MODEL_REJECTED, '0.15'],
    ] as const) {
      expect(events.filter((e) => e.startsWith(`${key(model)}\t`))).toEqual([
        row(model, 'first_seen', 0, NULL, price),
        row(model, 'removed', 4, price, NULL),
      ]);
    }
    // and field for field (a re-listing has no previous price; the detector notes its removal's time there)
    const fields = `, provider, model, source_model_id, token_class, service_tier, region, context_tier, toString(abs_change),
      pct_change, toString(if(kind = 'first_seen', NULL, previous_observed_at)), toString(old_event_id),
      toString(new_event_id), source, source_url`;
    const detail = await changes('price_changes', '1', fields);
    expect(detail).toEqual(await changes('price_change_events', '1', fields));
    expect(detail.find((e) => e.startsWith(`${key(REJECTED)}\tremoved\t`))).toContain(`\t${at(2)}\t`);
  });

  it('refreshed from each day with a short lookback, the kept tables still equal a rebuild, held series included', async () => {
    // from 08-12, a 3-day window holds document 4, which held the rejected series: their last observation, of 08-05,
    // is before the window and is looked up there only because they were held in it (views/last-observations-sql.ts)
    for (const days of ['3', '1']) {
      const each = await runScript('test/helpers/refresh-each-day.ts', [days], env);
      expect(each.code, each.stderr).toBe(0);
      const refreshed = JSON.parse(each.stdout) as { day: string; diffs: Record<string, number> }[];
      expect(refreshed.map((r) => r.day)).toEqual(DOCS);
      for (const r of refreshed)
        expect(Object.values(r.diffs), `${days}-day window, refreshed from ${r.day}`).toEqual([0, 0, 0, 0]);
    }
  }, 300_000);
});
