import type { Env } from '../schemas/env.ts';
import { startAnalystServer } from './analyst-server.ts';
import { startControlServer } from './control-server.ts';
import type { Log } from '../schemas/logger.ts';
import { startPipeline } from './pipeline.ts';
import { formatSummary } from './run-summary.ts';
import { startServices, stopAll } from './services/start-services.ts';

/** `rebar run`: services up, one immediate cycle, then cron; Ctrl-C shuts everything down in reverse order. */
export async function runForever(env: Env, log: Log, sources: string[]): Promise<void> {
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await stopAll(stops, log);
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const services = await startServices(env, log);
  stops.push(() => services.stop());
  const pipeline = await startPipeline(env, services, log, { schedule: true });
  stops.push(() => pipeline.stop());
  const control = await startControlServer(pipeline, {
    dataDir: env.REBAR_DATA_DIR,
    port: env.REBAR_CONTROL_PORT,
    log,
  });
  stops.push(() => control.stop());
  const http = await startAnalystServer(pipeline.warehouse, {
    host: env.REBAR_HTTP_HOST,
    port: env.REBAR_HTTP_PORT,
    token: env.REBAR_HTTP_TOKEN,
    log,
  });
  stops.push(() => http.stop());
  const summary = await pipeline.runOnce(sources);
  for (const f of summary.failed)
    log.error({ source: f.source, reason: f.reason }, 'source failed; will retry on its schedule');
  log.info({ summary: formatSummary(summary).split('\n') }, 'first cycle done; running on schedule (Ctrl-C to stop)');
}
