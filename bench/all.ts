// `npm run bench -- ARGS`: the pipeline bench, the metrics bench, then the dashboard bench, each given its own flags (npm
// hands ARGS to one command only)
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const METRICS = new Set([
  '--observations',
  '--repeat',
  '--timeout',
  '--budget',
  '--max-memory-gb',
  '--no-fixtures',
  '--no-generated',
]);
const DASHBOARD = new Set(['--runs', '--points', '--no-demo', '--screenshot']);
const BOOLEAN = new Set(['--no-stages', '--no-fixtures', '--no-generated', '--no-demo']);

const pipeline: string[] = [];
const metrics: string[] = [];
const dashboard: string[] = [];
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const flag = args[i]!.split('=')[0]!;
  const to = METRICS.has(flag) ? metrics : DASHBOARD.has(flag) ? dashboard : pipeline;
  to.push(args[i]!);
  // a flag's value travels with it
  if (!args[i]!.includes('=') && !BOOLEAN.has(flag) && i + 1 < args.length && !args[i + 1]!.startsWith('--'))
    to.push(args[++i]!);
}

const runTs = path.join(import.meta.dirname, '..', 'bin', 'run-ts.js');
for (const [file, flags] of [
  ['pipeline-bench.ts', pipeline],
  ['metrics-bench.ts', metrics],
  ['dashboard-bench.ts', dashboard],
] as const) {
  const r = spawnSync(process.execPath, [runTs, path.join(import.meta.dirname, file), ...flags], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
