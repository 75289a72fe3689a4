import { pickSources } from '../ingest/sources/index.ts';
import { archivedDocuments } from '../sinks/raw-archive.ts';
import type { Drain, DrainProgress } from './drain.ts';
import { warehouseOf, type PipelineContext } from './pipeline-context.ts';
import { emptySummary, type RunSummary } from './run-summary.ts';

/** The archive, oldest first, back through the current transformer: same ids, corrected values replace old rows. */
export async function replay(
  ctx: PipelineContext,
  drain: Drain,
  source: string,
  since?: Date,
  progress?: DrainProgress,
): Promise<RunSummary> {
  pickSources(ctx.registry, [source]);
  const docs = await archivedDocuments(warehouseOf(ctx, 'replay'), source, since);
  const summary = emptySummary();
  for (const doc of docs) {
    // forgotten before it is sent again: the transformer may be done with it before publish returns
    await ctx.outcomes.forget(doc.document_id);
    await ctx.pub.publish(
      ctx.names.topic.rawDocuments,
      [{ key: doc.source, value: doc, headers: { content_hash: doc.content_hash, replay: 'true' } }],
      { compress: true },
    );
    summary.fetched += 1;
    summary.published += 1;
  }
  return drain(
    summary,
    docs.map((d) => d.document_id),
    progress,
  );
}
