import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { analystDatapointsTable } from '../schemas/events/analyst-datapoint.ts';
import { marketShareObservationsTable } from '../schemas/events/market-share.ts';
import { KeptDigest, keptRefreshRequestsTable } from '../schemas/kept-refresh-request.ts';
import type { Log } from '../schemas/logger.ts';
import type { Warehouse } from './clickhouse.ts';
import { mergeKept, nothingKept, refreshAllKept, refreshKept, type KeptRequest } from './kept-request.ts';
import { refreshFromDayOf } from './model-prices-store.ts';
import { CHANGE_INPUTS, changedFrom, pricedSources } from './price-changes-store.ts';

// The sink does not wait for the kept tables: it stores what a batch asks of them and commits; the refresher brings
// them up to date behind it, one refresh for every request pending then (a refresh costs a pass over its range,
// whatever the number of batches behind it). Drained means no request pending.

const TABLE = keptRefreshRequestsTable.name;
const EVENTS = 'price_change_events_store';

/** What a batch's rows ask of the kept tables, from the rows alone; null: nothing. */
export function digestOf(table: string, rows: readonly object[]): KeptDigest | null {
  const none: KeptDigest = { priceChangesFrom: {}, fromOwnDay: false, steps: [], shareSources: [] };
  // measured shares name their source; a datapoint's series is named by its publisher: every series is redone
  if (table === marketShareObservationsTable.name)
    return { ...none, shareSources: [...new Set(rows.map((r) => String((r as { source: unknown }).source)))] };
  if (table === analystDatapointsTable.name) return { ...none, shareSources: 'all' };
  if (!CHANGE_INPUTS.includes(table)) return null;
  // a dead letter of the sink names no price
  const inputs = (
    table === 'dead_letters_store' ? rows.filter((r) => (r as { stage?: string }).stage === 'transform') : rows
  ) as { source: string; series_key?: string; observed_at: string }[];
  const from = changedFrom(inputs);
  if (!from.size) return null;
  return {
    ...none,
    priceChangesFrom: Object.fromEntries(from),
    fromOwnDay: table !== EVENTS,
    steps: table === EVENTS ? inputs.map((r) => [r.source, r.series_key ?? '', r.observed_at]) : [],
  };
}

/** Stores a batch's request: from here a crash loses nothing, the next refresher on this store carries it out. */
export async function recordKeptRefresh(wh: Warehouse, table: string, digest: KeptDigest, at: Date): Promise<void> {
  const row = {
    request_id: randomUUID(),
    requested_at: at.toISOString(),
    input_table: table,
    digest: JSON.stringify(digest),
    done: 0,
  };
  await wh.insert(TABLE, [row]);
}

/** How many requests no refresh has covered yet. */
export async function pendingKeptRefreshes(wh: Warehouse): Promise<number> {
  const [row] = await wh.query<{ n: string }>(`SELECT count() AS n FROM ${TABLE} FINAL WHERE NOT done`);
  return Number(row?.n ?? 0);
}

// the requests as one: a source without prices changes no price table (a leaderboard's document, a filing's dead
// letter), and live events reach back as far as the events stored say
async function requestOf(wh: Warehouse, digests: KeptDigest[]): Promise<KeptRequest> {
  const priced = await pricedSources(wh, [...new Set(digests.flatMap((d) => Object.keys(d.priceChangesFrom)))]);
  let request = nothingKept();
  for (const d of digests) {
    const from = new Map(Object.entries(d.priceChangesFrom).filter(([source]) => priced.has(source)));
    const ownDay = d.fromOwnDay && from.size ? [...from.values()].reduce((a, b) => (b < a ? b : a)).slice(0, 10) : null;
    const shareSources = d.shareSources === 'all' ? 'all' : new Set(d.shareSources);
    request = mergeKept(request, { priceChangesFrom: from, modelPricesFrom: ownDay, shareSources });
  }
  const steps = digests.flatMap((d) => d.steps).filter(([source]) => priced.has(source));
  if (steps.length) {
    const rows = steps.map(([, series_key, observed_at]) => ({ series_key, observed_at }));
    const day = await refreshFromDayOf(wh, EVENTS, rows);
    request = mergeKept(request, { ...nothingKept(), modelPricesFrom: day });
  }
  return request;
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One refresh covering every pending request, then those marked done; how many it covered. */
export async function refreshPending(wh: Warehouse, log: Log): Promise<number> {
  const t0 = performance.now();
  const pending = await wh.query<{ request_id: string; requested_at: string; input_table: string; digest: string }>(
    `SELECT request_id, requested_at, input_table, digest FROM ${TABLE} FINAL WHERE NOT done`,
  );
  if (!pending.length) return 0;
  const digests: KeptDigest[] = [];
  let unreadable = false;
  for (const p of pending) {
    const d = KeptDigest.safeParse(jsonOrUndefined(p.digest));
    if (d.success) digests.push(d.data);
    else unreadable = true;
  }
  if (unreadable) {
    // another version of rebar wrote it: everything is redone, slow but never wrong
    log.warn({ requests: pending.length }, 'a kept-table request this version cannot read: every kept table is redone');
    await refreshAllKept(wh);
  } else {
    const t1 = performance.now();
    const request = await requestOf(wh, digests);
    const ms = {
      pending: Math.round(t1 - t0),
      request: Math.round(performance.now() - t1),
      ...(await refreshKept(wh, request)),
    };
    log.debug({ requests: pending.length, ms }, 'kept tables refreshed'); // where a drain's time goes
  }
  await wh.insert(
    TABLE,
    pending.map((p) => ({ ...p, done: 1 })),
  );
  return pending.length;
}

export interface KeptRefresher {
  wake(): void; // a request was stored
  stop(): Promise<void>; // after the refresh under way, if any
}

export interface RefresherOptions {
  settleMs: number; // quiet time after the last request before a refresh
  pollMs: number; // how often requests another process stored are looked for
  maxSettleMs?: number; // a refresh waits no longer than this for the requests to pause
  busy?: () => boolean; // the sink holds batches whose requests are yet to come
}

/**
 * Runs refreshes behind the sink: at start (what a stopped process left pending), once the requests pause (the batches
 * of one document come one after another: a refresh per document, not one per batch), and every pollMs.
 */
export function startKeptRefresher(
  wh: Warehouse,
  log: Log,
  opts: RefresherOptions = { settleMs: 50, pollMs: 5_000 },
): KeptRefresher {
  const l = log.child({ component: 'kept-refresher' });
  const maxSettleMs = opts.maxSettleMs ?? 2_000;
  let stopping = false;
  let woken = true;
  let lastWake = 0;
  let wakeUp: () => void = () => undefined;
  // only the wait between refreshes is cut short by a wake-up; the settling is not
  const sleep = (ms: number, wakes = false) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wakeUp = wakes
        ? () => {
            clearTimeout(t);
            resolve();
          }
        : () => undefined;
    });
  // quiet: no request and nothing busy for settleMs (seen every settleMs), or maxSettleMs gone by
  const settle = async (): Promise<void> => {
    const started = Date.now();
    let quietSince = lastWake;
    for (;;) {
      await sleep(opts.settleMs);
      const now = Date.now();
      quietSince = opts.busy?.() ? now : Math.max(quietSince, lastWake);
      if (stopping || now - started >= maxSettleMs || now - quietSince >= opts.settleMs) return;
    }
  };
  const loop = (async () => {
    while (!stopping) {
      if (woken) await settle();
      woken = false;
      try {
        await refreshPending(wh, l);
      } catch (err) {
        l.warn({ err: (err as Error).message }, 'kept-table refresh failed: retried');
        await sleep(1_000);
      }
      if (!woken && !stopping) await sleep(opts.pollMs, true);
    }
  })();
  return {
    wake() {
      woken = true;
      lastWake = Date.now();
      wakeUp();
    },
    async stop() {
      stopping = true;
      wakeUp();
      await loop;
    },
  };
}
