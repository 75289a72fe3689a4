import { pickSources } from '../ingest/sources/index.ts';
import { archivedDocuments } from '../sinks/raw-archive.ts';
import type { Drain, DrainProgress } from './drain.ts';
import type { PipelineContext } from './pipeline-context.ts';
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
  const docs = await archivedDocuments(ctx.warehouse, source, since);
  const summary = emptySummary();
  for (const doc of docs) {
    await ctx.pub.publish(
      ctx.names.topic.rawDocuments,
      [{ key: doc.source, value: doc, headers: { content_hash: doc.content_hash, replay: 'true' } }],
      { compress: true },
    );
    ctx.outcomes.delete(doc.document_id);
    summary.fetched += 1;
    summary.published += 1;
  }
  return drain(
    summary,
    docs.map((d) => d.document_id),
    progress,
  );
}
