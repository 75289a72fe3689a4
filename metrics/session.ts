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

/** A string option's value; flags (true) and absent options are undefined. */
export const str = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const where = (filters: Record<string, string | boolean | undefined>): string => {
  const set = Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === 'string');
  return set.length ? `WHERE ${set.map(([k, v]) => `${k} = ${quote(v)}`).join(' AND ')}` : '';
};

// the view a query reads, named on each of its JSON lines so a consumer can tell the row shapes of one verb apart
const sectionOf = (query: string): string =>
  /\bFROM\s+\(?\s*(?:SELECT[\s\S]*?\bFROM\s+)?(\w+)/i.exec(query)?.[1] ?? 'rows';

/** The queries' results one after the other: JSON lines (each with its `section`), or the method line and a table per query. */
export async function show(read: ReadOnly, method: string, queries: string[], json: boolean): Promise<string> {
  const parts: string[] = [];
  for (const q of queries) {
    const text = await read(q, json ? 'JSONEachRow' : 'PrettyCompactMonoBlock');
    parts.push(
      json
        ? text
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.stringify({ section: sectionOf(q), ...(JSON.parse(l) as object) }))
            .join('\n')
        : text.trim() === ''
          ? `${sectionOf(q)}: no rows` // said, so that an empty answer is not mistaken for a failure
          : text,
    );
  }
  return json ? parts.filter(Boolean).join('\n').trim() : [`method: ${method}`, ...parts].join('\n');
}
