import { randomUUID } from 'node:crypto';
import { pickSources } from '../ingest/sources/index.ts';
import { countFetch, type Drain } from './drain.ts';
import type { FetchQueue } from './fetch-queue.ts';
import type { PipelineContext } from './pipeline-context.ts';
import { emptySummary, type RunSummary } from './run-summary.ts';

/** One fetch of each named source through the queue, now, then drained; a failed source is listed, the rest still land. */
export async function runOnce(
  ctx: PipelineContext,
  queue: FetchQueue,
  drain: Drain,
  names: string[],
): Promise<RunSummary> {
  const summary = emptySummary();
  const ids: string[] = [];
  const runId = randomUUID();
  const results = await Promise.allSettled(pickSources(ctx.registry, names).map((s) => queue.runNow(s.name, runId)));
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') countFetch(summary, r.value, ids);
    else summary.failed.push({ source: names[i]!, reason: (r.reason as Error).message });
  });
  return drain(summary, ids);
}
