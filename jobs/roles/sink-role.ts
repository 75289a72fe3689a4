import { startClickhouseSink, type SinkRejection } from '../../sinks/clickhouse-sink.ts';
import { digestOf, recordKeptRefresh, startKeptRefresher } from '../../sinks/kept-refresher.ts';
import { deadLetter } from '../../transform/dead-letters.ts';
import { publishDeadLetters } from '../../transform/run-transformer.ts';
import { warehouseOf, type PipelineContext } from '../pipeline-context.ts';

export type SinkRole = Awaited<ReturnType<typeof startClickhouseSink>>;

/**
 * The sink role: every table topic into ClickHouse; rows the tables refuse go to the dead-letter topic. What a batch
 * asks of the kept tables is stored before its offsets commit, and brought about behind it (sinks/kept-refresher.ts).
 */
export async function startSinkRole(
  ctx: PipelineContext,
  // upstream: a role of this process still working on input (the transformer), whose rows will follow
  hooks: { afterInsert?: (table: string) => void; upstreamBusy?: () => boolean } = {},
): Promise<SinkRole> {
  const { pub, names, now } = ctx;
  const warehouse = warehouseOf(ctx, 'the sink');
  const reject = async (rs: SinkRejection[]): Promise<void> => {
    const at = now();
    await publishDeadLetters(
      pub,
      names,
      rs.map((r) =>
        deadLetter(
          { source: r.key ?? 'unknown', url: '', content_hash: '', observed_at: at.toISOString() },
          'sink',
          `${r.topic}:${r.offset}`,
          r.reason,
          r.detail,
          r.value,
          at,
        ),
      ),
    );
  };
  let sinkBusy = (): boolean => false;
  const refresher = startKeptRefresher(warehouse, ctx.log, {
    settleMs: 50,
    pollMs: 5_000,
    busy: () => sinkBusy() || (hooks.upstreamBusy?.() ?? false),
  });
  const sink = await startClickhouseSink(ctx.kafka, warehouse, {
    groupId: names.group.sink,
    topics: names.specs.filter((t) => t.table),
    log: ctx.log,
    reject,
    maxRowsPerInsert: ctx.env.REBAR_SINK_BATCH_ROWS,
    afterInsert: hooks.afterInsert,
    derive: async (table, rows) => {
      const digest = digestOf(table, rows);
      if (!digest) return;
      await recordKeptRefresh(warehouse, table, digest, now());
      refresher.wake();
    },
  });
  sinkBusy = sink.busy;
  return {
    ...sink,
    stop: async () => {
      await sink.stop();
      await refresher.stop();
    },
  };
}
