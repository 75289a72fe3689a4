import { defaultSources, pickSources } from '../../ingest/sources/index.ts';
import type { FetchQueue } from '../fetch-queue.ts';
import type { PipelineContext } from '../pipeline-context.ts';

/** The scheduler role: each configured source on its cron; one that needs a contact e-mail waits for one, with a warning. */
export function startSchedulerRole(ctx: PipelineContext, queue: FetchQueue): void {
  const { run, waiting } = defaultSources(ctx.registry, ctx.env);
  for (const s of waiting)
    ctx.log.warn(
      { source: s },
      `${s} not scheduled: its host requires a User-Agent with a contact e-mail; set REBAR_USER_AGENT`,
    );
  queue.startSchedules(pickSources(ctx.registry, run));
}
