import { startClickhouseSink, type SinkRejection } from '../../sinks/clickhouse-sink.ts';
import { analystDatapointsTable } from '../../schemas/events/analyst-datapoint.ts';
import { marketShareObservationsTable } from '../../schemas/events/market-share.ts';
import type { Warehouse } from '../../sinks/clickhouse.ts';
import { keptRefreshQueue, nothingKept, refreshKept, type KeptRequest } from '../../sinks/kept-refresh-queue.ts';
import { refreshFromDayOf } from '../../sinks/model-prices-store.ts';
import { CHANGE_INPUTS, changedFrom, pricedSources } from '../../sinks/price-changes-store.ts';
import { deadLetter } from '../../transform/dead-letters.ts';
import { publishDeadLetters } from '../../transform/run-transformer.ts';
import type { PipelineContext } from '../pipeline-context.ts';

export type SinkRole = Awaited<ReturnType<typeof startClickhouseSink>>;

/** The sink role: every table topic into ClickHouse; rows the tables refuse go to the dead-letter topic. */
export function startSinkRole(
  ctx: PipelineContext,
  hooks: { afterInsert?: (table: string) => void } = {},
): Promise<SinkRole> {
  const { pub, names, now } = ctx;
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
  // batches of one fetch are handled side by side, so their refreshes merge into one
  const refresh = keptRefreshQueue((r) => refreshKept(ctx.warehouse, r));
  return startClickhouseSink(ctx.kafka, ctx.warehouse, {
    groupId: names.group.sink,
    topics: names.specs.filter((t) => t.table),
    log: ctx.log,
    reject,
    maxRowsPerInsert: ctx.env.REBAR_SINK_BATCH_ROWS,
    afterInsert: hooks.afterInsert,
    derive: async (table, rows) => refresh(await keptRequestOf(ctx.warehouse, table, rows)),
  });
}

// what these rows ask of the kept tables: measured shares name their source, a datapoint's series is named by its
// publisher (every series is redone); prices from where the rows can change them
async function keptRequestOf(wh: Warehouse, table: string, rows: object[]): Promise<KeptRequest> {
  const request = nothingKept();
  if (table === marketShareObservationsTable.name)
    request.shareSources = new Set(rows.map((r) => String((r as { source: string }).source)));
  else if (table === analystDatapointsTable.name) request.shareSources = 'all';
  else if (CHANGE_INPUTS.includes(table)) {
    // a dead letter of the sink names no price
    let inputs =
      table === 'dead_letters_store' ? rows.filter((r) => (r as { stage?: string }).stage === 'transform') : rows;
    // a document, dead letter or event of a source without prices (a leaderboard, a filing) changes no price table;
    // one whose prices land later is counted by them then
    if (table !== 'price_observations_store' && inputs.length) {
      const priced = await pricedSources(wh, [...changedFrom(inputs).keys()]);
      inputs = inputs.filter((r) => priced.has((r as { source: string }).source));
    }
    request.priceChangesFrom = changedFrom(inputs);
    request.modelPricesFrom = inputs.length ? await refreshFromDayOf(wh, table, inputs) : null;
  }
  return request;
}
