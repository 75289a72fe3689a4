// the analysts' reads: each query admitted by ClickHouse's own parse of it (analyst-guard.ts), then run on the
// read-only session; the caller learns the output format (the query's FORMAT clause, else its default) before a byte
import { PermanentError } from '../schemas/errors.ts';
import { reachOf, RefusedQueryError, refusal, SYNTAX_ERROR } from './analyst-guard.ts';
import { tightened, type QueryLimits } from './analyst-settings.ts';
import { literal } from './sql-literal.ts';

/** What a query may carry besides its text, as ClickHouse's HTTP interface takes them (all text). */
export interface ReadOptions {
  /** the values of its {name:Type} placeholders (param_<name>), in ClickHouse's escaped text form */
  params?: Record<string, string>;
  /** limits it sets lower than the session's (max_execution_time, max_result_rows...) */
  settings?: Record<string, string>;
}

/** What the session runs a query with: the placeholders' values, and the limits it tightened (checked). */
export interface RunOptions {
  params: Record<string, string | null>;
  settings: Record<string, number>;
}

/** An admitted query: the format its output is in, and the output as it comes. */
export interface AnalystRead {
  format: string;
  chunks: AsyncIterable<Uint8Array>;
}

export interface ReadSession {
  /** The whole output of a query, the format as its default (a FORMAT clause in the query wins). */
  run(sql: string, format: string, opts?: RunOptions): AsyncIterable<Uint8Array>;
  /** The same, chunk by chunk as ClickHouse produces it. */
  stream(sql: string, format: string, opts?: RunOptions): AsyncIterable<Uint8Array>;
}

const UNESCAPED: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '0': '\0' };
// types whose text holds quoted values of their own: ClickHouse reads a param of these as is, not unescaped first
const NESTED = /^(Array|Tuple|Map|Nested)\(/;
const PLACEHOLDER = /\{\s*(\w+)\s*:\s*((?:[^{}]|\{[^{}]*\})+?)\s*\}/g;

/**
 * The query and its param_ values as the session binds them. Both clients below escape a string value TSV style, so a
 * scalar's value is unescaped first (\N is NULL); a nested type's text is bound as a String and cast, as ClickHouse
 * reads such a param
 */
export function bound(
  sql: string,
  params: Record<string, string>,
): { sql: string; params: Record<string, string | null> } {
  const values: Record<string, string | null> = {};
  for (const [name, text] of Object.entries(params))
    values[name] = text === '\\N' ? null : text.replace(/\\(.)/gs, (_, c: string) => UNESCAPED[c] ?? c);
  const cast = sql.replace(PLACEHOLDER, (whole, name: string, type: string) => {
    const text = params[name];
    if (text === undefined || text === '\\N' || !NESTED.test(type)) return whole;
    values[name] = text;
    return `_CAST({${name}:String}, ${literal(type)})`;
  });
  return { sql: cast, params: values };
}

export const withoutSemicolon = (sql: string): string => sql.trim().replace(/;\s*$/, '');

async function text(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += Buffer.from(chunk).toString();
  return out;
}

/**
 * The analyst path over one read session. serial: one query at a time from admission to its last byte (a chDB session
 * runs one stream at a time: a second query, or an abandoned stream, would break the one in flight)
 */
export function analystReads(session: ReadSession, database: string, serial: boolean, limits: QueryLimits) {
  let queue: Promise<void> = Promise.resolve();
  const turn = async (): Promise<() => void> => {
    if (!serial) return () => undefined;
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const before = queue;
    queue = before.then(() => mine);
    await before;
    return release;
  };
  // one statement (ClickHouse refuses a second one), its FORMAT clause, and what its AST says it reads
  async function admit(sql: string, opts: RunOptions): Promise<string | null> {
    const formatted = await text(session.run(`SELECT formatQuery(${literal(sql)})`, 'TabSeparatedRaw')).catch(
      (err: Error) => {
        if (/Multi-statements are not allowed/.test(err.message))
          throw new RefusedQueryError('sql: refused: one statement per query (a ; ends it)', SYNTAX_ERROR, {
            cause: err,
          });
        throw new PermanentError(err.message.replace(/: In scope SELECT formatQuery\(.*$/s, ''), { cause: err });
      },
    );
    // with the placeholders bound: the tree shows what an {x:Identifier} names
    const reach = reachOf(await text(session.run(`EXPLAIN AST ${sql}`, 'TabSeparatedRaw', { ...opts, settings: {} })));
    // one row (a UNION ALL's rows may come in either order)
    const [databases, views] = (
      JSON.parse(
        await text(
          session.run(
            'SELECT (SELECT groupArray(name) FROM system.databases), (SELECT groupArray(name) FROM system.tables WHERE database = currentDatabase())',
            'JSONCompactEachRow',
          ),
        ),
      ) as [string[], string[]]
    ).map((names) => new Set(names));
    const refused = refusal(formatted, reach, { database, databases: databases!, views: views! });
    if (refused) throw new RefusedQueryError(`sql: refused: ${refused.why}`, refused.as);
    return /^FORMAT (\w+)$/m.exec(formatted)?.[1] ?? null;
  }
  // the turn is held until the stream ends, fails or is given up (return() on the iterator: a client gone)
  async function* held(release: () => void, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    try {
      yield* chunks;
    } finally {
      release();
    }
  }
  const prepared = (sql: string, opts: ReadOptions): { single: string; run: RunOptions } => {
    const { sql: single, params } = bound(withoutSemicolon(sql), opts.params ?? {});
    return { single, run: { params, settings: tightened(opts.settings ?? {}, limits) } };
  };
  async function read(sql: string, format: string, opts: ReadOptions = {}): Promise<AnalystRead> {
    const { single, run } = prepared(sql, opts);
    const release = await turn();
    try {
      const own = await admit(single, run);
      // the query's own FORMAT clause decides how it may be streamed
      return { format: own ?? format, chunks: held(release, session.stream(single, own ?? format, run)) };
    } catch (err) {
      release();
      throw err;
    }
  }
  return {
    read,
    async text(sql: string, format: string, opts: ReadOptions = {}): Promise<string> {
      const { single, run } = prepared(sql, opts);
      const release = await turn();
      try {
        await admit(single, run);
        return await text(session.run(single, format, run));
      } finally {
        release();
      }
    },
    async *stream(sql: string, format: string, opts: ReadOptions = {}): AsyncGenerator<Uint8Array> {
      yield* (await read(sql, format, opts)).chunks;
    },
  };
}
