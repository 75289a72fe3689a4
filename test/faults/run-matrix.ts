// npm run test:faults [-- --faults transformer-kill,sink-kill --points 0.1,0.5,0.9]: the whole fault matrix, its table
// as it goes, and the summary line last. Exit 1 when a trial lost or doubled a fact or the negative control was missed.
import { parseArgs } from 'node:util';
import { loadEnv } from '../../schemas/env.ts';
import { FAULTS, POINTS, TABLE_HEAD, formatRow, runMatrix, summaryLine, type Fault } from './fault-matrix.ts';

const { values } = parseArgs({ options: { faults: { type: 'string' }, points: { type: 'string' } } });
const faults = (values.faults?.split(',') ?? [...FAULTS]) as Fault[];
for (const f of faults)
  if (!(FAULTS as readonly string[]).includes(f))
    throw new Error(`--faults: no fault ${f}; choose from ${FAULTS.join(', ')}`);
const say = (line: string): void => void process.stdout.write(`${line}\n`);
const points = values.points?.split(',').map(Number) ?? [...POINTS];

say(TABLE_HEAD);
const result = await runMatrix(loadEnv().REBAR_CACHE_DIR, faults, points, (r) => say(formatRow(r)));
say(summaryLine(result));
const bad = result.rows.some(
  (r) => r.lostFacts + r.lostEvents + r.duplicatedFacts + r.extraFacts + r.extraEvents + r.wrongFacts > 0,
);
process.exitCode = bad || !result.negativeControlCaught ? 1 : 0;
