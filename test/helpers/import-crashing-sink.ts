// node bin/run-ts.js test/helpers/import-crashing-sink.ts SOURCE FILE OBSERVED_AT: `rebar import`, with a sink that
// dies between its insert into price_observations_store and the offset commit (exit 86): the fault comes from the test
import { startPipeline } from '../../jobs/pipeline.ts';
import { startServices } from '../../jobs/services/start-services.ts';
import { loadEnv } from '../../schemas/env.ts';
import { createLogger } from '../../schemas/logger.ts';
import { SINK_CRASH_EXIT } from './sink-crash.ts';

const [source, file, observedAt] = process.argv.slice(2);
if (!source || !file || !observedAt) throw new Error('usage: import-crashing-sink.ts SOURCE FILE OBSERVED_AT');
const env = loadEnv();
const log = createLogger(env.LOG_LEVEL);
const services = await startServices(env, log);
const pipeline = await startPipeline(env, services, log, {
  schedule: false,
  afterSinkInsert: (table) => {
    if (table === 'price_observations_store') process.exit(SINK_CRASH_EXIT);
  },
});
await pipeline.importDocument(source, file, new Date(observedAt));
// reaching here means the sink never inserted: say so, and exit with neither 0 nor the crash's code
process.stderr.write('import-crashing-sink: the sink never inserted into price_observations_store\n');
await pipeline.stop();
await services.stop();
process.exitCode = 1;
