import path from 'node:path';
import { transformerFor } from '../../ingest/sources/index.ts';
import { startTransformer } from '../../transform/run-transformer.ts';
import { SeriesStateStore } from '../../transform/series-state-store.ts';
import type { PipelineContext } from '../pipeline-context.ts';
import { addOutcome, type RunSummary } from '../run-summary.ts';

/** The transformer role: raw documents to facts, price changes and dead letters; each outcome counted and recorded. */
export function startTransformerRole(ctx: PipelineContext, totals: RunSummary): ReturnType<typeof startTransformer> {
  return startTransformer(ctx.kafka, {
    pub: ctx.pub,
    names: ctx.names,
    store: new SeriesStateStore(path.join(ctx.env.REBAR_DATA_DIR, 'state')),
    log: ctx.log,
    now: ctx.now,
    fx: ctx.env.REBAR_FX_RATES,
    transformerFor,
    onDocument: (o) => {
      addOutcome(totals, o);
      ctx.outcomes
        .record(o)
        .catch((err: Error) => ctx.log.warn({ err: err.message, document: o.document_id }, 'outcome not recorded'));
      void ctx.status.update(o.source, {
        last_observations: String(o.observations),
        last_changes: String(o.changes),
        last_dead_lettered: String(o.dead_lettered),
      });
    },
  });
}
