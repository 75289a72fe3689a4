import { copyFileSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../test/helpers/fixtures.ts';
import { computeShareChanges, computeShareConcentration } from './views.ts';
import { runCli, runScript, sqlValue, testEnv } from '../../test/helpers/test-env.ts';

type Row = Record<string, unknown>;

async function rows(env: Record<string, string>, query: string): Promise<Row[]> {
  const r = await runCli(['sql', query, '--format', 'JSONEachRow'], env);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

// expected figures were computed apart from rebar, in python over the fixture JSON alone: per week, share = 100 * total_tokens /
// the week's sum; HHI = sum of share^2; per week pair, rank churn = mean |rank(t) - rank(t-1)| (published ranks) over slugs in both
// weeks, entrants and exits = slugs in one week only; per slug, a change = share(t) - share(t-1) when listed both weeks,
// rolling s.d. = statistics.stdev of its last 4 changes; the summary = the mean over slugs with 2 changes or more of stdev(all changes)
describe("share volatility on OpenRouter token shares and the analysts' survey shares", () => {
  it('token shares of the listed total feed HHI, rank churn, entrants and exits and the rolling s.d.; survey shares stay as published', async () => {
    const env = testEnv();
    const backfill = await runCli(['backfill', 'openrouter-rankings', path.join(FIXTURES, 'openrouter-rankings')], env);
    expect(backfill.code, backfill.stderr).toBe(0);
    expect((await runCli(['run', '--once', '--source', 'analyst-datapoints'], env)).code).toBe(0);

    // market_shares invents no share for a top-N list; share_series adds the share of the listed total, flagged, 100 per week
    expect(
      await sqlValue(env, "SELECT countIf(share IS NOT NULL) FROM market_shares WHERE source = 'openrouter-rankings'"),
    ).toBe('0');
    expect(
      await sqlValue(
        env,
        "SELECT share_basis, count(), uniqExact(period), round(max(share), 4), round(sum(share) / uniqExact(period), 6) FROM share_series WHERE source = 'openrouter-rankings' GROUP BY share_basis",
      ),
    ).toBe('of_listed_total\t247\t26\t41.2487\t100');
    // every survey row is in share_series as published, its share unchanged
    expect(
      await sqlValue(
        env,
        `SELECT count(), countIf(s.share_basis = 'published' AND s.share = toFloat64(m.share))
      FROM market_shares AS m LEFT JOIN share_series AS s USING (source, segment, metric, period, year, entity) WHERE m.source != 'openrouter-rankings'`,
      ),
    ).toBe('17\t17');

    // 2026-01-18: nine listed models, HHI over them 1177.8 (the listed set only: never a lower bound on the market's)
    const [week] = await rows(
      env,
      "SELECT * FROM share_concentration WHERE source = 'openrouter-rankings' AND period = '2026-01-18'",
    );
    expect(week).toMatchObject({
      hhi: 1177.8,
      hhi_is_lower_bound: 0,
      numbers_equivalent: 8.49,
      leader: 'anthropic/claude-4.5-opus-20251124',
      entities: '9',
      share_basis: 'of_listed_total',
    });

    const changes = await rows(
      env,
      "SELECT * FROM share_changes WHERE from_period IN ('2023', '2026-02-08') ORDER BY from_period",
    );
    // Menlo spend 2023 -> 2025: openai 1 -> 2, anthropic 2 -> 1, google 3 -> 3 (rho 1 - 6 x 2 / 24 = 0.5); the 2025 'other' row is no entrant
    expect(changes[0]).toMatchObject({
      source: 'Menlo Ventures',
      metric: 'spend',
      listed_instability_index: 65,
      instability_index: 84,
      share_changed_hands: 42,
      changed_hands_is_lower_bound: 1,
      rank_churn: 0.5,
      mean_rank_change: 0.6667,
      entrants: '0',
      exits: '0',
      share_basis: 'published',
    });
    // 2026-02-08 (9 listed) -> 2026-02-16 (10 listed): 6 in both, 4 entered, 3 left; mean |rank change| 9 / 6; 1 - Spearman rho over
    // the 13 of the union, each unlisted one at the average of the ranks below its period's list: 0.7591 (python statistics.correlation)
    expect(changes[1]).toMatchObject({
      source: 'openrouter-rankings',
      to_period: '2026-02-16',
      rank_churn: 0.7591,
      mean_rank_change: 1.5,
      entrants: '4',
      exits: '3',
      entities: '13',
      instability_index: 82.5156,
      leader_changed: 1,
    });

    const sonnet = await rows(
      env,
      "SELECT period, share_change, rolling_sd_4, periods, mean_share FROM share_volatility WHERE entity = 'anthropic/claude-4.5-sonnet-20250929' ORDER BY period_index",
    );
    expect(sonnet.map((r) => r.rolling_sd_4).slice(0, 5)).toEqual([null, null, null, null, 3.8108]);
    // 2026-02-16: the s.d. of its changes 2.6645, 1.0065, -5.1531, -5.1506 (2026-01-25 to 2026-02-16)
    expect(sonnet.find((r) => r.period === '2026-02-16')).toMatchObject({
      share_change: -5.1506,
      rolling_sd_4: 4.0905,
      periods: '16',
      mean_share: 13.5672,
    });
    // gemini-2.5-flash is off the list on 2026-03-02: no change into 2026-03-09, and the window then reaches back across the gap
    const flash = await rows(
      env,
      "SELECT period, share_change, rolling_sd_4 FROM share_volatility WHERE entity = 'google/gemini-2.5-flash' AND period IN ('2026-02-23', '2026-03-09', '2026-03-16') ORDER BY period",
    );
    expect(flash.map((r) => [r.share_change, r.rolling_sd_4])).toEqual([
      [-1.0829, 1.2719],
      [null, null],
      [-0.0933, 0.8915],
    ]);

    const summary = await rows(env, 'SELECT * FROM share_volatility_summary ORDER BY source, segment, metric');
    expect(summary.find((r) => r.source === 'openrouter-rankings')).toMatchObject({
      entities: '24',
      changes: '193',
      mean_sd_share_change: 3.1719,
      most_volatile: 'xiaomi/mimo-v2-pro-20260318',
      most_volatile_sd: 13.6596,
    });
    // two survey periods give one change per firm: no s.d.
    expect(summary.find((r) => r.source === 'Menlo Ventures' && r.metric === 'spend')).toMatchObject({
      entities: '0',
      changes: '3',
      mean_sd_share_change: null,
    });

    // leader turnover of a share series: the weekly top model by tokens changed 12 times in 26 weeks, at most 5 weeks in a row
    const leaders = await rows(env, 'SELECT * FROM share_leadership ORDER BY source, segment, metric');
    expect(leaders.find((r) => r.source === 'openrouter-rankings')).toMatchObject({
      periods: '26',
      leader_changes: '12',
      longest_leader_tenure: '5',
      current_leader: 'tencent/hy3-preview-20260421:free',
    });
    expect(leaders.find((r) => r.source === 'Menlo Ventures' && r.metric === 'spend')).toMatchObject({
      periods: '2',
      leader_changes: '1',
      longest_leader_tenure: '1',
      leaders_in_order: ['openai', 'anthropic'],
    });
  }, 300_000);

  it('share_changes and share_concentration are kept at insert time: a late week and a replay leave it equal to a rebuild from share_series', async () => {
    const env = testEnv();
    const all = path.join(FIXTURES, 'openrouter-rankings');
    const early = mkdtempSync(path.join(os.tmpdir(), 'rebar-late-'));
    const LATE = '2025-12-28.json';
    for (const f of readdirSync(all).filter((f) => f.endsWith('.json') && f !== LATE))
      copyFileSync(path.join(all, f), path.join(early, f));
    expect((await runCli(['backfill', 'openrouter-rankings', early], env)).code).toBe(0);
    // the surveys' segments too: a rewrite in parts splits the series by segment
    expect((await runCli(['run', '--once', '--source', 'analyst-datapoints'], env)).code).toBe(0);
    const pairs = "SELECT count() FROM share_changes WHERE source = 'openrouter-rankings'";
    expect(await sqlValue(env, pairs)).toBe('24'); // 25 weeks
    // the week that came late splits the pair 2025-12-21 -> 2026-01-04 in two
    const late = await runCli(
      ['import', 'openrouter-rankings', path.join(all, LATE), '--observed-at', '2025-12-28'],
      env,
    );
    expect(late.code, late.stderr).toBe(0);
    expect(await sqlValue(env, pairs)).toBe('25');
    expect(
      await sqlValue(
        env,
        "SELECT from_period FROM share_changes WHERE source = 'openrouter-rankings' AND to_period = '2026-01-04'",
      ),
    ).toBe('2025-12-28');
    expect((await runCli(['replay', 'openrouter-rankings'], env)).code).toBe(0);
    // kept rows against the same SQL computed now from share_series, both ways, for each kept metric
    const diff = async (a: string, b: string) => sqlValue(env, `SELECT count() FROM ((${a}) EXCEPT (${b}))`);
    const sameAsRebuild = async (when: string): Promise<void> => {
      for (const [view, rebuilt] of [
        ['share_changes', computeShareChanges()],
        ['share_concentration', computeShareConcentration()],
      ] as const) {
        expect(await diff(`SELECT * FROM ${view}`, rebuilt), `${view} ${when}`).toBe('0');
        expect(await diff(rebuilt, `SELECT * FROM ${view}`), `${view} ${when}`).toBe('0');
        expect(await sqlValue(env, `SELECT (SELECT count() FROM ${view}) = (SELECT count() FROM (${rebuilt}))`)).toBe(
          '1',
        );
      }
    };
    await sameAsRebuild('after a replay');
    // a full rewrite of a large store runs in parts of whole series: in parts of one row (one segment each), the same rows
    const rebuilt = await runScript('test/helpers/rebuild-in-parts.ts', ['1'], env);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect((JSON.parse(rebuilt.stdout) as { shares: number }).shares, rebuilt.stdout).toBe(4); // a segment each
    await sameAsRebuild('after a rewrite in parts');
    expect(await sqlValue(env, "SELECT count() FROM share_concentration WHERE source = 'openrouter-rankings'")).toBe(
      '26',
    );
  }, 600_000);
});
