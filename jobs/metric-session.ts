/** One read-only query: its text in the given ClickHouse output format. */
export type ReadOnly = (query: string, format: string) => Promise<string>;
/** Runs fn with one read-only session (the embedded ClickHouse opened once for all its queries). */
export type WithReader = <T>(fn: (read: ReadOnly) => Promise<T>) => Promise<T>;

export type MetricOptions = Record<string, string | boolean | undefined>;

/** A `rebar metrics NAME` verb: its options, the views it reads (hashed into snapshots), and its computation. */
export interface MetricVerb {
  name: string;
  description: string;
  /** how the figures are computed, printed above them and kept in snapshots */
  method: string;
  /** bumped when the computation changes, so an old snapshot says it came from another method */
  version: number;
  options: { flags: string; description: string; default?: string }[];
  inputs(opts: MetricOptions): string[];
  /** the result: one JSON object per line when json, else a table for people */
  run(read: ReadOnly, opts: MetricOptions, json: boolean): Promise<string>;
}

export const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const where = (filters: Record<string, string | boolean | undefined>): string => {
  const set = Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string');
  return set.length ? `WHERE ${set.map(([k, v]) => `${k} = ${quote(v)}`).join(' AND ')}` : '';
};

/** The queries' results one after the other: JSON lines, or the method line and a table per query. */
export async function show(read: ReadOnly, method: string, queries: string[], json: boolean): Promise<string> {
  const parts: string[] = [];
  for (const q of queries) parts.push(await read(q, json ? 'JSONEachRow' : 'PrettyCompactMonoBlock'));
  return json ? parts.join('').trim() : [`method: ${method}`, ...parts].join('\n');
}
