// A reduced fault matrix inside npm test (the whole one: npm run test:faults): three faults at mid-run and the negative
// control, on the three-node cluster, against the clean run's facts and events.
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../schemas/env.ts';
import { formatRow, runMatrix, summaryLine } from '../faults/fault-matrix.ts';

describe('fault matrix (reduced)', () => {
  it(
    "a transformer, the sink and the observations' leader killed mid-run lose nothing and double no fact; the oracle catches a dropped document",
    {
      timeout: 1_200_000,
    },
    async () => {
      const result = await runMatrix(
        loadEnv({}).REBAR_CACHE_DIR,
        ['transformer-kill', 'sink-kill', 'leader-kill'],
        [0.5],
      );
      const table = result.rows.map(formatRow).join('\n');
      for (const r of result.rows) {
        expect(r.lostFacts, table).toBe(0);
        expect(r.lostEvents, table).toBe(0);
        expect(r.duplicatedFacts, table).toBe(0);
        expect(r.extraFacts, table).toBe(0);
        expect(r.extraEvents, table).toBe(0);
        expect(r.wrongFacts, table).toBe(0);
      }
      expect(result.negativeControlCaught).toBe(true);
      expect(summaryLine(result)).toMatch(/^faults: 3 trials, 0 lost, 0 duplicated; negative control: caught$/);
    },
  );
});
