import type { Env } from '../schemas/env.ts';
import { startAnalystServer } from './analyst-server.ts';
import { startControlServer } from './control-server.ts';
import { startHealthServer } from './health-server.ts';
import type { Log } from '../schemas/logger.ts';
import { startPipeline } from './pipeline.ts';
import { readinessProbe } from './readiness.ts';
import { allRoles, ROLES, type Role } from './roles/roles.ts';
import { formatSummary } from './run-summary.ts';
import { startServices, stopAll } from './services/start-services.ts';

/**
 * `rebar run`: services up, this process's roles (all by default), then cron; Ctrl-C shuts everything down in reverse
 * order. With every role it also runs one immediate cycle; split, the scheduler's ticks start the fetches.
 */
export async function runForever(
  env: Env,
  log: Log,
  sources: string[],
  roles: Set<Role> = new Set(ROLES),
): Promise<void> {
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
  const pipeline = await startPipeline(env, services, log, { schedule: true, roles });
  stops.push(() => pipeline.stop());
  const probe = readinessProbe({
    roles,
    brokers: services.brokers,
    redisUrl: services.redisUrl,
    warehouse: pipeline.warehouse,
  });
  const { warehouse } = pipeline;
  if (warehouse) {
    // the warehouse's process takes the verbs that go through it (sql, import, replay) and answers its health
    const control = await startControlServer(pipeline, warehouse, {
      dataDir: env.REBAR_DATA_DIR,
      port: env.REBAR_CONTROL_PORT,
      log,
      probe,
    });
    stops.push(() => control.stop());
  } else {
    const health = await startHealthServer(probe, { port: env.REBAR_CONTROL_PORT, log });
    stops.push(() => health.stop());
  }
  if (warehouse && roles.has('web')) {
    const http = await startAnalystServer(warehouse, {
      host: env.REBAR_HTTP_HOST,
      port: env.REBAR_HTTP_PORT,
      token: env.REBAR_HTTP_TOKEN,
      log,
    });
    stops.push(() => http.stop());
  }
  if (!allRoles(roles)) {
    log.info({ roles: [...roles] }, 'roles running (Ctrl-C to stop)');
    return;
  }
  const summary = await pipeline.runOnce(sources);
  for (const f of summary.failed)
    log.error({ source: f.source, reason: f.reason }, 'source failed; will retry on its schedule');
  log.info({ summary: formatSummary(summary).split('\n') }, 'first cycle done; running on schedule (Ctrl-C to stop)');
}
