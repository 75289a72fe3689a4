import type { Warehouse } from './clickhouse.ts';
import { dateTimeLiteral, literal } from './sql-literal.ts';

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

/** One part of a kept table a refresh rewrites: its rows as computed now, and the condition that bounds the part. */
export interface KeptPart {
  table: string;
  columns: readonly string[]; // the kept columns, in the order `fresh` selects them (without the version columns)
  fresh: string; // SELECT of the part's rows as they are now
  scope: string; // the part's rows in the table: those not written again are retired
}

/**
 * Writes a part's rows again at one version, then retires each row of the part this refresh did not write again
 * (ReplacingMergeTree(refreshed_at, is_deleted) keeps the newest version of a key, so a retired row reads as gone).
 */
export async function rewriteKept(wh: Warehouse, part: KeptPart, version: string): Promise<void> {
  const cols = part.columns.join(', ');
  const all = `${cols}, refreshed_at, is_deleted`;
  await wh.command(`INSERT INTO ${part.table} (${all}) SELECT ${cols}, ${version}, 0 FROM (${part.fresh})`);
  await wh.command(
    `INSERT INTO ${part.table} (${all}) SELECT ${cols}, ${version}, 1 FROM ${part.table} FINAL
     WHERE (${part.scope}) AND NOT is_deleted AND refreshed_at < ${version}`,
  );
}

// a full rewrite runs in parts of about this many stored rows: one part's window and join state fits in memory (a
// 10M-row share fill in one piece peaked at 6.5 GiB, 100M ran out)
export const FILL_PART_ROWS = 5_000_000;

/** Conditions splitting rows by a hash of `key` (whole series) into parts of about partRows each ('true' for one). */
export function fillParts(key: string, rows: number, partRows = FILL_PART_ROWS): string[] {
  const n = Math.max(1, Math.ceil(rows / Math.max(1, partRows)));
  if (n === 1) return ['true'];
  return Array.from({ length: n }, (_, i) => `cityHash64(${key}) % ${n} = ${i}`);
}

/**
 * Conditions splitting a table's (or view's) rows into ranges of `key` (a String column that leads the store's ORDER
 * BY, so each part reads only its own granules) of about partRows rows each; the first and last ranges are open, so a value the table
 * does not hold yet still falls in one. 'true' for one part.
 */
export async function keyRanges(
  wh: Warehouse,
  table: string,
  key: string,
  partRows = FILL_PART_ROWS,
): Promise<string[]> {
  const counts = await wh.query<{ k: string; n: string }>(
    `SELECT ${key} AS k, count() AS n FROM ${table} GROUP BY k ORDER BY k`,
  );
  const starts: string[] = [];
  let rows = 0;
  for (const c of counts) {
    if (rows >= partRows) {
      starts.push(c.k);
      rows = 0;
    }
    rows += Number(c.n);
  }
  if (!starts.length) return ['true'];
  const at = starts.map(literal);
  return [
    `${key} < ${at[0]}`,
    ...at.slice(1).map((b, i) => `${key} >= ${at[i]} AND ${key} < ${b}`),
    `${key} >= ${at[at.length - 1]}`,
  ];
}

/** The stored rows of a table (unmerged duplicates counted: a size, not an answer). */
export async function rowCount(wh: Warehouse, table: string, where = 'true'): Promise<number> {
  const [row] = await wh.query<{ n: string }>(`SELECT count() AS n FROM ${table} WHERE ${where}`);
  return Number(row?.n ?? 0);
}
