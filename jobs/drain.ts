import type { LagProbe } from '../sinks/kafka.ts';
import { pendingKeptRefreshes } from '../sinks/kept-refresher.ts';
import type { FetchJobResult } from './fetch-queue.ts';
import { warehouseOf, type PipelineContext } from './pipeline-context.ts';
import type { DocumentOutcome } from '../transform/run-transformer.ts';
import { addOutcome, type RunSummary } from './run-summary.ts';

/** How far a drain is, for a bar: the documents transformed of all, then the records stored of those published. */
export type DrainProgress = (done: number, total: number, stage: 'documents transformed' | 'records stored') => void;

export type Drain = (summary: RunSummary, documentIds: string[], progress?: DrainProgress) => Promise<RunSummary>;

async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Drained: every document of this run transformed, the sink has committed everything published, and the kept tables cover it. */
export function createDrain(ctx: PipelineContext, probe: LagProbe): Drain {
  const { names, outcomes } = ctx;
  const sinkTopics = names.specs.filter((t) => t.table).map((t) => t.name);
  return async (summary, ids, progress) => {
    const done = new Map<string, DocumentOutcome>();
    await waitUntil('the transformer', async () => {
      for (const id of ids) {
        const o = done.has(id) ? undefined : await outcomes.get(id);
        if (o) done.set(id, o);
      }
      progress?.(done.size, ids.length, 'documents transformed');
      return done.size === new Set(ids).size;
    });
    await waitUntil(
      'the transformer group',
      async () => (await probe.lag(names.group.transform, [names.topic.rawDocuments])) === 0n,
    );
    let published: bigint | null = null; // the sink's lag once the transformer is done: the records left to store
    await waitUntil('the ClickHouse sink', async () => {
      const lag = await probe.lag(names.group.sink, sinkTopics);
      published ??= lag;
      progress?.(Number(published > lag ? published - lag : 0n), Number(published), 'records stored');
      return lag === 0n;
    });
    const warehouse = warehouseOf(ctx, 'a drain');
    await waitUntil('the kept tables', async () => (await pendingKeptRefreshes(warehouse)) === 0);
    for (const id of ids) addOutcome(summary, done.get(id)!);
    return summary;
  };
}

/** One fetch counted into a summary; the documents it published join the ones to drain. */
export function countFetch(summary: RunSummary, r: FetchJobResult, ids: string[]): void {
  summary.fetched += 1;
  if (r.status === 'published') {
    summary.published += 1;
    ids.push(...r.document_ids);
  } else summary.unchanged += 1;
}
