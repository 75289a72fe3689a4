import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, testEnv } from '../helpers/test-env.ts';

const DIR = path.resolve(import.meta.dirname, '../fixtures/metric-snapshots');
const REPO = path.resolve(DIR, '../../..');
const steps = JSON.parse(readFileSync(path.join(DIR, 'steps.json'), 'utf8')) as {
  load: string[][];
  snapshots: Record<string, string[]>;
};

// snapshots written by rebar before metrics were kept at insert time and moved to one home each (cf6ac60, README.md
// here): every metric recomputed now over the same recorded documents prints what it printed then
describe('metric snapshots taken before the kept tables', () => {
  it('verify: every metric output identical on the fixtures', async () => {
    const env = testEnv();
    for (const step of steps.load) {
      const args = step.map((a) => (a.startsWith('test/fixtures/') ? path.join(REPO, a) : a));
      const r = await runCli(args, env);
      expect(r.code, `rebar ${args.join(' ')}\n${r.stderr.slice(-3000)}`).toBe(0);
    }
    const files = readdirSync(DIR).filter((f) => f.endsWith('.snapshot.json'));
    expect(files.map((f) => f.replace('.snapshot.json', '')).sort()).toEqual(Object.keys(steps.snapshots).sort());
    for (const f of files) {
      const r = await runCli(['metrics', 'verify', path.join(DIR, f)], env);
      expect(r.code, `${f}\n${r.stdout}\n${r.stderr.slice(-2000)}`).toBe(0);
      expect(r.stdout, f).toMatch(/method: version \d+, unchanged/);
      expect(r.stdout, f).toMatch(/output: identical/);
    }
  }, 600_000);
});
