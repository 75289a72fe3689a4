// node bin/run-ts.js test/helpers/import-crashing-sink.ts SOURCE FILE OBSERVED_AT: `rebar import`, with a sink that
// dies (SIGKILL) between its insert into price_observations_store and the offset commit: the fault comes from the test
import { startPipeline } from '../../jobs/pipeline.ts';
import { startServices } from '../../jobs/services/start-services.ts';
import { loadEnv } from '../../schemas/env.ts';
import { createLogger } from '../../schemas/logger.ts';
import { writeSync } from 'node:fs';
import { SINK_CRASH_MARK } from './sink-crash.ts';

const [source, file, observedAt] = process.argv.slice(2);
if (!source || !file || !observedAt) throw new Error('usage: import-crashing-sink.ts SOURCE FILE OBSERVED_AT');
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
const services = await startServices(env, log);
const pipeline = await startPipeline(env, services, log, {
  schedule: false,
  afterSinkInsert: (table) => {
    if (table !== 'price_observations_store') return;
    writeSync(2, `${SINK_CRASH_MARK}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
});
await pipeline.importDocument(source, file, new Date(observedAt));
// reaching here means the sink never inserted: say so, and exit with 1
process.stderr.write('import-crashing-sink: the sink never inserted into price_observations_store\n');
await pipeline.stop();
await services.stop();
process.exitCode = 1;
