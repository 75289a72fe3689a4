import type { Warehouse } from './clickhouse.ts';
import { dateTimeLiteral } from './sql-literal.ts';

// the kept tables' refreshes, one at a time per store: two interleaved ones could retire each other's newer rows
const turns = new WeakMap<Warehouse, Promise<unknown>>();
let lastVersion = 0;

/** Runs fn after every refresh queued on this store before it (a failed one does not stop the next). */
export function inTurn<T>(wh: Warehouse, fn: () => Promise<T>): Promise<T> {
  const run = (turns.get(wh) ?? Promise.resolve()).catch(() => undefined).then(fn);
  turns.set(wh, run);
  return run;
}

/** A refresh's version, as a DateTime64 literal: strictly increasing, so it wins over the one before, also in one ms. */
export function nextVersion(at: Date): string {
  lastVersion = Math.max(at.getTime(), lastVersion + 1);
  return dateTimeLiteral(new Date(lastVersion));
}
