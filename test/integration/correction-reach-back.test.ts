import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeModelPricesByDay } from '../../metrics/inputs/model-prices-by-day.ts';
import { LITELLM, readFixture } from '../helpers/fixtures.ts';
import { runCli, sqlValue, testEnv } from '../helpers/test-env.ts';

// A correction that shows the price it left was wrong (input and output swapped) takes that price out of
// model_prices_by_day on the days it stood, days before the correction's own: the kept table's refresh must reach back
// to the series' previous event (sinks/model-prices-store.ts refreshFromDayOf), or it keeps the wrong price there
describe('a correction reaches back in model_prices_by_day', () => {
  it('a swap of input and output, then its fix, each imported alone, leave the kept rows equal to a rebuild', async () => {
    const env = testEnv();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rebar-swap-'));
    const recorded = readFixture(LITELLM['2024-07-29']);
    const sheet = JSON.parse(recorded) as Record<string, Record<string, unknown>>;
    const gpt4o = sheet['gpt-4o']!;
    // the recorded sheet with gpt-4o's two prices swapped, as a slip in the source would
    const swapped = {
      ...sheet,
      'gpt-4o': {
        ...gpt4o,
        input_cost_per_token: gpt4o.output_cost_per_token,
        output_cost_per_token: gpt4o.input_cost_per_token,
      },
    };
    const files = {
      recorded: path.join(dir, 'recorded.json'),
      swapped: path.join(dir, 'swapped.json'),
      fixed: path.join(dir, 'fixed.json'),
    };
    writeFileSync(files.recorded, recorded);
    writeFileSync(files.swapped, JSON.stringify(swapped));
    writeFileSync(files.fixed, `${recorded}\n`); // the recorded prices again, as a new document

    const kept = "SELECT first_party_input FROM model_prices_by_day WHERE model_id = 'gpt-4o' AND day = '2024-07-30'";
    for (const [file, day] of [
      [files.recorded, '2024-07-29'],
      [files.swapped, '2024-07-30'],
      [files.fixed, '2024-07-31'],
    ] as const) {
      const r = await runCli(['import', 'litellm', file, '--observed-at', day], env);
      expect(r.code, r.stderr).toBe(0);
      if (day === '2024-07-30') expect(await sqlValue(env, kept)).toBe('15'); // the swapped price, until shown wrong
    }
    expect(
      await sqlValue(
        env,
        "SELECT arrayStringConcat(groupArray(substring(class_evidence, 1, 24)), ',') FROM (SELECT * FROM price_change_events WHERE series_key = 'litellm|gpt-4o|input|standard|global|base' AND class = 'correction' ORDER BY observed_at)",
      ),
    ).toBe('input and output swapped,input and output swapped');
    // each swap showed the price it left wrong: OpenAI's own listing of gpt-4o leaves both days before the fix (the
    // refreshes reached back to them); the other hosts' prices stand
    expect(
      await sqlValue(
        env,
        "SELECT arrayStringConcat(groupArray(concat(toString(day), ' ', ifNull(toString(first_party_input), '-'), ' ', toString(providers))), ', ') FROM (SELECT * FROM model_prices_by_day WHERE model_id = 'gpt-4o' ORDER BY day)",
      ),
    ).toBe('2024-07-29 - 2, 2024-07-30 - 2, 2024-07-31 5 3');
    const rebuilt = computeModelPricesByDay(true, null);
    const diff = (a: string, b: string) => sqlValue(env, `SELECT count() FROM ((${a}) EXCEPT (${b}))`);
    expect(await diff('SELECT * FROM model_prices_by_day', rebuilt)).toBe('0');
    expect(await diff(rebuilt, 'SELECT * FROM model_prices_by_day')).toBe('0');
  }, 240_000);
});
